/**
 * What can go wrong with the rollback itself: refused before anything was sent, a request whose outcome shows
 * nothing changed, and a failure after the service accepted it (which Pulumi records as a partial create).
 */
import type { AddonInstance } from "../client/schemas";
import { errorGuard } from "../error-guard";

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

/**
 * Thrown by `create` once the service has accepted (or is already running) the rollback and something then
 * fails. Carrying `id` makes the Pulumi engine record the resource, with these properties, as a partially
 * created resource instead of forgetting it, so that a later `pulumi up` does not start a second rollback.
 * Reference: pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts `grpcResponseFromError`.
 * @public
 */
export class RollbackInitError extends Error {
  override name = "RollbackInitError";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * The rollback request failed and the add-on shows that nothing changed (or its state could not be read).
 * Nothing is recorded: running `pulumi up` again is safe, since it reads the add-on before sending anything.
 * @public
 */
export class RollbackRequestError extends Error {
  override name = "RollbackRequestError";
}

/** @public */
export const isRollbackInitError = errorGuard(RollbackInitError);
/** @public */
export const isRollbackRequestError = errorGuard(RollbackRequestError);
/** @public */
export const isRollbackNotAllowedError = errorGuard(RollbackNotAllowedError);
