/**
 * listAddonInstances against the emulator, through the provider implementation both front doors use: what it reads
 * (one cluster list, then one add-on list per cluster that may have the add-on), what it returns, and its errors.
 */
import assert from "node:assert/strict";
import { RollbackProviderImplementation } from "../../provider/rollback/provider";
import { makeRuntime } from "../../provider/runtime";
import { type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";

describe("listAddonInstances (the provider implementation)", function () {
  let emulator: Emulator;
  const providers: RollbackProviderImplementation[] = [];

  before(async () => {
    emulator = await startEmulator({
      clusters: [{ id: "c-sleeping", name: "sleeping", phase: "Hibernation" }],
      seed: [
        { id: "a-dns", clusterId: "c-a", name: "coredns", currentVersion: "1.28.6", previousVersion: "1.28.4" },
        { id: "a-log", clusterId: "c-a", name: "log-agent", currentVersion: "1.5.2", previousVersion: "1.5.1" },
        { id: "b-dns", clusterId: "c-b", name: "coredns", currentVersion: "1.28.4" },
        { id: "c-log", clusterId: "c-c", name: "log-agent", currentVersion: "1.5.2", previousVersion: "1.5.1" },
      ],
    });
  });
  after(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await emulator.close();
  });
  beforeEach(() => emulator.clearLog());

  function provider(env: Record<string, string> = { HW_PROJECT_ID: TEST_CREDENTIALS.projectId }) {
    const p = new RollbackProviderImplementation({
      env: { HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey, HW_SECRET_KEY: TEST_CREDENTIALS.secretKey, ...env },
      runtime: makeRuntime(),
    });
    providers.push(p);
    return p;
  }
  const paths = () => emulator.requests.map((r) => `${r.path}${r.query.cluster_id ? `?${r.query.cluster_id}` : ""}`);

  it("finds coredns at 1.28.6: one cluster list, then only the clusters whose annotation may have it", async () => {
    const found = await provider().listAddonInstances({
      addonName: "coredns",
      versions: ["1.28.6"],
      endpoint: emulator.url,
    });
    assert.deepEqual(found.instances, [
      {
        clusterId: "c-a",
        clusterName: "cluster-c-a",
        addonId: "a-dns",
        addonName: "coredns",
        status: "running",
        currentVersion: "1.28.6",
        previousVersion: "1.28.4",
        isRollbackable: true,
      },
    ]);
    assert.equal(found.clustersRead, 1);
    assert.deepEqual(found.skippedClusters, ["sleeping (c-sleeping): Hibernation"]);
    assert.deepEqual(paths(), [
      `/autopilot/v3/projects/${TEST_CREDENTIALS.projectId}/clusters`,
      "/autopilot/v3/addons?c-a",
    ]);
    assert.equal(emulator.requests[0]?.query.detail, "true");
  });

  it("without a version filter, every cluster with the add-on is read, and statuses filter", async () => {
    const all = await provider().listAddonInstances({ addonName: "log-agent", endpoint: emulator.url });
    assert.deepEqual(
      all.instances.map((a) => a.addonId),
      ["a-log", "c-log"],
    );
    assert.equal(all.clustersRead, 2);
    const none = await provider().listAddonInstances({
      addonName: "log-agent",
      statuses: ["abnormal"],
      endpoint: emulator.url,
    });
    assert.deepEqual(none.instances, []);
  });

  it("without a project ID: refused before any request, naming the setting to set", async () => {
    await assert.rejects(
      provider({}).listAddonInstances({ addonName: "coredns", endpoint: emulator.url }),
      /No project ID: the cluster list is per project\. Give projectId, or pulumi config set huaweicloud:projectId <project ID>/,
    );
    assert.equal(emulator.requests.length, 0);
  });

  it("a cluster ID the project lacks: refused after the cluster list, naming it", async () => {
    await assert.rejects(
      provider().listAddonInstances({ addonName: "coredns", clusterIds: ["c-zz"], endpoint: emulator.url }),
      /clusterIds names cluster\(s\) that the project does not have in this region: c-zz/,
    );
    assert.equal(emulator.requests.length, 1);
  });
});
