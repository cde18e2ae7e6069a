import type { AddonInstance } from "../client/schemas";

/** The add-on (or its cluster) does not exist. @public */
export class AddonNotFoundError extends Error {
  override name = "AddonNotFoundError";
  constructor(
    readonly clusterId: string,
    readonly addonId: string,
    cause: unknown,
  ) {
    super(
      `add-on instance ${addonId} was not found in cluster ${clusterId}: check addonId (the add-on instance ID, ` +
        `not its name) and clusterId`,
      { cause },
    );
  }
}

/** The add-on cannot be rolled back now; nothing was sent. @public */
export class RollbackNotAllowedError extends Error {
  override name = "RollbackNotAllowedError";
  constructor(
    message: string,
    readonly addon: AddonInstance,
  ) {
    super(message);
  }
}

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
export const isRollbackNotAllowedError = (e: unknown): e is RollbackNotAllowedError =>
  e instanceof RollbackNotAllowedError || (e as Error)?.name === "RollbackNotAllowedError";
/** @public */
export const isAddonNotFoundError = (e: unknown): e is AddonNotFoundError =>
  e instanceof AddonNotFoundError || (e as Error)?.name === "AddonNotFoundError";
