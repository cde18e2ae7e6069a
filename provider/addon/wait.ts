import type { CceAutopilotClient } from "../client/client";
import type { AddonInstance } from "../client/schemas";
import type { Deadline } from "../deadline";
import { ROLLBACK_PENDING, ROLLBACK_SUCCESS, isDocumentedStatus } from "./status";
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
}

/**
 * Judges one observation of the add-on during a rollback. Stateful: it remembers whether `rollbacking` was seen.
 * Success needs a success status AND the target version, so a stale read of the old state is never taken for
 * success; a read identical to the state before the request is not yet taken for a failure either. A status the
 * API does not document is waited through: it may be a new in-progress state, and only the deadline ends it.
 * @public
 */
export function statusAddonRollback(expect: RollbackExpectation): (addon: AddonInstance) => Verdict {
  let sawProgress = false;
  return (addon) => {
    if (addon.status === "rollbacking") sawProgress = true;
    if (expect.before && !sawProgress && sameState(addon, expect.before)) return { state: "pending" };
    if (ROLLBACK_SUCCESS.includes(addon.status)) {
      if (addon.currentVersion === expect.toVersion) return { state: "success" };
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
    poll: () => findAddonInstance(client, clusterId, addonId, deadline),
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
