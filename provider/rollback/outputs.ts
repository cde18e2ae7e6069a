import type { RollbackInputs } from "./inputs";

/** How the rollback came about. @public */
export type RollbackOutcome = "rolled-back" | "resumed" | "already-rolled-back";

/** What a rollback observed, beyond its inputs. @public */
export type RollbackObservations = {
  fromVersion: string;
  toVersion: string;
  status: string;
  currentVersion: string;
  addonName: string;
  startedAt: string;
  finishedAt: string;
  outcome: RollbackOutcome;
};

/** The resource's outputs: every input plus what the rollback observed. @public */
export type RollbackOutputs = RollbackInputs & RollbackObservations & { schemaVersion: 1 };

/**
 * The names of {@link RollbackObservations}, in the order they are documented: the SDK declares them as outputs
 * from this list. The type below fails to compile when the list and the interface disagree.
 * @internal
 */
export const OBSERVED_OUTPUTS = [
  "fromVersion",
  "toVersion",
  "status",
  "currentVersion",
  "addonName",
  "startedAt",
  "finishedAt",
  "outcome",
] as const satisfies readonly (keyof RollbackObservations)[];

type Missing = Exclude<keyof RollbackObservations, (typeof OBSERVED_OUTPUTS)[number]>;
/** Compiles only while every observation is listed. */
const everyObservationListed: [Missing] extends [never] ? true : Missing = true;
void everyObservationListed;
