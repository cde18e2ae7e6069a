/**
 * Tests of the emulator's cluster list (ListAutopilotClusters), the add-on list's answer for an unknown cluster, and
 * the gateway rate limit: over real HTTP, with requests signed by the project's signer and the emulator's clock
 * injected (no real waiting).
 */
import assert from "node:assert/strict";
import { request } from "undici";
import { signRequest, type AkSkCredentials } from "../../provider/auth/signer";
import {
  DEFAULT_SEED,
  INSTALLED_ADDONS_ANNOTATION,
  PATH_PROJECT_MISMATCH_MESSAGE,
  PROJECT_MISMATCH_MESSAGE,
  TEST_CREDENTIALS,
  TEST_TOKEN,
  startEmulator,
  throttlingMessage,
  type AddonJson,
  type AddonSeed,
  type ClusterJson,
  type ClusterListJson,
  type Emulator,
  type EmulatorOptions,
  type InstalledAddon,
} from "../emulator";
import { CLUSTER, ID, ROLLBACK_PATH, SHOW_PATH, T0 } from "../support/default-addon";

const PROJECT = TEST_CREDENTIALS.projectId;
const CLUSTERS_PATH = `/autopilot/v3/projects/${PROJECT}/clusters`;
const ADDONS_PATH = "/autopilot/v3/addons";
const ROLLBACK_BODY = JSON.stringify({ clusterID: CLUSTER });
const CLUSTER_2 = "c0ffee00-cluster-2";
const LOG_AGENT: AddonSeed = {
  id: "8b9c0d1e-log-agent",
  clusterId: CLUSTER,
  name: "log-agent",
  currentVersion: "1.4.2",
  previousVersion: "1.4.1",
  status: "abnormal",
};
const OTHER_CLUSTER_ADDON: AddonSeed = { ...DEFAULT_SEED, id: "0d1e2f3a-coredns", clusterId: CLUSTER_2 };
const STAGING = { id: "5c1f8e2a-0000-4000-8000-000000000d01", name: "staging", phase: "Upgrading", version: "v1.29" };

