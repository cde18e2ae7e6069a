/**
 * What every bench section shares: the shape of a measured figure, medians, and how figures are printed.
 */

/** One measured figure. `target`/`pass` are null for figures the issue sets no target for (context only). */
export interface BenchResult {
  id: string;
  section: string;
  figure: string;
  value: number;
  unit: string;
  target: string | null;
  pass: boolean | null;
  /** Every repetition, so that a reader can see the spread behind the median. */
  samples?: number[];
  /** One line of context (e.g. the other side of a comparison). */
  note?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds for display and for the results file; raw samples keep a little more precision. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function formatValue(r: Pick<BenchResult, "value" | "unit">): string {
  if (!Number.isFinite(r.value)) return "n/a";
  switch (r.unit) {
    case "reads":
      return String(r.value);
    case "B":
      return `${r.value} B`;
    case "x":
      return `${r.value.toFixed(2)}x`;
    case "%":
    case "MiB":
      return `${r.value.toFixed(1)} ${r.unit}`;
    default:
      return `${r.value.toFixed(2)} ${r.unit}`;
  }
}

export function verdict(pass: boolean | null): string {
  return pass === null ? "-" : pass ? "pass" : "MISS";
}

/** The one table `npm run bench` prints: section, figure, value, target, pass/miss. */
export function renderTable(results: readonly BenchResult[]): string {
  const rows = [
    ["Section", "Figure", "Value", "Target", "Result"],
    ...results.map((r) => [r.section, r.figure, formatValue(r), r.target ?? "-", verdict(r.pass)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** Progress lines go to stderr so that stdout carries only the table. */
export function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}
