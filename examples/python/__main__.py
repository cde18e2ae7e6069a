"""Rolls back a CCE Autopilot add-on with the cce-autopilot plugin, from a Python program.

Stack config:

    clusterId             the CCE Autopilot cluster ID (required)
    addonName             the add-on to roll back (default "coredns")
    trigger               the incident this rollback answers, e.g. INC-4211 (required); a new value rolls back
                          again. Set with --secret, it stays secret in the state.
    createTimeout         how long `pulumi up` waits for the rollback, e.g. 20m (customTimeouts.create;
                          timeoutSeconds, 1800 s by default, applies too: the smaller wins)
    acceptPartiallyReady  true to take "available" (only some instances running) at the target for success
"""

import pulumi
import pulumi.runtime

import pulumi_cce_autopilot as cce

config = pulumi.Config()

# Secret only if it was set as a secret, so that a plain trigger change shows in the preview.
trigger = config.require("trigger")
if pulumi.runtime.is_config_secret(config.full_key("trigger")):
    trigger = config.require_secret("trigger")

create_timeout = config.get("createTimeout")
rollback = cce.AddonVersionRollback(
    "addon-rollback",
    cluster_id=config.require("clusterId"),
    addon_name=config.get("addonName") or "coredns",
    trigger=trigger,
    accept_partially_ready=config.get_bool("acceptPartiallyReady") or False,
    opts=pulumi.ResourceOptions(
        custom_timeouts=pulumi.CustomTimeouts(create=create_timeout) if create_timeout else None,
    ),
)

pulumi.export("addonId", rollback.addon_id)
pulumi.export("fromVersion", rollback.from_version)
pulumi.export("toVersion", rollback.to_version)
pulumi.export("status", rollback.status)
pulumi.export("outcome", rollback.outcome)
