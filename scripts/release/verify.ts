/**
 * Verifies a release folder: what findings.ts judges from the files themselves (names, SHA256SUMS, one version,
 * LICENSE), then each ecosystem's own check (checks.ts). Used by release:build on what it just built, and by
 * release:check on a folder from elsewhere.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Release } from "../../provider/native/release";
import { hostPlatform } from "../plugin/platforms";
import {
  type CheckResult,
  attw,
  changelogFindings,
  goModuleBuilds,
  nodejsSdkInstalls,
  pluginInstalls,
  publint,
  wheelInstalls,
} from "./checks";
import { type ReleaseFolder, releaseFindings } from "./findings";
import { inspectRelease } from "./inspect";
import { type ReleaseLayout, SUMS_FILE, releaseFiles, releaseLayout } from "./layout";
import { releaseFindingsOf, reportText } from "./report";
import { parseSha256sums, sha256sumsText } from "./sums";

export interface Artifact {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Verification {
  artifacts: Artifact[];
  checks: CheckResult[];
}

/** Every file under `dir`, relative to it with forward slashes, sorted. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

export function sha256Of(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * SHA256SUMS for every file now under `dir`, written beside them. A new file renamed into place: an existing
 * SHA256SUMS is replaced, never written through (it may be a link to another folder's).
 */
export function writeSha256sums(dir: string): void {
  const files = filesUnder(dir).filter((f) => f !== SUMS_FILE);
  const text = sha256sumsText(files.map((name) => ({ name, sha256: sha256Of(path.join(dir, name)) })));
  const partial = path.join(dir, `.${SUMS_FILE}.partial`);
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, path.join(dir, SUMS_FILE));
}

/** The release folder read as findings.ts judges it: its files with their checksums, SHA256SUMS, each artifact's facts. */
export async function readReleaseFolder(
  dir: string,
  layout: ReleaseLayout,
  pluginDownloadURL?: string,
): Promise<{ folder: ReleaseFolder; artifacts: Artifact[] }> {
  const present = filesUnder(dir);
  const artifacts = present.map((name) => {
    const file = path.join(dir, name);
    return { name, bytes: fs.statSync(file).size, sha256: sha256Of(file) };
  });
  let sums: Map<string, string> | Error;
  try {
    sums = parseSha256sums(fs.readFileSync(path.join(dir, SUMS_FILE), "utf8"));
  } catch (err) {
    sums = err instanceof Error ? err : new Error(String(err));
  }
  const folder: ReleaseFolder = {
    expected: releaseFiles(layout),
    present,
    sums,
    digests: new Map(artifacts.map((a) => [a.name, a.sha256])),
    facts: await inspectRelease(dir, layout, pluginDownloadURL),
  };
  return { folder, artifacts };
}

export async function verifyRelease(
  dir: string,
  opts: { root: string; release: Release; python: string; work: string },
): Promise<Verification> {
  const layout = releaseLayout(opts.release.version);
  const { folder, artifacts } = await readReleaseFolder(dir, layout, opts.release.pluginDownloadURL);
  const { expected, sums, digests, facts } = folder;
  const artifactsFindings = releaseFindings(folder);
  const marks = facts.reduce((n, f) => n + f.marks.length, 0);
  const checks: CheckResult[] = [
    {
      check: "files, SHA256SUMS, one version, LICENSE",
      findings: artifactsFindings,
      detail: `the ${expected.length} files expected and ${SUMS_FILE} listing them; ${marks} version marks in ${facts.length} artifacts all say ${opts.release.version}; each carries LICENSE`,
    },
    {
      check: "CHANGELOG.md",
      findings: changelogFindings(fs.readFileSync(path.join(opts.root, "CHANGELOG.md"), "utf8"), opts.release.version),
      detail: `has a section for ${opts.release.version}`,
    },
  ];
  const at = (name: string) => path.join(dir, name);
  const scratch = (name: string) => fs.mkdtempSync(path.join(opts.work, `${name}-`));
  if (fs.existsSync(at(layout.npmTarball))) {
    checks.push(await publint(at(layout.npmTarball)));
    checks.push(await attw(opts.root, at(layout.npmTarball), scratch("attw")));
  }
  if (fs.existsSync(at(layout.nodejsSdkTarball))) {
    const sdk = at(layout.nodejsSdkTarball);
    checks.push(await publint(sdk, "publint (Node.js SDK)"));
    checks.push(await attw(opts.root, sdk, scratch("attw-sdk"), "arethetypeswrong (Node.js SDK)"));
    checks.push(await nodejsSdkInstalls(opts.root, sdk, opts.release, scratch("nodejs-sdk")));
  }
  if (fs.existsSync(at(layout.pythonWheel))) {
    checks.push(await wheelInstalls(opts.python, at(layout.pythonWheel), layout, scratch("wheel")));
  }
  const host = hostPlatform();
  const tarball = host && layout.pluginTarballs[host];
  if (tarball && fs.existsSync(at(tarball))) {
    const listed = sums instanceof Error ? undefined : sums.get(tarball);
    checks.push(await pluginInstalls(at(tarball), listed ?? digests.get(tarball)!, opts.release, scratch("plugin")));
  }
  if (fs.existsSync(at(layout.go.zip))) {
    checks.push(await goModuleBuilds(opts.release, dir, layout, scratch("go")));
  }
  return { artifacts, checks };
}

/**
 * Verifies `dir` as verifyRelease does, writes the report to stdout and each finding through `say`; resolves with
 * whether there were none.
 */
export async function verifyAndReport(
  dir: string,
  opts: Parameters<typeof verifyRelease>[1],
  say: (line: string) => void,
): Promise<boolean> {
  const started = process.hrtime.bigint();
  const verification = await verifyRelease(dir, opts);
  say(`checks: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  process.stdout.write(reportText(opts.release.version, verification));
  const findings = releaseFindingsOf(verification);
  if (findings.length > 0) {
    say(
      `${findings.length} finding(s) in ${dir}, which is not release ${opts.release.version}:\n  ${findings.join("\n  ")}`,
    );
  }
  return findings.length === 0;
}

/** Runs a release command's main: its resolved value is the exit status; an error is said, and the status is 1. */
export function runMain(say: (line: string) => void, main: () => Promise<boolean>): void {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      say(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
