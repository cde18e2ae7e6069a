/**
 * What a preview says a create would do: the planned outputs of the rollback, decided from the add-on as read now
 * by the same decision `create` takes (plan.ts), so that a preview refuses exactly what `up` would refuse. Pure.
 */
import type { AddonInstance } from "../client/schemas";
import { RollbackNotAllowedError } from "./errors";
import type { RollbackInputs } from "./inputs";
import type { RollbackObservations } from "./outputs";
import { planRollback } from "./plan";

/** The outputs a preview can name before anything is sent; the others stay unknown until `up`. @internal */
export type PlannedOutputs = Pick<
  RollbackObservations,
  "addonName" | "fromVersion" | "toVersion" | "currentVersion" | "outcome"
> & { addonId: string };

/**
 * The planned outputs and the line that says them under the resource, e.g. "coredns 1.28.6 -> 1.28.4 (...)".
 * @throws RollbackNotAllowedError when `up` would refuse (the message `up` would give).
 * @internal
 */
export function planPreview(
  inputs: Pick<RollbackInputs, "clusterId" | "addonName" | "expectCurrentVersion" | "expectTargetVersion">,
  addon: AddonInstance,
  label: string,
): { planned: PlannedOutputs; line: string } {
  const plan = planRollback(inputs, addon, label);
  if (plan.kind === "refuse") throw new RollbackNotAllowedError(plan.why, addon);
  const name = addon.templateName || addon.name || addon.id;
  const common = { addonId: addon.id, addonName: inputs.addonName ?? addon.name, fromVersion: plan.from };
  const nothingSent = "nothing is sent in a preview";
  switch (plan.kind) {
    case "roll-back":
      return {
        planned: { ...common, toVersion: plan.to, currentVersion: plan.to, outcome: "rolled-back" },
        line: `${name} ${plan.from} -> ${plan.to} (planned rollback of add-on ${addon.id} in cluster ${inputs.clusterId}; ${nothingSent})`,
      };
    case "resume":
      return {
        planned: { ...common, toVersion: plan.to, currentVersion: plan.to, outcome: "resumed" },
        line: `${name} ${plan.from || "?"} -> ${plan.to} (a rollback already in progress: up waits for it and sends nothing)`,
      };
    case "record":
      return {
        planned: {
          ...common,
          toVersion: plan.to,
          currentVersion: addon.currentVersion,
          outcome: "already-rolled-back",
        },
        line: `${name} already at ${plan.to} (expectTargetVersion): up records it and sends nothing`,
      };
  }
}
