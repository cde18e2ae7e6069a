/**
 * Add-on instance and cluster IDs are UUID-like strings. Anything that could change the request path or query
 * once interpolated (`/`, `..`, `?`, `#`, `%`, whitespace, control characters) is refused before any request,
 * with an error that names the field.
 * @internal
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** @internal */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0) return "must be a non-empty string";
  if (!ID_PATTERN.test(value) || value.includes(".."))
    return "may contain only letters, digits, '.', '_' and '-' (no '/', '..', '?', '#', spaces), at most 128 characters";
  return undefined;
}

/** Throws a TypeError naming `field` when `value` is not a safe ID. @internal */
export function assertId(field: string, value: unknown): asserts value is string {
  const problem = idProblem(value);
  if (problem) throw new TypeError(`${field} ${problem}; got ${quote(value)}`);
}

/** The value for the message; never throws (JSON.stringify does on a BigInt or a circular object). */
function quote(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A BigInt or a circular object: its type will do.
  }
  return (text ?? typeof value).slice(0, 80);
}
