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

const rollback = new AddonVersionRollback("rollback", {
  clusterId: config.require("clusterId"),
  // By ID or by name, whichever the stack config gives.
  addonId: config.get("addonId"),
  addonName: config.get("addonName"),
  trigger,
  timeoutSeconds: config.getNumber("timeoutSeconds"),
  expectTargetVersion: config.get("expectTargetVersion"),
});

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
