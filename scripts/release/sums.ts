/**
 * SHA256SUMS: the checksums of a release's files in the format `sha256sum` writes and `sha256sum -c` checks (the
 * digest, two spaces, the path relative to the file's folder), one line per file, sorted by path.
 */

export interface Checksum {
  /** The file's path relative to the folder SHA256SUMS is in, with forward slashes. */
  name: string;
  sha256: string;
}

export function sha256sumsText(sums: readonly Checksum[]): string {
  return [...sums]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => `${s.sha256}  ${s.name}\n`)
    .join("");
}

/** The checksums of a SHA256SUMS text; throws naming the first line that is not `<64 hex digits>  <path>`. */
export function parseSha256sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((line, i) => {
    if (line === "") return;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) throw new Error(`SHA256SUMS line ${i + 1} is not "<sha256>  <file>": ${JSON.stringify(line)}`);
    if (sums.has(match[2]!)) throw new Error(`SHA256SUMS lists ${match[2]} twice`);
    sums.set(match[2]!, match[1]!);
  });
  return sums;
}
