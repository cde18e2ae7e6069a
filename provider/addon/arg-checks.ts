/**
 * The checks that the read functions' arguments share (getAddonInstance, listAddonInstances), so that both refuse
 * the same things in the same words, each naming its function. Pure.
 */

/**
 * The optional text arguments `names` of `args`, empty and null as absent.
 * @throws TypeError naming the function and the argument that is not text.
 * @internal
 */
export function optionalTexts<N extends string>(
  fn: string,
  args: Record<string, unknown>,
  names: readonly N[],
): Record<N, string | undefined> {
  for (const name of names) {
    const value = args[name];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new TypeError(`${fn}: ${name} must be a string`);
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, (args[name] as string | null | undefined) || undefined]),
  ) as Record<N, string | undefined>;
}

/**
 * `timeoutSeconds`, or `fallback` when absent.
 * @throws RangeError naming the function when it is not a positive number.
 * @internal
 */
export function timeoutSecondsOf(fn: string, value: unknown, fallback: number): number {
  const seconds = (value as number | null | undefined) ?? fallback;
  if (typeof seconds !== "number" || !(Number.isFinite(seconds) && seconds > 0)) {
    throw new RangeError(`${fn}: timeoutSeconds must be a positive number of seconds; got ${String(seconds)}`);
  }
  return seconds;
}
