/** The release's report: its artifacts with sizes and checksums, then what each check found. Pure text. */
import type { Verification } from "./verify";

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} B`;

export function reportText(version: string, verification: Verification): string {
  const lines = [`Release ${version}`, "", "| artifact | size | sha256 |", "|---|---:|---|"];
  for (const a of verification.artifacts) lines.push(`| ${a.name} | ${size(a.bytes)} | ${a.sha256} |`);
  lines.push("", "| check | result |", "|---|---|");
  for (const c of verification.checks) {
    lines.push(
      `| ${c.check} | ${c.findings.length === 0 ? `passed: ${c.detail}` : `FAILED: ${c.findings.join("; ")}`} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export const releaseFindingsOf = (verification: Verification): string[] =>
  verification.checks.flatMap((c) => c.findings.map((f) => `${c.check}: ${f}`));
