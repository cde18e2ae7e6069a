/**
 * Add-ons addressed by name: resolution through the list endpoint, what create records, what refresh keeps, and
 * the errors for no match and several matches. Real HTTP against the emulator, signed requests.
 */
import assert from "node:assert/strict";
import { request } from "undici";
import { resolveConnection } from "../../provider/connection/resolve";
import { signRequest } from "../../provider/auth/signer";
import { CceAutopilotClient } from "../../provider/client/client";
import { RollbackProviderImplementation } from "../../provider/rollback/provider";
import { DEFAULT_SEED, TEST_CREDENTIALS, startEmulator, type AddonSeed, type Emulator } from "../emulator";
import { EMULATOR_ENV } from "../support/test-env";
import { makeRuntime } from "../../provider/runtime";

const CLUSTER = DEFAULT_SEED.clusterId;
const ENV = EMULATOR_ENV;
const LOG_AGENT: AddonSeed = {
  id: "8b9c0d1e-log-agent",
  clusterId: CLUSTER,
  name: "log-agent",
  alias: "logs",
  currentVersion: "1.4.2",
  previousVersion: "1.4.1",
};
const FLUENT: AddonSeed = { ...LOG_AGENT, id: "9c0d1e2f-fluent-bit", name: "fluent-bit", alias: "logs" };
const OTHER_CLUSTER: AddonSeed = { ...DEFAULT_SEED, id: "0d1e2f3a-coredns", clusterId: "c0ffee00-cluster-2" };

