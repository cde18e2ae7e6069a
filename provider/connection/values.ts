/** How a setting's value is read wherever it comes from: trimmed, and a blank value is no value. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The first candidate that has a value, with where it came from. */
export function pick(candidates: [string, string | undefined][]): { source: string; value: string } | undefined {
  for (const [source, value] of candidates) if (value !== undefined) return { source, value };
  return undefined;
}
