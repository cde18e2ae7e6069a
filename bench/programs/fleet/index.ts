// Bench program: one AddonVersionRollback per add-on of a fleet, `addonNames` in each of `clusters` clusters. The
// ids are derived as bench/fleet.ts seeds them: cluster <addonPrefix>-cluster-<cc>, add-on <addonPrefix>-<cc>-<name>.
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

const config = new pulumi.Config();
const clusters = config.requireNumber("clusters");
const addonNames = config.require("addonNames").split(",");
const addonPrefix = config.require("addonPrefix");
const trigger = config.require("trigger");
const timeoutSeconds = config.requireNumber("timeoutSeconds");

let i = 0;
for (let c = 0; c < clusters; c++) {
  const cc = String(c).padStart(2, "0");
  for (const name of addonNames) {
    new AddonVersionRollback(`rollback-${i++}`, {
      clusterId: `${addonPrefix}-cluster-${cc}`,
      addonId: `${addonPrefix}-${cc}-${name}`,
      trigger,
      timeoutSeconds,
    });
  }
}