/** The emulator's clock, moved by hand. */
class TestClock {
  ms = T0;
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

interface CallOptions {
  body?: string;
  /** Default `aksk`. */
  auth?: "aksk" | "token" | "none";
  token?: string;
  credentials?: AkSkCredentials;
  /** The signed `X-Project-Id`; default the test project, `null` sends none. */
  projectId?: string | null;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function json<T = Record<string, unknown>>(reply: Reply): T {
  return JSON.parse(reply.text) as T;
}

/** The `installedAddonInstances` annotation of a cluster, parsed. */
function installed(cluster: ClusterJson | undefined): InstalledAddon[] {
  const text = cluster?.metadata.annotations?.[INSTALLED_ADDONS_ANNOTATION];
  assert.equal(typeof text, "string", `no ${INSTALLED_ADDONS_ANNOTATION} annotation: ${JSON.stringify(cluster)}`);
  return JSON.parse(text ?? "") as InstalledAddon[];
}

function assertGatewayError(reply: Reply, status: number, errorCode: string, message: string): void {
  assert.equal(reply.status, status, reply.text);
  const body = json(reply);
  assert.deepEqual(Object.keys(body).sort(), ["error_code", "error_msg", "request_id"]);
  assert.equal(body["error_code"], errorCode);
  assert.equal(body["error_msg"], message);
  assert.equal(body["request_id"], reply.headers["x-request-id"]);
}

describe("CCE Autopilot emulator: clusters and rate limit", function () {
  let clock: TestClock;
  let emulator: Emulator | undefined;

  async function start(options: EmulatorOptions = {}): Promise<Emulator> {
    emulator = await startEmulator({ now: clock.now, ...options });
    return emulator;
  }

  beforeEach(function () {
    clock = new TestClock();
  });

  afterEach(async function () {
    await emulator?.close();
    emulator = undefined;
  });

  /** Sends one request, signed (by default) with the test credentials at the test clock's time. */
  async function call(emu: Emulator, method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply> {
    const body = options.body ?? "";
    const auth = options.auth ?? "aksk";
    const base: Record<string, string> = { "content-type": "application/json" };
    let headers = base;
    if (auth === "aksk") {
      const projectId = options.projectId === undefined ? PROJECT : options.projectId;
      if (projectId !== null) base["X-Project-Id"] = projectId;
      const url = new URL(pathAndQuery, emu.url);
      headers = signRequest(
        { method, url, headers: base, body },
        options.credentials ?? TEST_CREDENTIALS,
        new Date(clock.now()),
      );
    } else if (auth === "token") {
      headers = { ...base, "X-Auth-Token": options.token ?? TEST_TOKEN };
    }
    const res = await request(new URL(pathAndQuery, emu.url), {
      method: method as "GET",
      headers,
      body: body === "" ? null : body,
    });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  }

  const listClusters = async (emu: Emulator, query = "", options?: CallOptions): Promise<ClusterJson[]> => {
    const reply = await call(emu, "GET", CLUSTERS_PATH + query, options);
    assert.equal(reply.status, 200, reply.text);
    const body = json<ClusterListJson>(reply);
    assert.equal(body.kind, "List");
    assert.equal(body.apiVersion, "v3");
    return body.items;
  };
  const names = (items: ClusterJson[]): string[] => items.map((c) => c.metadata.name);
  const rollback = (emu: Emulator, options?: CallOptions): Promise<Reply> =>
    call(emu, "POST", ROLLBACK_PATH, { body: ROLLBACK_BODY, ...options });

  describe("cluster list", function () {
    it("without detail: the listed clusters, then one per add-on cluster, shaped as the GO model, no annotations", async function () {
      const emu = await start({ clusters: [STAGING], seed: [DEFAULT_SEED, LOG_AGENT, OTHER_CLUSTER_ADDON] });
      const items = await listClusters(emu);
      assert.deepEqual(names(items), ["staging", `cluster-${CLUSTER}`, `cluster-${CLUSTER_2}`]);
      assert.deepEqual(items[0], {
        kind: "Cluster",
        apiVersion: "v3",
        metadata: {
          name: "staging",
          uid: STAGING.id,
          alias: "staging",
          creationTimestamp: "2024-07-18T03:03:17Z",
          updateTimestamp: "2024-07-18T03:03:17Z",
        },
        spec: {
          category: "Turbo",
          type: "VirtualMachine",
          flavor: "cce.autopilot.cluster",
          version: "v1.29",
          hostNetwork: { vpc: "00000000-0000-4000-8000-00000000e0c1", subnet: "00000000-0000-4000-8000-00000000e0c2" },
          containerNetwork: { mode: "eni" },
        },
        status: { phase: "Upgrading" },
      });
      assert.deepEqual(
        items.slice(1).map((c) => [c.metadata.uid, c.status.phase, c.spec.version]),
        [
          [CLUSTER, "Available", "v1.28"],
          [CLUSTER_2, "Available", "v1.28"],
        ],
      );
      for (const query of ["", "?detail=false", "?detail=1", "?detail=TRUE"]) {
        const plain = await listClusters(emu, query);
        assert.ok(
          plain.every((c) => !("annotations" in c.metadata)),
          `${query}: only detail=true adds annotations`,
        );
      }
    });

    it("detail=true: installedAddonInstances is the JSON text of each add-on's template name, version and status", async function () {
      const emu = await start({ clusters: [STAGING], seed: [DEFAULT_SEED, LOG_AGENT, OTHER_CLUSTER_ADDON] });
      const [staging, first, second] = await listClusters(emu, "?detail=true");
      assert.deepEqual(Object.keys(first?.metadata.annotations ?? {}), [INSTALLED_ADDONS_ANNOTATION]);
      assert.deepEqual(installed(first), [
        { addonTemplateName: "coredns", version: "1.28.6", status: "running" },
        { addonTemplateName: "log-agent", version: "1.4.2", status: "abnormal" },
      ]);
      assert.deepEqual(installed(second), [{ addonTemplateName: "coredns", version: "1.28.6", status: "running" }]);
      assert.deepEqual(installed(staging), [], "a cluster without add-ons has an empty list");
      assert.deepEqual(emu.cluster(CLUSTER), first, "Emulator.cluster shows what detail=true shows");
    });

    it("detail=true follows a rollback: rollbacking at the target at once, running after it, never a stale read", async function () {
      // Stale reads make Show lag behind; the annotation must not.
      const emu = await start({ seed: [DEFAULT_SEED], staleReadMs: 10_000 });
      assert.equal((await rollback(emu)).status, 200);
      const stale = await call(emu, "GET", SHOW_PATH);
      assert.equal(json<AddonJson>(stale).status.status, "running", "Show still serves the stale state");

      const [during] = await listClusters(emu, "?detail=true");
      assert.deepEqual(installed(during), [{ addonTemplateName: "coredns", version: "1.28.4", status: "rollbacking" }]);
      clock.advance(2000);
      const [after] = await listClusters(emu, "?detail=true");
      assert.deepEqual(installed(after), [{ addonTemplateName: "coredns", version: "1.28.4", status: "running" }]);
      emu.patchAddon(ID, { status: "abnormal" });
      assert.deepEqual(installed(emu.cluster(CLUSTER)), [
        { addonTemplateName: "coredns", version: "1.28.4", status: "abnormal" },
      ]);
    });

    it("filters: status, version and type keep exact matches; errorStatus and empty values filter nothing", async function () {
      const emu = await start({
        clusters: [STAGING, { id: "prod-1", name: "prod", version: "v1.29" }],
        seed: [DEFAULT_SEED],
      });
      assert.deepEqual(names(await listClusters(emu, "?status=Available")), ["prod", `cluster-${CLUSTER}`]);
      assert.deepEqual(names(await listClusters(emu, "?status=Upgrading")), ["staging"]);
      assert.deepEqual(names(await listClusters(emu, "?status=Deleting")), []);
      assert.deepEqual(names(await listClusters(emu, "?version=v1.29")), ["staging", "prod"]);
      assert.deepEqual(names(await listClusters(emu, "?version=v1.2")), [], "no prefix match");
      assert.deepEqual(names(await listClusters(emu, "?version=v1.29&status=Available")), ["prod"]);
      assert.deepEqual(names(await listClusters(emu, "?type=VirtualMachine")).length, 3);
      assert.deepEqual(names(await listClusters(emu, "?type=ARM64")), []);
      assert.deepEqual(names(await listClusters(emu, "?errorStatus=true&status=&version=")).length, 3);
    });

    it("project: another account's project in the path, or one that differs from X-Project-Id, is 401 APIG.0301", async function () {
      const open = { accessKey: "OPENKEY", secretKey: "open-secret" };
      const scoped = { ...TEST_CREDENTIALS, projectIds: [PROJECT] };
      const emu = await start({ credentials: [scoped, open] });
      const other = "fedcba9876543210fedcba9876543210";
      const otherPath = `/autopilot/v3/projects/${other}/clusters`;

      // The key's account does not own the project, with or without X-Project-Id.
      for (const projectId of [null, PROJECT]) {
        assertGatewayError(
          await call(emu, "GET", otherPath, { projectId }),
          401,
          "APIG.0301",
          PROJECT_MISMATCH_MESSAGE,
        );
        assert.equal(emu.requests.at(-1)?.auth, "rejected");
        assert.equal(
          emu.requests.at(-1)?.authError,
          "the path's project_id is not a project of the access key's account",
        );
      }
      // A key of any project: the path must still be the project the request was signed for.
      assertGatewayError(
        await call(emu, "GET", otherPath, { credentials: open, projectId: PROJECT }),
        401,
        "APIG.0301",
        PATH_PROJECT_MISMATCH_MESSAGE,
      );
      assert.equal((await listClusters(emu, "", { credentials: open, projectId: null })).length, 1);
      assert.equal((await call(emu, "GET", otherPath, { credentials: open, projectId: other })).status, 200);
      // The key's own project, with or without X-Project-Id; a token (no project scope in the emulator).
      assert.equal((await listClusters(emu, "", { projectId: null })).length, 1);
      assert.equal((await listClusters(emu)).length, 1);
      assert.equal((await listClusters(emu, "", { auth: "token" })).length, 1);
      // Unauthenticated and other methods, as every API.
      assertGatewayError(
        await call(emu, "GET", CLUSTERS_PATH, { auth: "none" }),
        401,
        "APIG.0301",
        "Incorrect IAM authentication information: verify aksk signature fail",
      );
      const post = await call(emu, "POST", CLUSTERS_PATH, { body: "{}" });
      assert.equal(post.status, 404, post.text);
      assert.equal(json(post)["error_code"], "APIG.0101");
    });

    it("addCluster: listed at once; refuses an invalid seed or a taken ID (an add-on's cluster included)", async function () {
      const emu = await start();
      emu.addCluster({ id: "c-new", name: "newcomer", phase: "Creating" });
      assert.deepEqual(names(await listClusters(emu)), [`cluster-${CLUSTER}`, "newcomer"]);
      assert.equal(emu.cluster("c-new")?.status.phase, "Creating");
      assert.throws(
        () => emu.addCluster({ id: CLUSTER, name: "again" }),
        new RegExp(`cluster ${CLUSTER} already exists`),
      );
      assert.throws(() => emu.addCluster({ id: "c-new", name: "again" }), /already exists/);
      assert.throws(() => emu.addCluster({ id: "c-x", name: "" }), /invalid cluster seed[\s\S]*name/);
      assert.throws(() => emu.addCluster({ id: "c-y", name: "y", version: "" }), /version/);
      await assert.rejects(startEmulator({ clusters: [{ id: "", name: "z" }] }), /invalid cluster seed[\s\S]*id/);
      // An add-on of a listed cluster does not make another one.
      emu.addAddon({ ...DEFAULT_SEED, id: "in-new", clusterId: "c-new" });
      assert.deepEqual(names(await listClusters(emu)), [`cluster-${CLUSTER}`, "newcomer"]);
    });

    it("control API: POST and GET /__emulator/clusters", async function () {
      const emu = await start();
      const control = async (method: string, body?: unknown): Promise<Reply> => {
        const res = await request(`${emu.url}/__emulator/clusters`, {
          method: method as "GET",
          body: body === undefined ? null : JSON.stringify(body),
        });
        return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
      };
      const added = await control("POST", STAGING);
      assert.equal(added.status, 201, added.text);
      assert.equal(json<ClusterJson>(added).metadata.name, "staging");
      assert.deepEqual(installed(json<ClusterJson>(added)), []);
      const batch = await control("POST", [
        { id: "b1", name: "one" },
        { id: "b2", name: "two" },
      ]);
      assert.equal(batch.status, 201, batch.text);
      assert.equal((await control("POST", STAGING)).status, 409);
      assert.equal(
        (
          await control("POST", [
            { id: "b3", name: "x" },
            { id: "b3", name: "y" },
          ])
        ).status,
        409,
      );
      assert.equal((await control("POST", { id: "b4" })).status, 400);
      const all = json<ClusterJson[]>(await control("GET"));
      assert.deepEqual(names(all), [`cluster-${CLUSTER}`, "staging", "one", "two"]);
      assert.equal(installed(all[0])[0]?.addonTemplateName, "coredns");
      assert.equal(emu.requests.length, 0, "control requests are not logged");
    });
  });

  describe("add-on list and clusters", function () {
    it("an unknown cluster is 404 CCE.03404001 naming it; a known cluster without add-ons is an empty list", async function () {
      const emu = await start({ clusters: [STAGING] });
      const unknown = await call(emu, "GET", `${ADDONS_PATH}?cluster_id=nope`);
      assert.equal(unknown.status, 404, unknown.text);
      const body = json(unknown);
      assert.equal(body["kind"], "Status");
      assert.equal(body["code"], 404);
      assert.equal(body["errorCode"], "CCE.03404001");
      assert.equal(body["message"], "cluster nope not found");

      const empty = await call(emu, "GET", `${ADDONS_PATH}?cluster_id=${STAGING.id}`);
      assert.equal(empty.status, 200, empty.text);
      assert.deepEqual(json(empty)["items"], []);
      // A cluster outlives its add-ons.
      emu.removeAddon(ID);
      const emptied = await call(emu, "GET", `${ADDONS_PATH}?cluster_id=${CLUSTER}`);
      assert.equal(emptied.status, 200, emptied.text);
      assert.deepEqual(json(emptied)["items"], []);
    });
  });

  describe("rate limit", function () {
    const LIMITED: EmulatorOptions = { rateLimit: { requestsPerSecond: 5 } };

    it("5 a second: of 8 requests at one instant 5 pass and 3 get 429 APIG.0308 limit:5; a second later 5 more pass", async function () {
      const emu = await start(LIMITED);
      const burst = await Promise.all(Array.from({ length: 8 }, () => call(emu, "GET", SHOW_PATH)));
      assert.deepEqual(burst.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 429, 429, 429]);
      const message = "The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 second";
      assert.equal(throttlingMessage(5), message);
      for (const reply of burst.filter((r) => r.status === 429)) {
        assertGatewayError(reply, 429, "APIG.0308", message);
        assert.equal(reply.headers["retry-after"], undefined, "the gateway promises no Retry-After");
      }
      const throttled = emu.requests.filter((r) => r.status === 429);
      assert.equal(throttled.length, 3);
      assert.ok(throttled.every((r) => r.fault === "throttled" && r.auth === "aksk"));

      clock.advance(1000);
      const next = [];
      for (let i = 0; i < 6; i++) next.push((await call(emu, "GET", SHOW_PATH)).status);
      assert.deepEqual(next, [200, 200, 200, 200, 200, 429]);
    });

    it("refills continuously: 200 ms at 5 a second is one more request, not a wait for the next second", async function () {
      const emu = await start(LIMITED);
      for (let i = 0; i < 5; i++) assert.equal((await call(emu, "GET", SHOW_PATH)).status, 200);
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 429);
      clock.advance(199);
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 429, "199 ms: less than one token");
      clock.advance(1);
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 200);
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 429);
      clock.advance(60_000);
      const after = [];
      for (let i = 0; i < 6; i++) after.push((await call(emu, "GET", SHOW_PATH)).status);
      assert.deepEqual(after, [200, 200, 200, 200, 200, 429], "a long pause fills the bucket up to burst, no more");
    });

