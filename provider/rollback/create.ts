import type { CceAutopilotClient } from "../client/client";
import { isCceApiError, isInconclusiveRead } from "../client/errors";
import { RollbackNotAllowedError, RollbackInitError, RollbackRequestError } from "./errors";
import type { AddonInstance } from "../client/schemas";
import { Deadline, OperationCancelledError, isOperationCancelled } from "../deadline";
import type { Runtime } from "../runtime";
import { findAddonInstance } from "../addon/find";
import { sameState, waitAddonInstanceRolledBack } from "../addon/wait";
import { isDocumentedStatus } from "../addon/status";
import { type PollSchedule, runPolling } from "../waiter/waiter";
import type { RollbackInputs } from "./inputs";
import { type RollbackOutcome, type RollbackOutputs, UNFINISHED_OUTCOMES } from "./outputs";
import { statusAtEnd, unfinishedOutcome } from "./wait-end";
import { planRollback } from "./plan";

/** What `create` needs besides the inputs. @internal */
export interface RollbackContext {
  client: CceAutopilotClient;
  runtime: Runtime;
  /**
   * When create must be over (timeoutSeconds from its start), for every read, the POST and the wait; its
   * cancellation stops them (the POST excepted: once sent, its answer is awaited, so that acceptance is known).
   */
  deadline: Deadline;
  schedule?: Partial<PollSchedule>;
  /** How long to keep reading after a lost rollback answer before concluding nothing happened. Default 30 s. */
  reconcileWindowMs?: number;
}

/** The inputs once the add-on is known by its ID (given, or found by `addonName`). @internal */
export type ResolvedInputs = RollbackInputs & { addonId: string };

/**
 * Rolls the add-on back and waits until the rollback has really finished.
 *
 * Reads first: a rollback already in progress (an interrupted earlier run) is waited for, never started twice;
 * every precondition and guard is checked before anything is sent. Once the service has accepted the
 * rollback, any failure is thrown as a `RollbackInitError` so that Pulumi records the resource.
 * @internal
 */
export async function createRollback(
  inputs: ResolvedInputs,
  ctx: RollbackContext,
  extraProperties: Record<string, unknown> = {},
): Promise<{ id: string; outs: RollbackOutputs }> {
  const { clusterId, addonId } = inputs;
  const createdAt = ctx.runtime.clock.now();
  const { deadline } = ctx;
  const before = await findAddonInstance(ctx.client, clusterId, addonId, deadline);
  const label = `CCE Autopilot add-on ${before.name || addonId} (${addonId})`;
  const id = recordId(createdAt, ctx.runtime.random);

  const record = (addon: AddonInstance, from: string, to: string, outcome: RollbackOutcome, startedAt: number) => ({
    ...inputs,
    fromVersion: from,
    toVersion: to,
    status: addon.status,
    currentVersion: addon.currentVersion,
    // The name it was addressed by, when it was: diff compares a later addonName with this.
    addonName: inputs.addonName ?? addon.name,
    startedAt: new Date(startedAt).toISOString(),
    ...(UNFINISHED_OUTCOMES.includes(outcome) ? {} : { finishedAt: new Date(ctx.runtime.clock.now()).toISOString() }),
    outcome,
    schemaVersion: 1 as const,
  });

  const plan = planRollback(inputs, before, label);
  if (plan.kind === "refuse") throw new RollbackNotAllowedError(plan.why, before);
  ctx.runtime.log(plan.why);
  if (plan.kind === "record") {
    return { id, outs: record(before, plan.from, plan.to, "already-rolled-back", createdAt) };
  }
  const { from, to } = plan;
  const outcome: RollbackOutcome = plan.kind === "resume" ? "resumed" : "rolled-back";
  if (plan.kind === "roll-back") {
    if (deadline.cancelled) {
      throw new OperationCancelledError(`${label}: cancelled before the rollback was requested; nothing was sent`);
    }
    await requestRollback(ctx, inputs, before, to, label);
  }

  const startedAt = ctx.runtime.clock.now();
  // The add-on as last seen changing, for the record of a wait that ends without a verdict (cancelled).
  let seen: AddonInstance | undefined;
  try {
    const final = await waitAddonInstanceRolledBack(
      ctx.client,
      clusterId,
      addonId,
      {
        fromVersion: from,
        toVersion: to,
        ...(outcome === "rolled-back" ? { before } : {}),
        acceptPartiallyReady: inputs.acceptPartiallyReady === true,
      },
      {
        deadline,
        random: ctx.runtime.random,
        startedAt,
        ...(ctx.schedule ? { schedule: ctx.schedule } : {}),
        onChange: (addon) => {
          seen = addon;
          ctx.runtime.log(
            `${label}: ${addon.status}${isDocumentedStatus(addon.status) ? "" : " (a status the API does not document; still waiting)"} ` +
              `at ${addon.currentVersion} after ${seconds(ctx.runtime.clock.now() - startedAt)}`,
          );
        },
      },
    );
    const outs = record(final, from, to, outcome, startedAt);
    ctx.runtime.log(
      `${label}: rollback finished: ${final.status} at ${final.currentVersion} after ${seconds(ctx.runtime.clock.now() - startedAt)}`,
    );
    return { id, outs };
  } catch (err) {
    const cause = (err as Error).message ?? String(err);
    const last = (err as { addon?: AddonInstance }).addon ?? seen;
    const ended = unfinishedOutcome(err);
    const properties = {
      ...record(last ?? before, from, to, ended, startedAt),
      status: statusAtEnd(err, last, "unknown"),
      ...extraProperties,
    };
    const message = `waiting for ${label} rollback ${from} -> ${to}: ${cause}. ${NEXT_UP[ended]}`;
    ctx.runtime.log(`${label}: ${cause}`);
    throw new RollbackInitError(message, id, properties, [message], err);
  }
}

