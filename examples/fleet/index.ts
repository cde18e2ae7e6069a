// Roll an add-on back wherever it runs the bad version, in waves: the canary cluster first, then every other
// cluster once the canary's rollbacks have finished. A failure in the canary stops the wave: `pulumi up` sends no
// rollback to the other clusters. The incident ID is the trigger: a new incident rolls back again.
//
//   pulumi config set addonName coredns
//   pulumi config set badVersion 1.28.6
//   pulumi config set incident INC-4711
//   pulumi config set canaryCluster <cluster ID>   # optional: the first cluster found otherwise
//
// listAddonInstances reads the project's clusters (huaweicloud:projectId and huaweicloud:region, or HW_PROJECT_ID
// and HW_REGION_NAME). All rollbacks share one request budget per account (huaweicloud:maxRequestsPerSecond,
// default 5), so `pulumi up --parallel 100` stays within the API gateway's rate limit.
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback, listAddonInstances } from "pulumi-cce-addon-rollback";

const config = new pulumi.Config();
const addonName = config.get("addonName") ?? "coredns";
const badVersion = config.require("badVersion");
const incident = config.require("incident");

export = async () => {
  const found = await listAddonInstances({ addonName, versions: [badVersion] });
  // Only what the service will roll back now; the others are reported, not attempted.
  const affected = found.instances.filter((a) => a.isRollbackable);
  const clusters = [...new Set(affected.map((a) => a.clusterId))];
  const canary = config.get("canaryCluster") ?? clusters[0];

  const rollBack = (wave: typeof affected, dependsOn: pulumi.Resource[]) =>
    wave.map(
      (a) =>
        new AddonVersionRollback(
          `${a.clusterName || a.clusterId}-${a.addonName}`,
          { clusterId: a.clusterId, addonId: a.addonId, trigger: incident, expectCurrentVersion: badVersion },
          { dependsOn },
        ),
    );
  const canaryWave = rollBack(
    affected.filter((a) => a.clusterId === canary),
    [],
  );
  const restWave = rollBack(
    affected.filter((a) => a.clusterId !== canary),
    canaryWave,
  );

  return {
    canaryCluster: canary,
    notRollbackable: found.instances.filter((a) => !a.isRollbackable).map((a) => `${a.clusterName}: ${a.status}`),
    skippedClusters: found.skippedClusters,
    rolledBack: pulumi
      .all(
        [...canaryWave, ...restWave].map((r) => pulumi.interpolate`${r.clusterId} ${r.fromVersion} -> ${r.toVersion}`),
      )
      .apply((lines) => lines.sort()),
  };
};
