/**
 * npm run release:build, as a maintainer runs it: every artifact of the version into one folder, then the checks.
 * The release is built once (about a minute and a half: five plugin tarballs, Maven, the checks); the cases then
 * read it, change copies of it to see the checks catch an artifact of another version, and run a TypeScript program
 * on the engine with the Node.js SDK and the plugin installed from it.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { unzipSync, zipSync } from "fflate";
import * as tar from "tar";
import { checkoutRelease } from "../../provider/native/release";
import { buildNodejsSdk } from "../../scripts/release/build";
import { NODEJS_PROGRAM_TSCONFIG } from "../../provider/native/examples";
import {
  NODEJS_SDK_PROGRAM,
  attw,
  nodejsSdkInstalls,
  npmInstall,
  pinnedSpecs,
  publint,
} from "../../scripts/release/checks";
import { releaseFindings } from "../../scripts/release/findings";
import { type ReleaseLayout, SUMS_FILE, releaseFiles, releaseLayout } from "../../scripts/release/layout";
import { filesUnder, readReleaseFolder, sha256Of, writeSha256sums } from "../../scripts/release/verify";
import { DEFAULT_SEED, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { assertFirstRollback } from "../support/first-rollback";
import { requireLanguageHost } from "../support/native-plugin";
import { nativeStack } from "../support/native-stack";
import { offlineEnv, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const env = { ...process.env, PATH: `${toolchainBin}${path.delimiter}${process.env.PATH ?? ""}` };

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function script(name: string, args: string[]): Promise<Ran> {
  return execFileAsync(process.execPath, [path.join(repoRoot, "dist", "scripts", name), ...args], {
    cwd: repoRoot,
    env,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? -1,
      stdout: err.stdout ?? "",
      stderr: err.stderr ?? "",
    }),
  );
}

/** A copy of a release folder made of hard links: cheap for 200 MB of tarballs; `replace` never writes through one. */
function linkCopy(from: string, to: string): void {
  for (const file of filesUnder(from)) {
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.linkSync(path.join(from, file), path.join(to, file));
  }
}

function replace(file: string, contents: Buffer): void {
  fs.rmSync(file);
  fs.writeFileSync(file, contents);
}

/** Changes one file of a zip (wheel, jar, Go module). */
function editZip(file: string, member: string, edit: (text: string) => string): void {
  const entries = unzipSync(fs.readFileSync(file));
  assert.ok(entries[member], `${member} is in ${path.basename(file)}`);
  entries[member] = Buffer.from(edit(Buffer.from(entries[member]).toString("utf8")));
  replace(file, Buffer.from(zipSync(entries)));
}

/** Changes one file of a gzipped tarball (the npm package). */
async function editTarball(file: string, member: string, edit: (text: string) => string, work: string): Promise<void> {
  const unpacked = fs.mkdtempSync(path.join(work, "unpacked-"));
  await tar.x({ file, cwd: unpacked });
  const target = path.join(unpacked, member);
  fs.writeFileSync(target, edit(fs.readFileSync(target, "utf8")));
  fs.rmSync(file);
  await tar.c({ gzip: true, file, cwd: unpacked, portable: true }, fs.readdirSync(unpacked));
}

async function findingsIn(dir: string, layout: ReleaseLayout): Promise<string[]> {
  return releaseFindings((await readReleaseFolder(dir, layout)).folder);
}

