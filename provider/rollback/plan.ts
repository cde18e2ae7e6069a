import type { AddonInstance } from "../client/schemas";
import { ROLLBACK_ALLOWED_FROM, ROLLBACK_SUCCESS } from "../addon/status";
import type { RollbackInputs } from "./inputs";

/**
 * What `create` does about the add-on as it was just read, and why, in words a log line or an error can carry.
 *
 * - `roll-back`: send the rollback request, then wait until the add-on runs at `to`.
 * - `resume`: a rollback is already in progress (an earlier run was interrupted): wait for it, send nothing.
 * - `record`: it already happened (`expectTargetVersion` says so): record it, send nothing.
 * - `refuse`: the service would refuse, or a guard does: fail before anything is sent.
 * @internal
 */
export type RollbackPlan =
  | { kind: "roll-back"; from: string; to: string; why: string }
  | { kind: "resume"; from: string; to: string; why: string }
  | { kind: "record"; from: string; to: string; why: string }
  | { kind: "refuse"; why: string };

/**
 * Decides, from the inputs and the add-on as read, what to do. Pure: no I/O, no clock.
 * @param label - how the add-on is named in messages, e.g. "CCE Autopilot add-on coredns (7a8b...)".
 * @internal
 */
export function planRollback(
  inputs: Pick<RollbackInputs, "clusterId" | "expectCurrentVersion" | "expectTargetVersion">,
  addon: AddonInstance,
  label: string,
): RollbackPlan {
  if (addon.status === "rollbacking") {
    const to = addon.currentVersion;
    return (
      targetMismatch(inputs, to, label) ?? {
        kind: "resume",
        from: addon.previousVersion ?? "",
        to,
        why: `${label}: a rollback to ${to} is already in progress (an earlier run was interrupted?); waiting for it without starting another`,
      }
    );
  }
  if (!addon.isRollbackable || !ROLLBACK_ALLOWED_FROM.includes(addon.status)) {
    if (
      inputs.expectTargetVersion !== undefined &&
      ROLLBACK_SUCCESS.includes(addon.status) &&
      addon.currentVersion === inputs.expectTargetVersion
    ) {
      return {
        kind: "record",
        from: addon.previousVersion ?? "",
        to: addon.currentVersion,
        why: `${label}: already ${addon.status} at ${addon.currentVersion} (expectTargetVersion); recorded without a new rollback`,
      };
    }
    return { kind: "refuse", why: notAllowed(addon, label, inputs) };
  }
  if (inputs.expectCurrentVersion !== undefined && addon.currentVersion !== inputs.expectCurrentVersion) {
    return {
      kind: "refuse",
      why:
        `${label} is at version ${addon.currentVersion}, not ${inputs.expectCurrentVersion} (expectCurrentVersion): nothing was rolled back. ` +
        `Update expectCurrentVersion if rolling back from ${addon.currentVersion} is intended.`,
    };
  }
  if (!addon.previousVersion) {
    return {
      kind: "refuse",
      why: `${label} reports no previous version to roll back to (status ${addon.status} at ${addon.currentVersion}): nothing was rolled back`,
    };
  }
  const to = addon.previousVersion;
  return (
    targetMismatch(inputs, to, label) ?? {
      kind: "roll-back",
      from: addon.currentVersion,
      to,
      why: `${label}: rolling back ${addon.currentVersion} -> ${to} in cluster ${inputs.clusterId}`,
    }
  );
}

function targetMismatch(
  inputs: Pick<RollbackInputs, "expectTargetVersion">,
  target: string,
  label: string,
): RollbackPlan | undefined {
  if (inputs.expectTargetVersion === undefined || target === inputs.expectTargetVersion) return undefined;
  return {
    kind: "refuse",
    why:
      `${label} would roll back to ${target}, not ${inputs.expectTargetVersion} (expectTargetVersion): nothing was rolled back. ` +
      `Update expectTargetVersion if ${target} is the version you want.`,
  };
}

function notAllowed(addon: AddonInstance, label: string, inputs: Pick<RollbackInputs, "expectTargetVersion">): string {
  const state = `status ${addon.status} at version ${addon.currentVersion}${addon.previousVersion ? `, previous version ${addon.previousVersion}` : ""}`;
  const why = !ROLLBACK_ALLOWED_FROM.includes(addon.status)
    ? `a rollback is allowed only from ${ROLLBACK_ALLOWED_FROM.join(", ")}`
    : "the service reports isRollbackable=false (there is no upgrade to undo, or it was already rolled back)";
  const hint =
    inputs.expectTargetVersion === undefined && ROLLBACK_SUCCESS.includes(addon.status)
      ? ` If an earlier, interrupted run already rolled it back, set expectTargetVersion: "${addon.currentVersion}" to record that without a new rollback.`
      : "";
  return `${label} cannot be rolled back now (${state}): ${why}. Nothing was sent.${hint}`;
}
