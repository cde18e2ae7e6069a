"""Rolls an add-on back wherever it runs the bad version, in waves, with the cce-autopilot plugin.

The canary cluster first; every other cluster once the canary's rollbacks have finished (depends_on), so that a
failure in the canary stops the wave: `pulumi up` sends no rollback to the other clusters.

Stack config:

    addonName      the add-on (default "coredns")
    badVersion     the version to roll back from, e.g. 1.28.6 (required)
    incident       the incident ID, the rollbacks' trigger (required): a new incident rolls back again
    canaryCluster  the cluster ID to roll back first (default: the first cluster found)

list_addon_instances reads the project's clusters (cce-autopilot:projectId and cce-autopilot:region, or
HW_PROJECT_ID and HW_REGION_NAME). Every request of the plugin shares one budget per account
(cce-autopilot:maxRequestsPerSecond, default 5), so `pulumi up --parallel 100` stays within the gateway's limit.
"""

import pulumi

import pulumi_cce_autopilot as cce

config = pulumi.Config()
addon_name = config.get("addonName") or "coredns"
bad_version = config.require("badVersion")
incident = config.require("incident")

found = cce.list_addon_instances(addon_name=addon_name, versions=[bad_version])
# Only what the service will roll back now; the others are reported, not attempted.
affected = [a for a in found.instances if a.is_rollbackable]
canary = config.get("canaryCluster") or (affected[0].cluster_id if affected else None)


def roll_back(wave, depends_on):
    return [
        cce.AddonVersionRollback(
            f"{a.cluster_name or a.cluster_id}-{a.addon_name}",
            cluster_id=a.cluster_id,
            addon_id=a.addon_id,
            trigger=incident,
            expect_current_version=bad_version,
            opts=pulumi.ResourceOptions(depends_on=depends_on),
        )
        for a in wave
    ]


canary_wave = roll_back([a for a in affected if a.cluster_id == canary], [])
rest_wave = roll_back([a for a in affected if a.cluster_id != canary], canary_wave)

pulumi.export("canaryCluster", canary)
pulumi.export("notRollbackable", [f"{a.cluster_name}: {a.status}" for a in found.instances if not a.is_rollbackable])
pulumi.export("skippedClusters", found.skipped_clusters)
pulumi.export(
    "rolledBack",
    pulumi.Output.all(*[r.cluster_id for r in canary_wave + rest_wave]).apply(sorted),
)
