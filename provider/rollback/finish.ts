/**
 * Finishing a rollback an earlier run left unfinished (it timed out, or was cancelled, after the service had
 * accepted it): the next `pulumi up` updates the record, and this waits for the same rollback, sends nothing, and
 * records how it ended. Waiting uses the add-on's recorded ID and versions, never a new plan: the add-on may have
 * become rollbackable again meanwhile, and a second rollback is not what the record stands for.
 */
import type { CceAutopilotClient } from "../client/client";
import type { Deadline } from "../deadline";
import type { Runtime } from "../runtime";
import { waitAddonInstanceRolledBack } from "../addon/wait";
import type { PollSchedule } from "../waiter/waiter";
import { RollbackInitError } from "./errors";
import type { RollbackOutcome } from "./outputs";
import { statusAtEnd, unfinishedOutcome } from "./wait-end";

/** What finishing needs. @internal */
export interface FinishContext {
  client: CceAutopilotClient;
  runtime: Runtime;
  deadline: Deadline;
  schedule?: Partial<PollSchedule>;
}

/** The record an earlier run left, as far as finishing reads it. @internal */
export interface UnfinishedRecord {
  clusterId: string;
  addonId: string;
  fromVersion: string;
  toVersion: string;
  outcome: RollbackOutcome;
  acceptPartiallyReady?: boolean;
}

/**
 * Waits for the recorded rollback and returns the record's new observations.
 * @throws RollbackInitError (the record, saying how it ended) when it did not end well.
 * @internal
 */
export async function finishRollback(
  id: string,
  record: UnfinishedRecord,
  outs: Record<string, unknown>,
  ctx: FinishContext,
): Promise<Record<string, unknown>> {
  const { clusterId, addonId, fromVersion, toVersion } = record;
  const label = `CCE Autopilot add-on ${addonId}`;
  const startedAt = ctx.runtime.clock.now();
  ctx.runtime.log(
    `${label}: the last run left its rollback ${fromVersion} -> ${toVersion} ${record.outcome}; waiting for it ` +
      `(nothing is sent)`,
  );
  try {
    const final = await waitAddonInstanceRolledBack(
      ctx.client,
      clusterId,
      addonId,
      // Seen in progress by the earlier run: a read at another version is where it ended, not a stale read.
      { fromVersion, toVersion, inProgress: true, acceptPartiallyReady: record.acceptPartiallyReady === true },
      {
        deadline: ctx.deadline,
        random: ctx.runtime.random,
        startedAt,
        ...(ctx.schedule ? { schedule: ctx.schedule } : {}),
        onChange: (addon) => ctx.runtime.log(`${label}: ${addon.status} at ${addon.currentVersion}`),
      },
    );
    ctx.runtime.log(`${label}: rollback finished: ${final.status} at ${final.currentVersion}`);
    return {
      ...outs,
      status: final.status,
      currentVersion: final.currentVersion,
      finishedAt: new Date(ctx.runtime.clock.now()).toISOString(),
      outcome: "rolled-back",
    };
  } catch (err) {
    const outcome = unfinishedOutcome(err);
    const last = (err as { addon?: { status: string; currentVersion: string } }).addon;
    const properties: Record<string, unknown> = {
      ...outs,
      status: statusAtEnd(err, last, String(outs.status)),
      ...(last ? { currentVersion: last.currentVersion } : {}),
      outcome,
    };
    if (outcome === "failed") properties.finishedAt = new Date(ctx.runtime.clock.now()).toISOString();
    else delete properties.finishedAt;
    const next =
      outcome === "failed"
        ? "The record now says it failed; to run another rollback, change `trigger`."
        : "Nothing was sent; the next `pulumi up` waits for it again.";
    const message = `waiting for ${label} rollback ${fromVersion} -> ${toVersion}: ${(err as Error).message}. ${next}`;
    throw new RollbackInitError(message, id, properties, [message], err);
  }
}
