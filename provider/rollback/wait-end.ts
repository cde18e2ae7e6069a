/**
 * How a wait for an accepted rollback ended when it did not end well, as a record says it: the outcome, and the
 * add-on's status to record. Shared by `create` and by the next `up` that finishes an unfinished record. Pure.
 */
import { isAddonNotFoundError, isRollbackFailedError } from "../addon/errors";
import { isOperationCancelled } from "../deadline";
import type { RollbackOutcome } from "./outputs";

/** `cancelled` (the engine's Cancel), `failed` (a failure status, or the add-on gone), else `timed-out`. @internal */
export function unfinishedOutcome(err: unknown): RollbackOutcome {
  if (isOperationCancelled(err)) return "cancelled";
  if (isRollbackFailedError(err) || isAddonNotFoundError(err)) return "failed";
  return "timed-out";
}

/**
 * The status to record: "notFound" for a gone add-on, else the one last seen (`last`, or the timeout's own), else
 * `otherwise`.
 * @internal
 */
export function statusAtEnd(err: unknown, last: { status: string } | undefined, otherwise: string): string {
  if (isAddonNotFoundError(err)) return "notFound";
  return last?.status ?? (err as { lastStatus?: string }).lastStatus ?? otherwise;
}
