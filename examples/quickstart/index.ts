// Roll coredns back to its previous version after a bad upgrade, and record it in the stack.
//
//   pulumi config set huaweicloud:region cn-north-4
//   pulumi config set huaweicloud:accessKey <AK>
//   pulumi config set --secret huaweicloud:secretKey <SK>
//   pulumi config set huaweicloud:projectId <project id of the region>
//   pulumi config set clusterId <cluster id>
//   pulumi config set addonName coredns        # the add-on's name (the default); or log-agent, everest, ...
//   pulumi config set incident INC-4211
//   pulumi up
//
// `pulumi up` returns once the add-on is running at the previous version. Later runs leave it alone until
// `incident` changes: set it to the next incident ID to roll back again.
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

const config = new pulumi.Config();

const rollback = new AddonVersionRollback("coredns-rollback", {
  clusterId: config.require("clusterId"),
  addonName: config.get("addonName") ?? "coredns",
  trigger: config.require("incident"),
  timeoutSeconds: config.getNumber("timeoutSeconds"),
});

export const fromVersion = rollback.fromVersion;
export const toVersion = rollback.toVersion;
export const status = rollback.status;
export const addonName = rollback.addonName;
export const addonId = rollback.addonId;
export const finishedAt = rollback.finishedAt;
