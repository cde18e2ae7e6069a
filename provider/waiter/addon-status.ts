/**
 * Add-on instance statuses (`status.status`) and what they mean for a rollback.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/RollbackAutopilotAddonInstance.html and
 * the AddonInstanceStatus model of Huawei's SDKs (cce-api.md §2). `unknown` appears only in the documentation,
 * so any status string not listed here is also possible and is treated as a failure.
 * @public
 */
export const AddonStatus = {
  installing: "installing",
  installFailed: "installFailed",
  running: "running",
  abnormal: "abnormal",
  upgrading: "upgrading",
  upgradeFailed: "upgradeFailed",
  deleting: "deleting",
  deleteFailed: "deleteFailed",
  deleteSuccess: "deleteSuccess",
  available: "available",
  rollbacking: "rollbacking",
  rollbackFailed: "rollbackFailed",
  unknown: "unknown",
} as const;

/** The statuses the service accepts a rollback from (with `isRollbackable` true). @public */
export const ROLLBACK_ALLOWED_FROM: readonly string[] = [
  AddonStatus.running,
  AddonStatus.available,
  AddonStatus.abnormal,
  AddonStatus.upgradeFailed,
  AddonStatus.rollbackFailed,
];

/** A rollback has finished well when the add-on is in one of these at the target version. @public */
export const ROLLBACK_SUCCESS: readonly string[] = [AddonStatus.running, AddonStatus.available];

/**
 * Still going. `abnormal` is ambiguous (pods restarting while the old version comes back), so the wait keeps
 * looking until the deadline, as Huawei's Terraform provider does.
 * @public
 */
export const ROLLBACK_PENDING: readonly string[] = [AddonStatus.rollbacking, AddonStatus.abnormal];
