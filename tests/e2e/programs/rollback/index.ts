// End-to-end test program: one AddonVersionRollback, configured from stack config. With `upstream` set, the
// trigger comes from another resource's output, which is unknown during preview whenever `upstream` changes.
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

const config = new pulumi.Config();

// A stand-in for any resource whose output feeds the trigger.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `echo-${inputs.value}`, outs: { value: inputs.value, echoed: `release-${inputs.value}` } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.value !== news.value, replaces: olds.value !== news.value ? ["value"] : [] };
  },
};
class Echo extends pulumi.dynamic.Resource {
  declare readonly echoed: pulumi.Output<string>;
  constructor(name: string, value: string) {
    super(echoProvider, name, { value, echoed: undefined });
  }
}

const upstream = config.get("upstream");
const trigger: pulumi.Input<unknown> = upstream ? new Echo("upstream", upstream).echoed : config.get("trigger");

// With `replacementTrigger` set, the engine's resource option of that name (Pulumi 3.208+), in the form
// `replacementTriggerForm` says: the plain string (default), `secret` (pulumi.secret of it) or `secret-inside`
// (an object holding it as a secret).
function replacementTrigger(value: string | undefined): pulumi.Input<unknown> | undefined {
  if (value === undefined) return undefined;
  const form = config.get("replacementTriggerForm") ?? "plain";
  if (form === "secret") return pulumi.secret(value);
  if (form === "secret-inside") return { incident: pulumi.secret(value) };
  return value;
}

const rollback = new AddonVersionRollback(
  "rollback",
  {
    clusterId: config.require("clusterId"),
    // By ID or by name, whichever the stack config gives.
    addonId: config.get("addonId"),
    addonName: config.get("addonName"),
    trigger,
    timeoutSeconds: config.getNumber("timeoutSeconds"),
    expectTargetVersion: config.get("expectTargetVersion"),
  },
  { replacementTrigger: replacementTrigger(config.get("replacementTrigger")) },
);

// With `twin` set, a second resource names the same add-on: a mistake the provider must not turn into two POSTs.
if (config.getBoolean("twin")) {
  new AddonVersionRollback("rollback-twin", {
    clusterId: config.require("clusterId"),
    addonId: config.get("addonId"),
    addonName: config.get("addonName"),
    trigger,
  });
}

export const toVersion = rollback.toVersion;
export const status = rollback.status;
export const outcome = rollback.outcome;
export const addonId = rollback.addonId;
export const addonName = rollback.addonName;
