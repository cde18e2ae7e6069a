// Several clusters, several add-ons, one stack per environment. Which add-ons to roll back, and the trigger of
// each, live in the stack's config (Pulumi.dev.yaml, Pulumi.prod.yaml), so the same program serves every
// environment and a rollback is a reviewed one-line config change.
//
// Each entry rolls back when it is added and again whenever its `trigger` changes. `expectTargetVersion` makes
// the run refuse (before sending anything) if the add-on would land on another version than the one reviewed.
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

interface AddonRollbackConfig {
  /** The add-on's name, e.g. "coredns"; also the resource's name in the stack, after the cluster's. */
  addon: string;
  trigger: string;
  expectCurrentVersion?: string;
  expectTargetVersion?: string;
}

interface ClusterConfig {
  /** A short name for the cluster, used in resource names, e.g. "payments". */
  name: string;
  clusterId: string;
  /** Overrides huaweicloud:region for this cluster. */
  region?: string;
  rollbacks: AddonRollbackConfig[];
}

const config = new pulumi.Config();
const clusters = config.requireObject<ClusterConfig[]>("clusters");

const rollbacks = clusters.flatMap((cluster) =>
  cluster.rollbacks.map(
    (addon) =>
      new AddonVersionRollback(`${cluster.name}-${addon.addon}`, {
        clusterId: cluster.clusterId,
        addonName: addon.addon,
        region: cluster.region,
        trigger: addon.trigger,
        expectCurrentVersion: addon.expectCurrentVersion,
        expectTargetVersion: addon.expectTargetVersion,
      }),
  ),
);

// One line per rollback: which versions, and the add-on's status when it finished.
export const summary = pulumi
  .all(rollbacks.map((r) => pulumi.interpolate`${r.addonName} ${r.fromVersion} -> ${r.toVersion}: ${r.status}`))
  .apply((lines) => lines.sort());
