// Rolls back a CCE Autopilot add-on with the cce-autopilot plugin, from a TypeScript program (the plugin's Node.js
// SDK; the dynamic resource of examples/quickstart needs no plugin, but cannot do what this one shows).
//
// Stack config:
//
//   clusterId             the CCE Autopilot cluster ID (required)
//   addonName             the add-on to roll back (default "coredns")
//   trigger               the incident this rollback answers, e.g. INC-4211 (required); a new value rolls back again.
//                         Read as a secret, so it stays secret in the state whether or not it was set with --secret.
//   createTimeout         how long `pulumi up` waits for the rollback, e.g. 20m (customTimeouts.create, which the
//                         dynamic resource does not get; timeoutSeconds, 1800 s by default, applies too: the smaller
//                         wins)
//   acceptPartiallyReady  true to take "available" (only some instances running) at the target for success
import * as pulumi from "@pulumi/pulumi";
import * as cce from "@pulumi-cce-addon-rollback/cce-autopilot";

const config = new pulumi.Config();
const createTimeout = config.get("createTimeout");

const rollback = new cce.AddonVersionRollback(
  "addon-rollback",
  {
    clusterId: config.require("clusterId"),
    addonName: config.get("addonName") ?? "coredns",
    trigger: config.requireSecret("trigger"),
    acceptPartiallyReady: config.getBoolean("acceptPartiallyReady") ?? false,
  },
  createTimeout ? { customTimeouts: { create: createTimeout } } : {},
);

export const addonId = rollback.addonId;
export const fromVersion = rollback.fromVersion;
export const toVersion = rollback.toVersion;
export const status = rollback.status;
export const outcome = rollback.outcome;
