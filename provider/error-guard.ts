/**
 * A type guard for an error class. `instanceof` fails across two copies of this package (two versions installed
 * side by side, or a program and its dynamic provider resolving different copies), so the error's `name` is
 * checked as well: the class's own, and those of the subclasses given.
 * @internal
 */
export function errorGuard<T extends Error>(
  type: abstract new (...args: never[]) => T,
  ...subclassNames: string[]
): (err: unknown) => err is T {
  const names = [type.name, ...subclassNames];
  return (err: unknown): err is T => err instanceof type || (err instanceof Error && names.includes(err.name));
}