describe("npm run release:build (every artifact of one version, checked)", function () {
  this.timeout(15 * 60_000);
  const { version } = checkoutRelease(repoRoot);
  const layout = releaseLayout(version);
  let work: string;
  let out: string;
  let built: Ran;

  before(async () => {
    work = tempDir("release");
    out = path.join(work, "release");
    // --allow-dirty: a developer runs the suite with uncommitted changes; CI's clean clone builds the same way.
    built = await script("release-build.js", ["--out", out, "--allow-dirty"]);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("builds every artifact into one folder, and every check passes", () => {
    assert.equal(built.code, 0, built.stderr.split("\n").slice(-30).join("\n"));
    assert.deepEqual(filesUnder(out), [...releaseFiles(layout), SUMS_FILE].sort());
    const checks = built.stdout.split("\n").filter((l) => /^\| [^|]+ \| (passed|FAILED)/.test(l));
    assert.deepEqual(
      checks.map((l) => l.split(" | ")[0]!.slice(2)),
      [
        "files, SHA256SUMS, one version, LICENSE",
        "CHANGELOG.md",
        "publint",
        "arethetypeswrong",
        "publint (Node.js SDK)",
        "arethetypeswrong (Node.js SDK)",
        "Node.js SDK installs and type-checks",
        "wheel installs and imports",
        "plugin installs and answers GetSchema",
        "Go module builds",
      ],
    );
    assert.ok(
      checks.every((l) => l.includes("| passed: ")),
      checks.join("\n"),
    );
    assert.match(built.stderr, new RegExp(`publish it from the commit tagged v${version} and sdk/go/v${version}`));
  });

  it("writes SHA256SUMS that sha256sum -c accepts for every file", async () => {
    const { stdout } = await execFileAsync("sha256sum", ["-c", SUMS_FILE], { cwd: out });
    assert.equal(stdout.trim().split("\n").length, releaseFiles(layout).length);
    assert.ok(
      stdout
        .trim()
        .split("\n")
        .every((l) => l.endsWith(": OK")),
    );
  });

  it("gives the same bytes again for the Go module and the npm packages (the same commit, the same tree)", async () => {
    const again = path.join(work, "again");
    fs.mkdirSync(again);
    // The revision release:build took: a commit of the working tree when it has changes, else HEAD.
    const git = (args: string[]) => execFileAsync("git", args, { cwd: repoRoot }).then(({ stdout }) => stdout.trim());
    const revision = (await git(["stash", "create"])) || (await git(["rev-parse", "HEAD"]));
    const { stdout } = await execFileAsync(path.join(toolchainBin, "cce-gomodzip"), [
      ...["-repo", repoRoot, "-rev", revision, "-subdir", "sdk/go", "-version", `v${version}`, "-out", again],
    ]);
    assert.equal(path.basename(stdout.trim()), `v${version}.zip`);
    assert.equal(
      sha256Of(path.join(again, layout.go.zip.slice("go/".length))),
      sha256Of(path.join(out, layout.go.zip)),
      "the Go module zip of sdk/go",
    );

    const packed = await execFileAsync("npm", ["pack", "--json", "--pack-destination", again], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as [{ filename: string }];
    assert.equal(filename, layout.npmTarball);
    assert.equal(sha256Of(path.join(again, filename)), sha256Of(path.join(out, layout.npmTarball)), "the npm tarball");

    // The Node.js SDK's builder alone (it reads only sdk/nodejs, LICENSE and the TypeScript of node_modules).
    const scratch = fs.mkdtempSync(path.join(work, "sdk-again-"));
    await buildNodejsSdk({
      ...{ root: repoRoot, out: again, work: scratch, release: checkoutRelease(repoRoot), layout },
      ...{ revision: revision, committed: new Date(0), python: "", goModZip: "", say: () => undefined },
    });
    assert.equal(
      sha256Of(path.join(again, layout.nodejsSdkTarball)),
      sha256Of(path.join(out, layout.nodejsSdkTarball)),
      "the Node.js SDK's tarball",
    );
  });

  describe("finds an artifact that carries another version", () => {
    const cases: [what: string, change: (dir: string) => void | Promise<void>, finding: (v: string) => string][] = [
      [
        "the npm package's package.json",
        (dir) =>
          editTarball(
            path.join(dir, layout.npmTarball),
            "package/package.json",
            (t) => t.replace(`"version": "${version}"`, '"version": "9.9.9"'),
            work,
          ),
        () => `${layout.npmTarball}: package/package.json says 9.9.9, not ${version}`,
      ],
      [
        "the Node.js SDK's bin/package.json (the version the SDK asks the engine for)",
        (dir) =>
          editTarball(
            path.join(dir, layout.nodejsSdkTarball),
            "package/bin/package.json",
            (t) => t.replace(`"version": "${version}"`, '"version": "9.9.9"'),
            work,
          ),
        () => `${layout.nodejsSdkTarball}: package/bin/package.json says 9.9.9, not ${version}`,
      ],
      [
        "the wheel's METADATA",
        (dir) =>
          editZip(path.join(dir, layout.pythonWheel), `pulumi_cce_autopilot-${version}.dist-info/METADATA`, (t) =>
            t.replace(`Version: ${version}`, "Version: 9.9.9"),
          ),
        () => `${layout.pythonWheel}: pulumi_cce_autopilot-${version}.dist-info/METADATA says 9.9.9, not ${version}`,
      ],
      [
        "the jar's pom.properties",
        (dir) =>
          editZip(
            path.join(dir, layout.javaJar),
            "META-INF/maven/io.github.pulumi-cce-addon-rollback/cce-autopilot/pom.properties",
            (t) => t.replace(`version=${version}`, "version=9.9.9"),
          ),
        () =>
          `${layout.javaJar}: META-INF/maven/io.github.pulumi-cce-addon-rollback/cce-autopilot/pom.properties says 9.9.9, not ${version}`,
      ],
      [
        "the Go module's pulumi-plugin.json",
        (dir) =>
          editZip(
            path.join(dir, layout.go.zip),
            `github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go@v${version}/cceautopilot/pulumi-plugin.json`,
            (t) => t.replace(`"version": "${version}"`, '"version": "9.9.9"'),
          ),
        () => `${layout.go.zip}: cceautopilot/pulumi-plugin.json says 9.9.9, not ${version}`,
      ],
    ];
    cases.forEach(([what, change, finding], i) => {
      it(`in ${what}`, async () => {
        assert.equal(built.code, 0, "the release was built");
        const copy = path.join(work, `changed-${i}`);
        linkCopy(out, copy);
        await change(copy);
        const sums = fs.readFileSync(path.join(out, SUMS_FILE), "utf8");
        // SHA256SUMS made true again, so that only the change itself can be found.
        writeSha256sums(copy);
        assert.deepEqual(await findingsIn(copy, layout), [finding(version)]);
        assert.equal(fs.readFileSync(path.join(out, SUMS_FILE), "utf8"), sums, "the release itself is unchanged");
      });
    });

    it("and finds a LICENSE missing from the Go module", async () => {
      const copy = path.join(work, "no-license");
      linkCopy(out, copy);
      const zip = path.join(copy, layout.go.zip);
      const entries = unzipSync(fs.readFileSync(zip));
      const license = Object.keys(entries).find((n) => n.endsWith("/LICENSE"))!;
      delete entries[license];
      replace(zip, Buffer.from(zipSync(entries)));
      // SHA256SUMS made true again, so that only the change itself can be found.
      writeSha256sums(copy);
      assert.deepEqual(await findingsIn(copy, layout), [`${layout.go.zip}: has no ${license}`]);
    });
  });

  it("publint and arethetypeswrong report a broken package: main pointing nowhere, /provider without typesVersions", async () => {
    const tarball = path.join(work, "broken.tgz");
    fs.copyFileSync(path.join(out, layout.npmTarball), tarball);
    await editTarball(
      tarball,
      "package/package.json",
      (t) => {
        const pkg = JSON.parse(t) as Record<string, unknown>;
        delete pkg.typesVersions;
        return JSON.stringify({ ...pkg, main: "dist/sdk/nope.js" }, null, 2);
      },
      work,
    );
    assert.deepEqual((await publint(tarball)).findings, [
      "publint error: pkg.main is dist/sdk/nope.js but the file does not exist.",
    ]);
    assert.deepEqual((await attw(repoRoot, tarball, work)).findings, [
      "arethetypeswrong NoResolution: ./provider (node10)",
    ]);
  });

  it("the Node.js SDK's install check reports an SDK that would ask the engine for another plugin version", async () => {
    const tarball = path.join(work, "sdk-other-version.tgz");
    fs.copyFileSync(path.join(out, layout.nodejsSdkTarball), tarball);
    await editTarball(
      tarball,
      "package/bin/package.json",
      (t) => t.replace(`"version": "${version}"`, '"version": "9.9.9"'),
      work,
    );
    const checked = await nodejsSdkInstalls(
      repoRoot,
      tarball,
      checkoutRelease(repoRoot),
      fs.mkdtempSync(path.join(work, "sdk-check-")),
    );
    assert.deepEqual(checked.findings, ["the installed SDK asks the engine for plugin version 9.9.9"]);
  });

  it("release:check fails on such a folder, naming the artifact, the place and both versions", async () => {
    const copy = path.join(work, "checked");
    linkCopy(out, copy);
    await editTarball(
      path.join(copy, layout.npmTarball),
      "package/package.json",
      (t) => t.replace(`"version": "${version}"`, '"version": "9.9.9"'),
      work,
    );
    // SHA256SUMS made true again, so that only the change itself can be found.
    writeSha256sums(copy);
    const checked = await script("release-check.js", [copy]);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(
      checked.stderr,
      new RegExp(
        `1 finding\\(s\\) in .*, which is not release ${version.replace(/\./g, "\\.")}:\\n.*` +
          `${layout.npmTarball.replace(/\./g, "\\.")}: package/package\\.json says 9\\.9\\.9`,
      ),
    );
  });

  // The Node.js SDK and the plugin as a user outside this repository takes them from the release folder: the SDK
  // by `npm install <tarball>` into a new TypeScript project, the plugin by `pulumi plugin install -f` into a new
  // Pulumi home, nothing else (no plugins: block, the engine's own downloads off). The program runs on the engine
  // against the emulator.
  it("the Node.js SDK and the plugin from the release run a TypeScript program: the preview names the versions, up rolls back", async () => {
    assert.equal(built.code, 0, "the release was built");
    requireLanguageHost("nodejs", "Node.js");
    const dir = path.join(work, "nodejs-program");
    const env = offlineEnv(dir);
    const plugin = path.join(out, layout.pluginTarballs["linux-amd64"]);
    await execFileAsync(
      path.join(toolchainBin, "pulumi"),
      ["plugin", "install", "resource", "cce-autopilot", version, "-f", plugin],
      { env: { ...process.env, ...env } },
    );

    const program = path.join(dir, "program");
    fs.mkdirSync(program);
    fs.writeFileSync(
      path.join(program, "Pulumi.yaml"),
      "name: release-nodejs-sdk\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n",
    );
    fs.writeFileSync(path.join(program, "package.json"), `${JSON.stringify({ name: "program", private: true })}\n`);
    fs.writeFileSync(path.join(program, "tsconfig.json"), `${JSON.stringify(NODEJS_PROGRAM_TSCONFIG, null, 2)}\n`);
    fs.writeFileSync(path.join(program, "index.ts"), NODEJS_SDK_PROGRAM);
    // TypeScript in the project itself: without it Pulumi's Node.js host compiles the program with the TypeScript
    // its own @pulumi/pulumi vendors, which is too old for these declarations.
    const started = process.hrtime.bigint();
    await npmInstall(program, [
      path.join(out, layout.nodejsSdkTarball),
      ...pinnedSpecs(repoRoot, ["@pulumi/pulumi", "typescript", "@types/node"]),
    ]);
    console.log(
      `      npm install of the SDK's tarball: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`,
    );
    const installed = path.join(program, "node_modules", "@pulumi-cce-addon-rollback", "cce-autopilot");
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      scripts?: unknown;
      dependencies: Record<string, string>;
    };
    assert.equal(manifest.scripts, undefined, "nothing runs at install time");
    assert.deepEqual(Object.keys(manifest.dependencies), ["@pulumi/pulumi"]);
    assert.ok(fs.existsSync(path.join(installed, "bin", "index.d.ts")), "compiled, with its declarations");

    const emulator = await startEmulator({ defaultRollbackDurationMs: 1000 });
    const s = await nativeStack(program, "release", env, {
      clusterId: { value: DEFAULT_SEED.clusterId },
      trigger: { value: "INC-4211", secret: true },
      "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
      "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
      "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
      "cce-autopilot:endpoint": { value: emulator.url },
    });
    try {
      const preview = await s.stack.preview();
      assert.match(preview.stdout, /coredns 1\.28\.6 -> 1\.28\.4/, "the preview names the versions");
      assert.equal(emulator.count({ method: "POST" }), 0, "the preview sends no rollback");
      const up = await s.stack.up();
      assertFirstRollback(up, emulator);
      // The invoke and the rollback are not ordered in an up: it reads the add-on before or after.
      assert.match(String(up.outputs.versionBefore?.value), /^1\.28\.[46]$/, "getAddonInstance read the add-on");
      const { resource } = await s.exportRollback(false);
      assert.ok(resource, "the rollback is in the state");
      await s.stack.destroy();
    } finally {
      await s.remove().catch(() => undefined);
      await emulator.close();
    }
  });

  it("refuses a folder that is not empty, and changes nothing in it", async () => {
    const busy = path.join(work, "busy");
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, "keep.txt"), "mine");
    const refused = await script("release-build.js", ["--out", busy, "--allow-dirty"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--out .*busy is not empty: give a new or empty folder \(nothing in it was changed\)/);
    assert.deepEqual(fs.readdirSync(busy), ["keep.txt"]);
  });

  it("refuses a checkout with uncommitted changes unless --allow-dirty, building nothing", async () => {
    const probe = path.join(repoRoot, "release-dirty-probe.txt");
    fs.writeFileSync(probe, "an uncommitted file\n");
    try {
      const target = path.join(work, "dirty");
      const refused = await script("release-build.js", ["--out", target]);
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /the checkout has \d+ uncommitted change\(s\) \([^ ]\S*(, \S+)*(, \.\.\.)?\): a release is built from a commit/,
      );
      assert.match(refused.stderr, /pass --allow-dirty for a trial build\. Nothing was built/);
      assert.ok(!fs.existsSync(target), "no folder made");
    } finally {
      fs.rmSync(probe, { force: true });
    }
  });
});