    it("burst: a bucket of 2 at 10 a second lets 2 through at once, then one per 100 ms", async function () {
      const emu = await start({ rateLimit: { requestsPerSecond: 10, burst: 2 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(emu, "GET", SHOW_PATH)).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      assertGatewayError(
        await call(emu, "GET", SHOW_PATH),
        429,
        "APIG.0308",
        "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second",
      );
      clock.advance(100);
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 200);
    });

    it("per caller: two access keys and a token have separate buckets", async function () {
      const second = { accessKey: "SECONDKEY", secretKey: "second-secret" };
      const emu = await start({
        ...LIMITED,
        credentials: [TEST_CREDENTIALS, second],
        tokens: [TEST_TOKEN, "another-token"],
      });
      const run = async (options: CallOptions): Promise<number[]> => {
        const statuses = [];
        for (let i = 0; i < 6; i++) statuses.push((await call(emu, "GET", SHOW_PATH, options)).status);
        return statuses;
      };
      const expected = [200, 200, 200, 200, 200, 429];
      assert.deepEqual(await run({}), expected);
      assert.deepEqual(await run({ credentials: second }), expected, "the second key has its own bucket");
      assert.deepEqual(await run({ auth: "token" }), expected, "a token has its own bucket");
      assert.deepEqual(await run({ auth: "token", token: "another-token" }), expected, "and so has each token");
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 429, "the first key is still empty");
    });

