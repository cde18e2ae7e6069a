import { type Clock, systemClock } from "./clock";

/**
 * What the code takes from its surroundings besides its inputs: time, randomness (retry jitter, poll spread) and
 * where progress lines go. One object, handed down as it is, so that a test or a benchmark that drives time drives
 * it everywhere at once.
 * @public
 */
export interface Runtime {
  clock: Clock;
  /** A number in [0, 1), as Math.random. */
  random: () => number;
  /** Receives progress lines (a rollback's steps, a retry). */
  log: (line: string) => void;
}

/**
 * A runtime: the real clock and Math.random unless given, and a log that drops lines unless one is given (a
 * library call such as getAddonInstance must not print into a program's output).
 * @public
 */
export function makeRuntime(parts: Partial<Runtime> = {}): Runtime {
  return { clock: systemClock, random: Math.random, log: () => undefined, ...parts };
}
