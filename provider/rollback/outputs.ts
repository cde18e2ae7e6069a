import type { RollbackInputs } from "./inputs";
import type { OBSERVED } from "./properties";

/** How the rollback came about. @public */
export type RollbackOutcome =
  "rolled-back" | "resumed" | "already-rolled-back" | "failed" | "timed-out" | "cancelled" | "imported";

/** The outcomes of a rollback the service accepted and that may still be going: the next `up` waits for it. */
export const UNFINISHED_OUTCOMES: readonly RollbackOutcome[] = ["timed-out", "cancelled"];

/** What a rollback observed, beyond its inputs. @public */
export type RollbackObservations = {
  fromVersion: string;
  toVersion: string;
  status: string;
  currentVersion: string;
  addonName: string;
  /** Absent from an imported record (when the rollback was requested is not known). */
  startedAt?: string;
  /** Absent while the rollback was not seen finished (timed out, cancelled). */
  finishedAt?: string;
  outcome: RollbackOutcome;
};

/** The resource's outputs: every input plus what the rollback observed. @public */
export type RollbackOutputs = RollbackInputs & RollbackObservations & { schemaVersion: 1 };

type Undocumented = Exclude<keyof RollbackObservations, keyof typeof OBSERVED>;
type Unknown = Exclude<keyof typeof OBSERVED, keyof RollbackObservations>;
/** Compiles only while the property table (properties.ts) documents exactly these observations. */
const everyObservationDocumented: [Undocumented, Unknown] extends [never, never] ? true : [Undocumented, Unknown] =
  true;
void everyObservationDocumented;