describe("add-ons by name", function () {
  let emulator: Emulator;
  let provider: RollbackProviderImplementation;
  let lines: string[];

  beforeEach(async function () {
    emulator = await startEmulator({
      seed: [{ ...DEFAULT_SEED, rollbackDurationMs: 200 }, LOG_AGENT, FLUENT, OTHER_CLUSTER],
    });
    lines = [];
    provider = new RollbackProviderImplementation({
      env: { ...ENV },
      runtime: makeRuntime({ log: (line) => lines.push(line) }),
      schedule: { minDelayMs: 20, maxDelayMs: 200 },
    });
  });

  afterEach(async function () {
    await provider.close();
    await emulator.close();
  });

  async function create(props: Record<string, unknown>) {
    const checked = await provider.check({}, { clusterId: CLUSTER, endpoint: emulator.url, ...props });
    assert.deepEqual(checked.failures, []);
    return provider.create(checked.inputs);
  }

  it("emulator: the list is signed, needs cluster_id, and holds only that cluster's add-ons", async function () {
    const missing = await request(`${emulator.url}/autopilot/v3/addons`);
    assert.equal(missing.statusCode, 401, "authentication comes before validation, as at the gateway");
    await missing.body.text();
    const unsigned = await request(`${emulator.url}/autopilot/v3/addons?cluster_id=${CLUSTER}`);
    assert.equal(unsigned.statusCode, 401);
    await unsigned.body.text();
    const client = new CceAutopilotClient({
      connection: resolveConnection({ endpoint: emulator.url }, () => undefined, ENV),
    });
    try {
      const addons = await client.listAddonInstances(CLUSTER);
      assert.deepEqual(
        addons.map((a) => [a.id, a.templateName, a.alias]).sort(),
        [
          [DEFAULT_SEED.id, "coredns", "coredns"],
          [LOG_AGENT.id, "log-agent", "logs"],
          [FLUENT.id, "fluent-bit", "logs"],
        ].sort(),
      );
    } finally {
      await client.close();
    }
  });

  it("emulator: cluster_id is required (400), addon_template_name filters by template name, name or alias", async function () {
    const get = async (query: string) => {
      const url = new URL(`${emulator.url}/autopilot/v3/addons${query}`);
      const headers = signRequest(
        { method: "GET", url, headers: { host: url.host, "content-type": "application/json" }, body: "" },
        { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey },
        new Date(),
      );
      const res = await request(url, { headers });
      const body = (await res.body.json()) as { items?: { metadata: { uid: string } }[]; message?: string };
      return { status: res.statusCode, ids: body.items?.map((i) => i.metadata.uid).sort(), body };
    };
    const missing = await get("");
    assert.equal(missing.status, 400);
    assert.match(missing.body.message ?? "", /cluster_id is required/);
    assert.deepEqual(
      (await get(`?cluster_id=${CLUSTER}&addon_template_name=logs`)).ids,
      [FLUENT.id, LOG_AGENT.id].sort(),
    );
    assert.deepEqual((await get(`?cluster_id=${CLUSTER}&addon_template_name=coredns`)).ids, [DEFAULT_SEED.id]);
    assert.deepEqual((await get(`?cluster_id=c0ffee00-cluster-2`)).ids, [OTHER_CLUSTER.id]);
  });

  it("create: finds coredns by name with one list request, rolls it back once, records the ID and the name", async function () {
    const { outs } = await create({ addonName: "coredns" });

    assert.equal(outs.addonId, DEFAULT_SEED.id);
    assert.equal(outs.addonName, "coredns");
    assert.equal(outs.toVersion, "1.28.4");
    assert.equal(emulator.count({ method: "POST" }), 1);
    const lists = emulator.requests.filter((r) => r.path === "/autopilot/v3/addons");
    assert.deepEqual(
      lists.map((r) => r.query),
      [{ cluster_id: CLUSTER }],
    );
    assert.ok(
      lines.some(
        (l) =>
          l ===
          `CCE Autopilot add-on "coredns" in cluster ${CLUSTER} is coredns (ID ${DEFAULT_SEED.id}, running at 1.28.6)`,
      ),
      lines.join("\n"),
    );
  });

  it("create by alias: the recorded addonName is the alias, and refresh keeps it", async function () {
    const log = { ...LOG_AGENT, alias: "collector" };
    emulator.removeAddon(LOG_AGENT.id);
    emulator.addAddon({ ...log, rollbackDurationMs: 200 });
    const { id, outs } = await create({ addonName: "collector" });
    assert.equal(outs.addonId, LOG_AGENT.id);
    assert.equal(outs.addonName, "collector");
    const { props } = await provider.read(id, { ...outs });
    assert.equal(props.addonName, "collector", "still one of the add-on's names: kept, so diff sees no change");
    assert.equal(props.addonId, LOG_AGENT.id);
  });

  it("no match: an error naming the cluster and listing its add-ons with their IDs; nothing sent", async function () {
    await assert.rejects(create({ addonName: "kube-proxy" }), (err: Error) => {
      assert.match(err.message, new RegExp(`no add-on named "kube-proxy" in cluster ${CLUSTER}: it has `));
      for (const seed of [DEFAULT_SEED, LOG_AGENT, FLUENT])
        assert.ok(err.message.includes(`(ID ${seed.id})`), err.message);
      assert.ok(!err.message.includes(OTHER_CLUSTER.id), "only that cluster's add-ons");
      assert.match(err.message, /give addonId/);
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 0);
  });

  it("several matches: an error listing them with their IDs and asking for addonId; nothing sent", async function () {
    await assert.rejects(create({ addonName: "logs" }), (err: Error) => {
      assert.match(err.message, new RegExp(`several add-ons in cluster ${CLUSTER} answer to "logs": `));
      assert.ok(err.message.includes(`log-agent / logs (ID ${LOG_AGENT.id})`), err.message);
      assert.ok(err.message.includes(`fluent-bit / logs (ID ${FLUENT.id})`), err.message);
      assert.match(err.message, /Give addonId to choose one/);
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 0);
  });

  it("switching from addonId to the recorded addonName is not a change; another name is", async function () {
    const { outs } = await create({ addonId: DEFAULT_SEED.id });
    const byName = (await provider.check(outs, { ...pickInputs(outs), addonName: outs.addonName })).inputs;
    assert.deepEqual(await provider.diff("id", outs, byName), {
      changes: false,
      changed: [],
      replaces: [],
      deleteBeforeReplace: false,
    });
    const other = (await provider.check(outs, { ...pickInputs(outs), addonName: "log-agent" })).inputs;
    assert.deepEqual((await provider.diff("id", outs, other)).replaces, ["addonName"]);
  });
});

function pickInputs(outs: Record<string, unknown>): Record<string, unknown> {
  const { clusterId, endpoint, trigger } = outs;
  return { clusterId, endpoint, ...(trigger === undefined ? {} : { trigger }) };
}
