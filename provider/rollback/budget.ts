/**
 * How long an operation may take: its own input (`timeoutSeconds`) and, when the engine sends one, the program's
 * `customTimeouts` for the operation; the smaller wins, and errors name the one that did. Pure.
 */

/** A time budget and how errors name it. @internal */
export interface Budget {
  ms: number;
  label: string;
}

/**
 * The budget of a create or an update.
 * @param timeoutSeconds - the resource's `timeoutSeconds` input.
 * @param engineSeconds - the engine's timeout for the operation (`customTimeouts.create`/`update`); 0 or absent
 *   when the program sets none.
 * @param option - how the program names the engine's timeout, e.g. "customTimeouts.create".
 * @internal
 */
export function operationBudget(timeoutSeconds: number, engineSeconds: number | undefined, option: string): Budget {
  if (engineSeconds !== undefined && engineSeconds > 0 && engineSeconds < timeoutSeconds) {
    return { ms: engineSeconds * 1000, label: `${option} (${formatSeconds(engineSeconds)})` };
  }
  return { ms: timeoutSeconds * 1000, label: `timeoutSeconds (${formatSeconds(timeoutSeconds)})` };
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
