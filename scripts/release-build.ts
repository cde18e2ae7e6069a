/**
 * Builds every artifact of one release into one folder, then checks them:
 *
 *   npm run release:build [-- [--out <dir>] [--allow-dirty]]
 *
 * The version is package.json's; the schema, and so every generated SDK, carries the same (the SDK drift test keeps
 * sdk/ in step). The folder (default dist/release) gets the npm tarball, the plugin's Node.js SDK as an npm tarball,
 * the plugin tarball of every platform, the Python SDK's sdist and wheel, the Java SDK's jar, sources jar and pom,
 * the Go SDK's module as a proxy serves it once the commit is tagged sdk/go/v<version> (GOPROXY=file://<dir>/go),
 * and SHA256SUMS. Then the checks of scripts/release/verify.ts run on them; any finding fails the build. The report
 * (artifacts, sizes, checksums, what each check found) goes to stdout, progress to stderr.
 *
 * A release is built from a commit: a checkout with uncommitted changes is refused, unless --allow-dirty asks for a
 * trial build (its Go module is then of a commit of the working tree, `git stash create`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkoutRelease } from "../provider/native/release";
import {
  type BuildContext,
  buildGo,
  buildJava,
  buildNodejsSdk,
  buildNpm,
  buildPlugins,
  buildPython,
} from "./release/build";
import { releaseLayout } from "./release/layout";
import { run } from "./release/run";
import { runMain, verifyAndReport, writeSha256sums } from "./release/verify";

const say = (line: string) => process.stderr.write(`release:build: ${line}\n`);

async function main(): Promise<boolean> {
  const root = path.join(__dirname, "..", "..");
  const { values } = parseArgs({ options: { out: { type: "string" }, "allow-dirty": { type: "boolean" } } });
  const release = checkoutRelease(root);
  const layout = releaseLayout(release.version);

  const dirty = (await run("git", ["status", "--porcelain"], { cwd: root })).split("\n").filter(Boolean);
  if (dirty.length > 0 && !values["allow-dirty"]) {
    // `git status --porcelain` lines are "XY <path>".
    const changed =
      dirty
        .slice(0, 3)
        .map((line) => line.slice(3))
        .join(", ") + (dirty.length > 3 ? ", ..." : "");
    throw new Error(
      `the checkout has ${dirty.length} uncommitted change(s) (${changed}): a release ` +
        "is built from a commit; commit or stash them, or pass --allow-dirty for a trial build. Nothing was built",
    );
  }
  const byDefault = values.out === undefined;
  const out = path.resolve(values.out ?? path.join(root, "dist", "release"));
  if (byDefault) fs.rmSync(out, { recursive: true, force: true });
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
    throw new Error(`--out ${out} is not empty: give a new or empty folder (nothing in it was changed)`);
  }
  // A trial build's Go module is of a commit of the working tree; git needs a committer name for it, even unset.
  const identity = ["-c", "user.name=release-build", "-c", "user.email=release-build@localhost"];
  const revision =
    (dirty.length > 0 ? (await run("git", [...identity, "stash", "create"], { cwd: root })).trim() : "") ||
    (await run("git", ["rev-parse", "HEAD"], { cwd: root })).trim();
  // HEAD's time, also for a trial build: the same tree then gives the same bytes.
  const committed = new Date((await run("git", ["show", "-s", "--format=%cI", "HEAD"], { cwd: root })).trim());
  const python = path.join(root, ".toolchain", "python", "bin", "python");
  if (!fs.existsSync(python)) throw new Error(`no Python environment at ${python}: run scripts/setup-toolchain.sh`);

  fs.mkdirSync(out, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cce-release-"));
  const ctx: BuildContext = {
    root,
    out,
    work,
    release,
    layout,
    revision,
    committed,
    python,
    goModZip: "cce-gomodzip",
    say,
  };
  try {
    say(
      `${release.version} from ${revision.slice(0, 12)}${dirty.length > 0 ? " (a trial: uncommitted changes)" : ""} into ${out}`,
    );
    const steps: [string, (c: BuildContext) => Promise<void>][] = [
      ["npm package", buildNpm],
      ["Node.js SDK", buildNodejsSdk],
      ["plugin tarballs", buildPlugins],
      ["Python sdist and wheel", buildPython],
      ["Java jar, sources and pom", buildJava],
      ["Go module", buildGo],
    ];
    for (const [what, step] of steps) {
      const started = process.hrtime.bigint();
      await step(ctx);
      say(`${what}: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    }
    writeSha256sums(out);

    const ok = await verifyAndReport(out, { root, release, python, work }, say);
    if (ok)
      say(`release ${release.version} is in ${out}; publish it from the commit tagged ${layout.tags.join(" and ")}`);
    return ok;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

runMain(say, main);