/** What the error of a rollback that did not finish well says about the record and the next `pulumi up`. */
const NEXT_UP: Record<RollbackOutcome, string> = {
  failed:
    "The rollback was accepted, so the resource is recorded in the stack: a later `pulumi up` will not roll back " +
    "again. Check the add-on in the CCE console; to run another rollback, change `trigger`.",
  "timed-out":
    "The rollback was accepted and may still be going (the API has no cancel), so the resource is recorded in " +
    "the stack: the next `pulumi up` sends no new rollback; it waits for this one and records how it ended.",
  cancelled:
    "Cancelled while waiting: the rollback was accepted and goes on in the service (the API has no cancel), so " +
    "the resource is recorded in the stack: the next `pulumi up` sends no new rollback; it waits for this one and " +
    "records how it ended.",
  "rolled-back": "",
  resumed: "",
  "already-rolled-back": "",
  imported: "",
};

/** POSTs the rollback; when the answer is lost, reads the add-on to learn whether it was accepted. */
async function requestRollback(
  ctx: RollbackContext,
  inputs: ResolvedInputs,
  before: AddonInstance,
  target: string,
  label: string,
): Promise<void> {
  try {
    // Not cut by a cancellation once sent: its answer says whether the service took the rollback. While it waits
    // for the request budget, nothing is sent yet, and a cancellation stops it there.
    await ctx.client.rollbackAddonInstance(inputs.clusterId, inputs.addonId, ctx.deadline.uncancellable(), {
      cancelWhileQueued: ctx.deadline.cancel,
    });
    return;
  } catch (err) {
    if (isOperationCancelled(err)) {
      throw new OperationCancelledError(
        `${label}: cancelled while the rollback request waited for the request budget; nothing was sent`,
      );
    }
    const message = (err as Error).message ?? String(err);
    if (isCceApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
      throw new RollbackNotAllowedError(`rolling back ${label}: the service refused the rollback: ${message}`, before);
    }
    ctx.runtime.log(`${label}: the rollback request's outcome is unknown (${message}); reading the add-on to find out`);
    const after = await reconcile(ctx, inputs, before, target, label, message);
    if (after.accepted) {
      ctx.runtime.log(
        `${label}: the add-on shows the rollback was accepted (${after.addon.status} at ${after.addon.currentVersion})`,
      );
      return;
    }
    throw new RollbackRequestError(
      `rolling back ${label}: the rollback request failed (${message}) and the add-on still shows no rollback ` +
        `after ${seconds(after.windowMs)} (${after.addon.status} at ${after.addon.currentVersion}). Run \`pulumi up\` ` +
        `again: it reads the add-on first and never starts a second rollback while one is in progress.`,
      { cause: err },
    );
  }
}

/**
 * How long to keep reading after a rollback request whose answer was lost. An eventually consistent read can
 * show the old state for a while after the service accepted the request; only a state that changed proves
 * acceptance, so the old state must persist this long before we conclude that nothing happened.
 */
const RECONCILE_WINDOW_MS = 30_000;

async function reconcile(
  ctx: RollbackContext,
  inputs: ResolvedInputs,
  before: AddonInstance,
  target: string,
  label: string,
  postError: string,
): Promise<{ accepted: boolean; addon: AddonInstance; windowMs: number }> {
  let last: AddonInstance = before;
  // Within the deadline: a lost answer near its end leaves less time to find out.
  const windowMs = Math.max(1, Math.min(ctx.reconcileWindowMs ?? RECONCILE_WINDOW_MS, ctx.deadline.remainingMs()));
  const accepted = (a: AddonInstance) =>
    a.status === "rollbacking" || (a.currentVersion === target && a.currentVersion !== before.currentVersion);
  try {
    const result = await runPolling<AddonInstance>({
      clock: ctx.runtime.clock,
      random: ctx.runtime.random,
      timeoutMs: windowMs,
      ...(ctx.schedule ? { schedule: ctx.schedule } : {}),
      poll: async () => (last = await findAddonInstance(ctx.client, inputs.clusterId, inputs.addonId, ctx.deadline)),
      // Any change from the state read before the request settles it; so does a clear sign of acceptance.
      classify: (a) => (accepted(a) || !sameState(a, before) ? { state: "success" } : { state: "pending" }),
      isTransient: isInconclusiveRead,
      ...(ctx.deadline.cancel ? { signal: ctx.deadline.cancel } : {}),
    });
    if (result.state === "timeout" && result.observed === 0) {
      // Not one read got through: "no rollback seen" would claim more than is known.
      throw (result.lastError as Error | undefined) ?? new Error(`no read of the add-on within ${seconds(windowMs)}`);
    }
    return { accepted: result.state === "success" && accepted(result.value), addon: last, windowMs };
  } catch (readError) {
    throw new RollbackRequestError(
      `rolling back ${label}: the rollback request's outcome is unknown (${postError}) and reading the add-on ` +
        `failed too (${(readError as Error).message}). Check the add-on in the CCE console; \`pulumi up\` reads it ` +
        `first and never starts a second rollback while one is in progress.`,
      { cause: readError },
    );
  }
}

/**
 * @internal
 * The resource's ID: when the rollback was created, and a random suffix; nothing of the inputs (the ID is stored
 * in clear even when an input is secret). Records of earlier versions keep theirs (`<addonId>@<time>`): nothing
 * reads an ID back.
 */
export function recordId(createdAt: number, random: () => number): string {
  const suffix = Math.floor(random() * 0x1000000)
    .toString(16)
    .padStart(6, "0");
  return `rollback-${compactTime(createdAt)}-${suffix}`;
}

function compactTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
