// What the plugin's program surface rests on, against the emulator: import (a read by <clusterId>/<addon>), the
// first trigger after an import adopted without a rollback, getAddonInstance with the provider's settings, and the
// provider's settings checked and compared.
import assert from "node:assert/strict";
import { PLUGIN_DOOR } from "../../provider/connection/front-doors";
import { changedSettings, checkProviderConfig } from "../../provider/native/provider-config";
import { diffInputs } from "../../provider/rollback/diff";
import { RollbackProviderImplementation } from "../../provider/rollback/provider";
import { makeRuntime } from "../../provider/runtime";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { EMULATOR_ENV } from "../support/test-env";

type Props = Record<string, unknown>;
const CLUSTER = DEFAULT_SEED.clusterId;

describe("the plugin's program surface: import, getAddonInstance, provider settings", function () {
  let emulator: Emulator;
  let provider: RollbackProviderImplementation;
  const lines: string[] = [];

  beforeEach(async () => {
    // A rollback done in the console: running at 1.28.4, the version it left kept as the previous one.
    emulator = await startEmulator({
      seed: [{ ...DEFAULT_SEED, currentVersion: "1.28.4", previousVersion: "1.28.6", isRollbackable: false }],
    });
    provider = new RollbackProviderImplementation({
      env: { ...EMULATOR_ENV },
      door: PLUGIN_DOOR,
      runtime: makeRuntime({ log: (line) => lines.push(line) }),
    });
    await provider.configure({
      config: { get: (key) => (key === "cce-autopilot:endpoint" ? emulator.url : undefined) },
    });
  });

  afterEach(async () => {
    await provider.close();
    await emulator.close();
  });

  it("import by <clusterId>/<addonId> and by <clusterId>/<name>: one list request each, no rollback, a record of its own", async () => {
    for (const addon of [DEFAULT_SEED.id, "coredns"]) {
      const before = emulator.requests.length;
      const result = await provider.read(`${CLUSTER}/${addon}`, {});
      assert.equal(emulator.requests.length, before + 1, "one request");
      assert.match(result.id, /^rollback-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
      assert.deepEqual(result.inputs, { clusterId: CLUSTER, addonId: DEFAULT_SEED.id, timeoutSeconds: 1800 });
      assert.equal(result.props.outcome, "imported");
      assert.equal(result.props.fromVersion, "1.28.6");
      assert.equal(result.props.toVersion, "1.28.4");
      assert.equal(result.props.status, "running");
      assert.equal(result.props.startedAt, undefined, "when it was requested is not known");
    }
    assert.equal(emulator.count({ method: "POST" }), 0);
  });

  it("import of an add-on that is not there lists the cluster's add-ons; a record ID without state says how to import", async () => {
    await assert.rejects(provider.read(`${CLUSTER}/nope`, {}), /no add-on named "nope" .*coredns/);
    await assert.rejects(
      provider.read("rollback-20261130T000000Z-abcdef", {}),
      /no recorded state to read it by\. To import .* <clusterId>\/<addonId> or <clusterId>\/<add-on name>/,
    );
  });

  it("the first trigger after an import is adopted (an update, no rollback); a later change replaces", async () => {
    const { props } = await provider.read(`${CLUSTER}/coredns`, {});
    const withTrigger = { ...props, trigger: "INC-1" };
    const first = diffInputs(props, withTrigger);
    assert.deepEqual([first.changes, first.replaces], [true, []], "adopted: recorded by an update");
    const { outs } = await provider.update("rollback-x", props, {
      clusterId: CLUSTER,
      addonId: DEFAULT_SEED.id,
      trigger: "INC-1",
      timeoutSeconds: 1800,
    });
    assert.equal(outs.trigger, "INC-1");
    assert.deepEqual(diffInputs(outs, { ...outs, trigger: "INC-2" }).replaces, ["trigger"]);
    assert.deepEqual(
      diffInputs({ ...props, outcome: "rolled-back" }, withTrigger).replaces,
      ["trigger"],
      "only an import adopts",
    );
    assert.equal(emulator.count({ method: "POST" }), 0);
  });

  it("getAddonInstance: one read with the provider's settings; arguments given wrong are refused naming them", async () => {
    const addon = await provider.getAddonInstance({ clusterId: CLUSTER, addonName: "coredns" });
    assert.equal(addon.id, DEFAULT_SEED.id);
    assert.equal(addon.currentVersion, "1.28.4");
    assert.equal(emulator.requests.length, 1);
    await assert.rejects(
      provider.getAddonInstance({ clusterId: CLUSTER }),
      /give exactly one of addonId and addonName/,
    );
    await assert.rejects(provider.getAddonInstance({ addonName: "coredns" }), /clusterId is required/);
    await assert.rejects(
      provider.getAddonInstance({ clusterId: CLUSTER, addonName: "coredns", timeoutSeconds: -1 }),
      /timeoutSeconds must be a positive number of seconds; got -1/,
    );
    assert.equal(emulator.requests.length, 1, "refused before any request");
  });

  it("provider settings: each wrong one fails naming it, with no secret in the reason; absent credentials pass", () => {
    const cases: [Props, string, RegExp][] = [
      [{ endpoint: "ftp://cce.example" }, "endpoint", /https:\/\//],
      [{ region: "North 4" }, "region", /region/],
      [{ accessKey: "AK-only" }, "accessKey", /secretKey/],
      [{ accessKey: 42 }, "accessKey", /must be a string/],
    ];
    for (const [settings, property, reason] of cases) {
      const failures = checkProviderConfig(settings, {});
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0]!.property, property);
      assert.match(failures[0]!.reason, reason);
    }
    assert.deepEqual(checkProviderConfig({ region: "cn-north-4", version: "0.1.0" }, {}), []);
    // No credentials at all: the environment may give them, and a preview needs none.
    assert.deepEqual(checkProviderConfig({ endpoint: "https://cce.example" }, {}), []);
    // A proxy setting of the environment is not the provider's to refuse (a resource's check names it).
    assert.deepEqual(checkProviderConfig({ region: "cn-north-4" }, { HTTPS_PROXY: "not a url" }), []);
    // Given twice, with and without the prefix: named.
    const twice = checkProviderConfig({ region: "cn-north-4", "cce-autopilot:region": "cn-south-1" }, {});
    assert.deepEqual(
      twice.map((f) => f.property),
      ["region"],
    );
    const leaky = checkProviderConfig(
      { accessKey: "AK", secretKey: TEST_CREDENTIALS.secretKey, endpoint: "ftp://x" },
      {},
    );
    assert.ok(!JSON.stringify(leaky).includes(TEST_CREDENTIALS.secretKey));
  });

  it("provider settings compared: only the ones that differ, absent equal to null", () => {
    assert.deepEqual(changedSettings({ accessKey: "a", region: "r" }, { accessKey: "b", region: "r" }), ["accessKey"]);
    assert.deepEqual(changedSettings({ token: null }, {}), []);
    assert.deepEqual(changedSettings({}, { endpoint: "https://x" }), ["endpoint"]);
  });
});
