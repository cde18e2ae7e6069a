import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { getAddonInstance } from "pulumi-cce-addon-rollback";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";

describe(getAddonInstance.name, () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await emulator.close();
  });

  it("basic: reads status and versions with stack-config credentials, one GET, no POST", async () => {
    pulumi.runtime.setConfig("huaweicloud:accessKey", TEST_CREDENTIALS.accessKey);
    pulumi.runtime.setConfig("huaweicloud:secretKey", TEST_CREDENTIALS.secretKey);
    pulumi.runtime.setConfig("huaweicloud:projectId", TEST_CREDENTIALS.projectId);
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

  it("not_found: names the add-on and the cluster", async () => {
    await assert.rejects(
      getAddonInstance({ clusterId: DEFAULT_SEED.clusterId, addonId: "no-such-addon", endpoint: emulator.url }),
      /404/,
    );
  });
});
