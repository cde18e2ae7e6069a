/**
 * What can go wrong finding an add-on and waiting for its rollback: not found, a name that picks none or several,
 * a rollback that failed, a wait that ran out of time.
 */
import type { AddonInstance } from "../client/schemas";
import { errorGuard } from "../error-guard";

/** The add-on (or its cluster) does not exist. @public */
export class AddonNotFoundError extends Error {
  override name = "AddonNotFoundError";
  constructor(
    readonly clusterId: string,
    readonly addonId: string,
    cause: unknown,
  ) {
    super(
      `add-on instance ${addonId} was not found in cluster ${clusterId}: check addonId (the add-on instance ID; ` +
        `to name the add-on instead, give addonName such as "coredns") and clusterId`,
      { cause },
    );
  }
}

/** No add-on, or more than one, answers to the name given as `addonName`. @public */
export class AddonNameError extends Error {
  override name = "AddonNameError";
  constructor(
    message: string,
    readonly clusterId: string,
    readonly addonName: string,
    /** The add-ons that were considered: all of the cluster's (no match), or the ones that matched (several). */
    readonly candidates: AddonInstance[],
  ) {
    super(message);
  }
}

/** @public */
export const isAddonNameError = errorGuard(AddonNameError);

/** The rollback ended in a failure state (`rollbackFailed`, another failure, or an unexpected status). @public */
export class RollbackFailedError extends Error {
  override name = "RollbackFailedError";
  constructor(
    message: string,
    readonly addon: AddonInstance,
    readonly elapsedMs: number,
    readonly observed: number,
  ) {
    super(message);
  }
}

/** The rollback did not finish before the deadline. @public */
export class WaiterTimeoutError extends Error {
  override name = "WaiterTimeoutError";
  constructor(
    message: string,
    readonly lastStatus: string | undefined,
    readonly elapsedMs: number,
    readonly observed: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** @public */
export const isAddonNotFoundError = errorGuard(AddonNotFoundError);
/** @public */
export const isRollbackFailedError = errorGuard(RollbackFailedError);
