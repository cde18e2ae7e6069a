import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { getAddonInstance } from "pulumi-cce-addon-rollback";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";

describe(getAddonInstance.name, () => {
  let emulator: Emulator;

  let savedConfig: Record<string, string>;

  // Every test reads with stack-config credentials: set here for each, so that no test depends on another's.
  before(async () => {
    emulator = await startEmulator();
    savedConfig = pulumi.runtime.allConfig();
  });
  beforeEach(() => {
    emulator.clearLog();
    emulator.clearFaults();
    pulumi.runtime.setAllConfig({
      "huaweicloud:accessKey": TEST_CREDENTIALS.accessKey,
      "huaweicloud:secretKey": TEST_CREDENTIALS.secretKey,
      "huaweicloud:projectId": TEST_CREDENTIALS.projectId,
    });
  });
  after(async () => {
    pulumi.runtime.setAllConfig(savedConfig);
    await emulator.close();
  });

  it("basic: reads status and versions with stack-config credentials, one GET, no POST", async () => {
    const addon = await getAddonInstance({
      clusterId: DEFAULT_SEED.clusterId,
      addonId: DEFAULT_SEED.id,
      endpoint: emulator.url,
    });
    assert.equal(addon.name, "coredns");
    assert.equal(addon.status, "running");
    assert.equal(addon.currentVersion, "1.28.6");
    assert.equal(addon.previousVersion, "1.28.4");
    assert.equal(addon.isRollbackable, true);
    assert.deepEqual(
      emulator.requests.map((r) => [r.method, r.auth, r.projectId]),
      [["GET", "aksk", TEST_CREDENTIALS.projectId]],
    );
  });

  it("by name: one list request finds the add-on by its template name", async () => {
    const addon = await getAddonInstance({
      clusterId: DEFAULT_SEED.clusterId,
      addonName: "coredns",
      endpoint: emulator.url,
    });
    assert.equal(addon.id, DEFAULT_SEED.id);
    assert.equal(addon.currentVersion, "1.28.6");
    assert.deepEqual(
      emulator.requests.map((r) => [r.method, r.path, r.query]),
      [["GET", "/autopilot/v3/addons", { cluster_id: DEFAULT_SEED.clusterId }]],
    );
  });

  it("by name: an unknown name lists the cluster's add-ons", async () => {
    await assert.rejects(
      getAddonInstance({ clusterId: DEFAULT_SEED.clusterId, addonName: "kube-proxy", endpoint: emulator.url }),
      /no add-on named "kube-proxy" in cluster c0ffee00-cluster-1: it has coredns \(ID 7a8b9c0d-coredns\)/,
    );
  });

  it("by name or by ID, not both and not neither", async () => {
    const base = { clusterId: DEFAULT_SEED.clusterId, endpoint: emulator.url };
    await assert.rejects(
      getAddonInstance({ ...base, addonId: DEFAULT_SEED.id, addonName: "coredns" }),
      /exactly one of addonId and addonName.*both/,
    );
    await assert.rejects(getAddonInstance(base), /exactly one of addonId and addonName.*neither/);
  });

  it("not_found: names the add-on and the cluster", async () => {
    await assert.rejects(
      getAddonInstance({ clusterId: DEFAULT_SEED.clusterId, addonId: "no-such-addon", endpoint: emulator.url }),
      /^AddonNotFoundError: add-on instance no-such-addon was not found in cluster c0ffee00-cluster-1: check addonId/,
    );
    assert.deepEqual(
      emulator.requests.map((r) => [r.method, r.status]),
      [["GET", 404]],
      "one read: a 404 is an answer, not retried",
    );
  });

  describe("timeoutSeconds", () => {
    for (const timeoutSeconds of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      it(`${timeoutSeconds} is refused with a message naming timeoutSeconds, before any request`, async () => {
        await assert.rejects(
          getAddonInstance({
            clusterId: DEFAULT_SEED.clusterId,
            addonId: DEFAULT_SEED.id,
            endpoint: emulator.url,
            timeoutSeconds,
          }),
          (err: Error) => {
            assert.ok(err instanceof RangeError, String(err));
            assert.equal(
              err.message,
              `getAddonInstance: timeoutSeconds must be a positive number of seconds; got ${timeoutSeconds}`,
            );
            return true;
          },
        );
        assert.deepEqual(emulator.requests, []);
      });
    }

    // A read the service never answers ends after about timeoutSeconds, not after the client's own budgets (30 s
    // an attempt, 120 s a request) nor the 60 s default. Real time: 1.5 s, with wide margins for a loaded machine.
    const TIMEOUT_S = 1.5;
    /** How long the test waits before it calls the read unbounded: far past the timeout, far below 30 s. */
    const GIVE_UP_MS = 12_000;
    for (const [by, args, path] of [
      ["by ID", { addonId: DEFAULT_SEED.id }, `/autopilot/v3/addons/${DEFAULT_SEED.id}`],
      ["by name", { addonName: "coredns" }, "/autopilot/v3/addons"],
    ] as const) {
      it(`a read (${by}) that is never answered ends after about timeoutSeconds, naming getAddonInstance's timeoutSeconds`, async function () {
        this.timeout(GIVE_UP_MS + 10_000);
        emulator.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "hang" } });
        const started = performance.now();
        let guard: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          getAddonInstance({
            clusterId: DEFAULT_SEED.clusterId,
            endpoint: emulator.url,
            timeoutSeconds: TIMEOUT_S,
            ...args,
          }).then(
            () => "answered" as const,
            (err: unknown) => err,
          ),
          new Promise<"still waiting">((resolve) => (guard = setTimeout(() => resolve("still waiting"), GIVE_UP_MS))),
        ]);
        clearTimeout(guard);
        const elapsedMs = performance.now() - started;

        assert.notEqual(outcome, "still waiting", `no end after ${GIVE_UP_MS} ms with timeoutSeconds ${TIMEOUT_S}`);
        assert.ok(outcome instanceof Error, `the read ${String(outcome)}`);
        assert.match(
          outcome.message,
          new RegExp(
            `^GET ${path}: getAddonInstance's timeoutSeconds \\(1\\.5 s\\) ran out after 1 attempt; ` +
              `last seen: no complete answer within \\d+ ms$`,
          ),
        );
        assert.ok(elapsedMs >= TIMEOUT_S * 1000 - 100, `ended after ${Math.round(elapsedMs)} ms, before the timeout`);
        assert.ok(elapsedMs <= TIMEOUT_S * 1000 + 6_000, `ended after ${Math.round(elapsedMs)} ms`);
        assert.deepEqual(
          emulator.requests.map((r) => [r.method, r.path, r.fault]),
          [["GET", path, "hang"]],
          "one attempt: nothing is sent that could not be answered in time",
        );
      });
    }
  });
});
