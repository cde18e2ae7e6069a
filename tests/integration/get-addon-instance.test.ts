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
});
