/**
 * `pulumi-cce-addon-rollback`: roll back a Huawei Cloud CCE Autopilot add-on to its previous version.
 */
export { AddonVersionRollback, type AddonVersionRollbackArgs } from "./addon-version-rollback";
export { getAddonInstance, type GetAddonInstanceArgs } from "./get-addon-instance";
export { listAddonInstances, type ListAddonInstancesArgs } from "./list-addon-instances";
export type { FleetAddon, FleetResult } from "../provider/addon/fleet";
export type { AddonInstance } from "../provider/client/schemas";
