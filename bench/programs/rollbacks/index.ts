// Bench program: `count` AddonVersionRollback resources, one per seeded add-on (<addonPrefix>-000, -001, ...).
import * as pulumi from "@pulumi/pulumi";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const clusterId = config.require("clusterId");
const addonPrefix = config.require("addonPrefix");
const trigger = config.get("trigger");

for (let i = 0; i < count; i++) {
  new AddonVersionRollback(`rollback-${i}`, {
    clusterId,
    addonId: `${addonPrefix}-${String(i).padStart(3, "0")}`,
    trigger,
  });
}
