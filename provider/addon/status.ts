/**
 * Add-on instance statuses (`status.status`) and what they mean for a rollback.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/RollbackAutopilotAddonInstance.html and
 * the AddonInstanceStatus model of Huawei's SDKs. `unknown` appears only in the documentation. A status string not
 * listed here is possible too (the service may add one); during a rollback it counts as still in progress, never
 * as success and never as a failure, and the deadline still ends the wait.
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

/**
 * The statuses a rollback ends in when it went through: at the target version, `running` is success; `available`
 * (only some instances running, "partially ready" in Huawei's SDKs) is success only for a wait that accepts it,
 * and otherwise keeps the wait going.
 * @public
 */
export const ROLLBACK_SUCCESS: readonly string[] = [AddonStatus.running, AddonStatus.available];

/**
 * Still going. `abnormal` is ambiguous (pods restarting while the old version comes back), so the wait keeps
 * looking until the deadline, as Huawei's Terraform provider does.
 * @public
 */
export const ROLLBACK_PENDING: readonly string[] = [AddonStatus.rollbacking, AddonStatus.abnormal];

const DOCUMENTED: ReadonlySet<string> = new Set(Object.values(AddonStatus));

/** Whether the API documents this status; an undocumented one is waited through, not judged. @public */
export function isDocumentedStatus(status: string): boolean {
  return DOCUMENTED.has(status);
}
