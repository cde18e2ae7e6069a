import type { CceAutopilotClient } from "../client/client";
import type { AddonInstance } from "../client/schemas";
import type { Deadline } from "../deadline";
import { AddonStatus, ROLLBACK_PENDING, ROLLBACK_SUCCESS, isDocumentedStatus } from "./status";
import { RollbackFailedError, WaiterTimeoutError } from "./errors";
import { isInconclusiveRead } from "../client/errors";
import { findAddonInstance } from "./find";
import { type PollSchedule, type Verdict, runPolling } from "../waiter/waiter";

/** What the rollback is expected to do. @public */
export interface RollbackExpectation {
  /** The version the add-on had before the rollback. */
  fromVersion: string;
  /** The version the rollback lands on. */
  toVersion: string;
  /** The add-on as read just before the rollback was requested, to recognise stale reads; absent on resume. */
  before?: AddonInstance;
  /**
   * Take `available` (only some of the add-on's instances running) at the target version for success. Default
   * false: success is `running` at the target, and `available` there keeps the wait going.
   */
  acceptPartiallyReady?: boolean;
  /** The rollback was already seen in progress (by an earlier run): a ready add-on at another version has ended. */
  inProgress?: boolean;
}

/**
 * Judges one observation of the add-on during a rollback. Stateful: it remembers whether `rollbacking` was seen.
 * Success needs a success status AND the target version, so a stale read of the old state is never taken for
 * success; a read identical to the state before the request is not yet taken for a failure either. A status the
 * API does not document is waited through: it may be a new in-progress state, and only the deadline ends it.
 * @public
 */
export function statusAddonRollback(expect: RollbackExpectation): (addon: AddonInstance) => Verdict {
  let sawProgress = expect.inProgress === true;
  return (addon) => {
    if (addon.status === "rollbacking") sawProgress = true;
    if (expect.before && !sawProgress && sameState(addon, expect.before)) return { state: "pending" };
    if (ROLLBACK_SUCCESS.includes(addon.status)) {
      if (addon.currentVersion === expect.toVersion) {
        return isReady(addon, expect) ? { state: "success" } : { state: "pending" };
      }
      if (!sawProgress) return { state: "pending" };
      return {
        state: "failure",
        reason: `the rollback ended with status ${addon.status} but the add-on is at version ${addon.currentVersion}, not ${expect.toVersion}`,
      };
    }
    if (ROLLBACK_PENDING.includes(addon.status) || !isDocumentedStatus(addon.status)) return { state: "pending" };
    const detail = [addon.reason, addon.message].filter(Boolean).join(": ");
    return {
      state: "failure",
      reason:
        addon.status === "rollbackFailed"
          ? `the rollback failed${detail ? `: ${detail}` : " (the service gave no reason)"}`
          : `the add-on entered status ${addon.status} during the rollback${detail ? `: ${detail}` : ""}`,
    };
  };
}

/** Whether the add-on counts as ready: `running`, or also `available` when that is accepted. */
function isReady(addon: AddonInstance, expect: Pick<RollbackExpectation, "acceptPartiallyReady">): boolean {
  return addon.status === AddonStatus.running || expect.acceptPartiallyReady === true;
}

/** Whether `a` still shows the state `b` was read in: a stale read, or a request not yet taken into account. */
export function sameState(a: AddonInstance, b: AddonInstance): boolean {
  return (
    a.status === b.status &&
    a.currentVersion === b.currentVersion &&
    a.isRollbackable === b.isRollbackable &&
    a.updatedAt === b.updatedAt
  );
}

/** @public */
export interface WaitRolledBackOptions {
  /** When the wait ends (its label names the budget in a timeout error); every read is cut there too. */
  deadline: Deadline;
  /** Jitter of the poll pacing. */
  random: () => number;
  /** When the rollback was accepted (or found in progress): the origin of the poll pacing. */
  startedAt: number;
  schedule?: Partial<PollSchedule>;
  /** Called when the status or version changes. */
  onChange?: (addon: AddonInstance) => void;
}

/**
 * Polls the add-on until the rollback has really finished.
 * @returns the add-on in its final, successful state
 * @throws RollbackFailedError, AddonNotFoundError, WaiterTimeoutError, or a non-transient API error
 * @public
 */
export async function waitAddonInstanceRolledBack(
  client: CceAutopilotClient,
  clusterId: string,
  addonId: string,
  expect: RollbackExpectation,
  options: WaitRolledBackOptions,
): Promise<AddonInstance> {
  let previous: AddonInstance | undefined = expect.before;
  const { deadline, startedAt } = options;
  const result = await runPolling<AddonInstance>({
    clock: deadline.clock,
    random: options.random,
    timeoutMs: Math.max(1, deadline.atMs - startedAt),
    startedAt,
    ...(options.schedule ? { schedule: options.schedule } : {}),
    // A wait's reads give way to requests that an operation cannot go on without (see RequestBudget).
    poll: () => findAddonInstance(client, clusterId, addonId, deadline, { urgency: "background" }),
    // Cancellation ends the wait at once (the deadline's own end is the waiter's final look, not an abort).
    ...(deadline.cancel ? { signal: deadline.cancel } : {}),
    classify: statusAddonRollback(expect),
    isTransient: isInconclusiveRead,
    onObserve: ({ value }) => {
      if (value && (value.status !== previous?.status || value.currentVersion !== previous?.currentVersion)) {
        options.onChange?.(value);
      }
      if (value) previous = value;
    },
  });
  if (result.state === "success") return result.value;
  if (result.state === "failure") {
    throw new RollbackFailedError(result.reason, result.value, result.elapsedMs, result.observed);
  }
  if (result.value && isPartiallyReadyAtTarget(result.value, expect)) {
    throw new WaiterTimeoutError(
      `the add-on is at the target version ${expect.toVersion} but only partially ready (status available: some of ` +
        `its instances are not running) at the end of ${deadline.label}, after ${result.observed} reads. If this ` +
        `add-on is partial by design, set acceptPartiallyReady: true`,
      result.value.status,
      result.elapsedMs,
      result.observed,
      result.lastError,
    );
  }
  const last = result.value
    ? `last status ${result.value.status}${isDocumentedStatus(result.value.status) ? "" : " (a status the API does not document)"} at version ${result.value.currentVersion}`
    : "no successful read";
  const lastError = result.lastError
    ? `; last read error: ${result.lastError instanceof Error ? result.lastError.message : JSON.stringify(result.lastError)}`
    : "";
  throw new WaiterTimeoutError(
    `the rollback did not finish within ${deadline.label} (${last}, ${result.observed} reads${lastError})`,
    result.value?.status,
    result.elapsedMs,
    result.observed,
    result.lastError,
  );
}

/** At the target version, `available` and not accepted as ready: what a strict wait ends on when time runs out. */
function isPartiallyReadyAtTarget(addon: AddonInstance, expect: RollbackExpectation): boolean {
  return addon.status === AddonStatus.available && addon.currentVersion === expect.toVersion && !isReady(addon, expect);
}
