// End-to-end test program: the same AddonVersionRollback, created either as versions up to 0.1.0 of this package
// serialized it (an object of seven stubs, about 2 KB per copy in the state) or as the package does now (the
// provider module itself, a few hundred bytes). Stacks created with the old text must keep working.
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

type Self = typeof import("pulumi-cce-addon-rollback/provider");

/** The provider object exactly as versions up to 0.1.0 passed it to pulumi.dynamic.Resource. */
const legacyProvider: pulumi.dynamic.ResourceProvider<Record<string, unknown>, Record<string, unknown>> = {
  configure: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).configure(...a),
  check: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).check(...a),
  diff: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).diff(...a),
  create: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).create(...a),
  read: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).read(...a),
  update: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).update(...a),
  delete: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).delete(...a),
};

class LegacyAddonVersionRollback extends pulumi.dynamic.Resource {
  declare readonly outcome: pulumi.Output<string>;
  constructor(name: string, args: Record<string, unknown>) {
    const outputs = ["fromVersion", "toVersion", "status", "currentVersion", "addonName", "startedAt", "finishedAt"];
    super(
      legacyProvider,
      name,
      { ...args, ...Object.fromEntries([...outputs, "outcome"].map((k) => [k, undefined])) },
      {},
      "cce-autopilot",
      "AddonVersionRollback",
    );
  }
}

const config = new pulumi.Config();
const args = {
  clusterId: config.require("clusterId"),
  addonId: config.require("addonId"),
  trigger: config.require("trigger"),
};
const rollback = config.getBoolean("legacy")
  ? new LegacyAddonVersionRollback("rollback", args)
  : new AddonVersionRollback("rollback", args);

export const outcome = rollback.outcome;