    it("a throttled rollback POST changes nothing and uses up no fault rule; refused authentication takes no token", async function () {
      const emu = await start({ rateLimit: { requestsPerSecond: 1 } });
      // Requests that fail authentication are refused before the bucket, even with the key's id: they take nothing.
      const wrongSecret = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: "wrong-secret" };
      for (let i = 0; i < 3; i++) {
        assert.equal((await call(emu, "GET", SHOW_PATH, { credentials: wrongSecret })).status, 401);
        assert.equal((await call(emu, "GET", SHOW_PATH, { auth: "none" })).status, 401);
      }
      assert.equal((await call(emu, "GET", SHOW_PATH)).status, 200, "the one token is still there");
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "status", status: 503 } });
      const before = emu.addon(ID);

      const throttled = await rollback(emu);
      assertGatewayError(throttled, 429, "APIG.0308", throttlingMessage(1));
      assert.deepEqual(emu.addon(ID), before, "the rollback was not processed");
      assert.equal(emu.addon(ID)?.status.status, "running");
      const entry = emu.requests.at(-1);
      assert.equal(entry?.method, "POST");
      assert.equal(entry?.status, 429);
      assert.equal(entry?.fault, "throttled");

      clock.advance(1000);
      const faulted = await rollback(emu);
      assert.equal(faulted.status, 503, "the fault rule waited for a request that got through the gateway");
      assert.equal(emu.addon(ID)?.status.status, "running");
      clock.advance(1000);
      assert.equal((await rollback(emu)).status, 200, "the next token, no rule left: accepted");
      assert.equal(emu.addon(ID)?.status.status, "rollbacking");
    });

    it("the cluster list is throttled like any API, after its project check", async function () {
      const emu = await start({ rateLimit: { requestsPerSecond: 1 } });
      const other = "/autopilot/v3/projects/fedcba9876543210fedcba9876543210/clusters";
      assert.equal((await call(emu, "GET", other)).status, 401, "refused authentication takes no token");
      assert.equal((await call(emu, "GET", CLUSTERS_PATH)).status, 200);
      assert.equal((await call(emu, "GET", CLUSTERS_PATH)).status, 429);
    });

    it("options: an invalid limit is refused naming the field", async function () {
      await assert.rejects(startEmulator({ rateLimit: { requestsPerSecond: 0 } }), /rateLimit[\s\S]*requestsPerSecond/);
      await assert.rejects(startEmulator({ rateLimit: { requestsPerSecond: 5, burst: 0.5 } }), /rateLimit[\s\S]*burst/);
    });
  });
});
