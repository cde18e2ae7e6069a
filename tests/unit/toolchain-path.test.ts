import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot, tempDir } from "../support/toolchain";

const execFileAsync = promisify(execFile);

/** What scripts/setup-toolchain.sh reads of the checkout: copied into a temporary one, so that it writes nothing here. */
const CHECKOUT_FILES = [
  "scripts/setup-toolchain.sh",
  "scripts/toolchain.env",
  "scripts/python-requirements.txt",
  "scripts/sdkgen",
  "scripts/sdkgen-java",
  "scripts/sdkgen-dotnet",
  "scripts/sdkgen-common",
  "scripts/gomodzip",
  "tests/official-sdks/python/requirements.txt",
  "tests/official-sdks/go",
];

/** Commands the script must not find: stand-ins answer for some, and none is run for real. */
const HIDDEN_COMMANDS = /^(node|nodejs|npm|npx|corepack|go|gofmt|pulumi.*|python.*|pip.*)$/;

const pins = Object.fromEntries(
  [...fs.readFileSync(path.join(repoRoot, "scripts", "toolchain.env"), "utf8").matchAll(/^([A-Z_]+)=(\S+)$/gm)].map(
    (m) => [m[1]!, m[2]!],
  ),
);
const script = (body: string) => `#!/bin/sh\n${body}\n`;

/**
 * A sandbox for scripts/setup-toolchain.sh in which nothing is built, fetched or written outside temporary folders:
 * a copy of the files it reads (it writes .pulumi-state beside them), a temporary toolchain cache and toolchain
 * directory, and a PATH with the system's tools but stand-ins for node (version 22) and go. The stand-in go answers
 * `go env`, and "builds" by sleeping `buildMs` and writing a script where the binary would go; it fails as the real
 * build did when another run removed its work folder or its output folder meanwhile. Every call is logged.
 * No python3: the Python steps say it is missing and do nothing.
 */
function sandbox(buildMs = 0) {
  const dir = tempDir("toolchain-sandbox");
  const root = path.join(dir, "checkout");
  for (const file of CHECKOUT_FILES) {
    fs.cpSync(path.join(repoRoot, file), path.join(root, file), { recursive: true });
  }
  const cache = path.join(dir, "cache");
  const gomodcache = path.join(dir, "gomodcache");
  const goLog = path.join(dir, "go.log");
  const standins = path.join(dir, "standins");
  fs.mkdirSync(standins);
  fs.writeFileSync(
    path.join(standins, "node"),
    script(`case "$1" in --version) echo v22.0.0 ;; -p) echo 22 ;; *) exit 1 ;; esac`),
    { mode: 0o755 },
  );
  const sleep = `sleep ${(buildMs / 1000).toFixed(3)}`;
  fs.writeFileSync(
    path.join(standins, "go"),
    script(`echo "$*" >>"${goLog}"
case "$1 $2" in
  "env GOOS") echo linux ;;
  "env GOARCH") echo amd64 ;;
  "env GOMODCACHE") echo "${gomodcache}" ;;
  "mod init") echo "module $3" >go.mod ;;
  "mod download")
    # The files the script installs from a module it downloads.
    if [ -n "$3" ]; then
      mkdir -p "${gomodcache}/$3/nodejs/dist" "${gomodcache}/$3/python/cmd"
      printf '#!/bin/sh\\nexit 0\\n' >"${gomodcache}/$3/nodejs/dist/pulumi-resource-pulumi-nodejs"
      printf '#!/bin/sh\\nexit 0\\n' >"${gomodcache}/$3/python/cmd/pulumi-language-python-exec"
    fi ;;
  "get "*) ${sleep}; [ -f go.mod ] || { echo "stand-in go: the work folder is gone" >&2; exit 1; } ;;
  "build "*)
    ${sleep}
    [ -f go.mod ] || [ -f main.go ] || { echo "stand-in go: the work folder is gone" >&2; exit 1; }
    out=""; prev=""
    for a in "$@"; do [ "$prev" = -o ] && out="$a"; prev="$a"; done
    printf '#!/bin/sh\\necho v${pins.PULUMI_VERSION}\\n' >"$out" && chmod 755 "$out" ;;
  *) echo "stand-in go: unexpected: $*" >&2; exit 1 ;;
esac`),
    { mode: 0o755 },
  );
  const system = path.join(dir, "system-bin");
  fs.mkdirSync(system);
  for (const folder of ["/usr/local/bin", "/usr/bin", "/bin"]) {
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder)) {
      const link = path.join(system, name);
      if (HIDDEN_COMMANDS.test(name) || fs.existsSync(link)) continue;
      fs.symlinkSync(path.join(folder, name), link);
    }
  }
  const pulumiBin = path.join(
    cache,
    `pulumi-${pins.PULUMI_VERSION}-langhost-sdk-${pins.LANGHOST_SDK_VERSION}-linux-amd64`,
    "bin",
  );
  return {
    dir,
    cache,
    goLog,
    /** The pinned Pulumi CLI in the cache, as if an earlier run had built it (a stand-in). */
    pulumiBin,
    warmPinnedCli() {
      fs.mkdirSync(pulumiBin, { recursive: true });
      fs.writeFileSync(path.join(pulumiBin, "pulumi"), script(`echo v${pins.PULUMI_VERSION}`), { mode: 0o755 });
      for (const b of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
        fs.writeFileSync(path.join(pulumiBin, b), script("exit 0"), { mode: 0o755 });
      }
    },
    /** Runs the script; resolves with its output and where .toolchain/bin/pulumi leads. */
    async run(options: { pathDir?: string; acceptPath?: boolean; args?: string[] } = {}) {
      const tc = fs.mkdtempSync(path.join(dir, "toolchain-"));
      const env: Record<string, string> = {
        PATH: [...(options.pathDir ? [options.pathDir] : []), standins, system].join(path.delimiter),
        HOME: path.join(dir, "home"),
        PULUMI_CCE_TOOLCHAIN_DIR: tc,
        PULUMI_CCE_TOOLCHAIN_CACHE: cache,
        ...(options.acceptPath ? { PULUMI_CCE_ACCEPT_PATH_PULUMI: "1" } : {}),
      };
      const setup = path.join(root, "scripts", "setup-toolchain.sh");
      const args = options.args ?? ["--no-languages"];
      try {
        const { stderr } = await execFileAsync("/bin/bash", [setup, ...args], { env, encoding: "utf8" });
        return { log: stderr, linked: fs.realpathSync(path.join(tc, "bin", "pulumi")) };
      } catch (err) {
        const e = err as { code?: number; stderr?: string };
        throw new Error(`setup-toolchain.sh failed (${e.code}):\n${e.stderr}`, { cause: err });
      }
    },
    /** The stand-in go's calls that would build or fetch something. */
    builds(): string[] {
      const calls = fs.existsSync(goLog) ? fs.readFileSync(goLog, "utf8").split("\n") : [];
      return calls.filter((c) => /^(get|build) /.test(c));
    },
  };
}

/**
 * Which Pulumi CLI scripts/setup-toolchain.sh picks, with a stand-in `pulumi` on PATH that only reports a version,
 * and that runs at once into one cold cache both finish. Everything runs in a sandbox (above): the shared toolchain
 * cache is neither read nor written, and nothing is built.
 */
describe("setup-toolchain.sh", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  function fakePulumi(version: string, withHost = true): string {
    const dir = tempDir(`fake-pulumi-${version}`);
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "pulumi"), script(`echo v${version}`), { mode: 0o755 });
    if (withHost) {
      for (const b of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
        fs.writeFileSync(path.join(dir, b), script("exit 0"), { mode: 0o755 });
      }
    }
    return dir;
  }

  function warmSandbox() {
    const box = sandbox();
    dirs.push(box.dir);
    box.warmPinnedCli();
    return box;
  }

  describe("a pulumi already on PATH", function () {
    it("npm run demo's mode: a newer pulumi with its language host is used, and says so", async function () {
      const box = warmSandbox();
      const dir = fakePulumi("3.270.0");
      const { log, linked } = await box.run({ pathDir: dir, acceptPath: true, args: [] });
      assert.match(log, new RegExp(`using pulumi v3\\.270\\.0 from PATH \\(${dir}/pulumi\\); nothing to build`));
      assert.equal(linked, fs.realpathSync(path.join(dir, "pulumi")));
      assert.deepEqual(box.builds(), []);
    });

    it("npm run demo's mode: one older than the oldest supported version is not", async function () {
      const box = warmSandbox();
      const dir = fakePulumi("3.100.0");
      const { log, linked } = await box.run({ pathDir: dir, acceptPath: true, args: [] });
      assert.match(log, /pulumi v3\.100\.0 on PATH is not used: older than v3\.139\.0/);
      assert.match(log, /using pulumi v3\.260\.0 from /);
      assert.equal(linked, path.join(box.pulumiBin, "pulumi"));
      assert.deepEqual(box.builds(), []);
    });

    it("tests and CI: only the pinned version is used, whatever is on PATH", async function () {
      const box = warmSandbox();
      const { log, linked } = await box.run({ pathDir: fakePulumi("3.270.0") });
      assert.match(log, /pulumi v3\.270\.0 on PATH is not used: the pinned v3\.260\.0 is needed/);
      assert.match(log, /using pulumi v3\.260\.0 from /);
      assert.equal(linked, path.join(box.pulumiBin, "pulumi"));
      assert.deepEqual(box.builds(), []);
    });

    it("a pulumi without its Node.js language host beside it is not used", async function () {
      const box = warmSandbox();
      const { log } = await box.run({ pathDir: fakePulumi("3.270.0", false), acceptPath: true, args: [] });
      assert.match(log, /has no pulumi-language-nodejs and pulumi-resource-pulumi-nodejs beside it: not used/);
      assert.match(log, /using pulumi v3\.260\.0 from /);
      assert.deepEqual(box.builds(), []);
    });
  });

  it("two runs started at once into one cold cache both finish; the second waits, and the CLI is built once", async function () {
    // Each stand-in build step takes 400 ms: without the cache's lock, the second run removed the first one's work
    // folder (and .partial output) in the middle of its build, as a second `npm test` did to a cold build.
    const box = sandbox(400);
    dirs.push(box.dir);
    const [first, second] = await Promise.all([box.run(), box.run()]);
    for (const { linked } of [first, second]) assert.equal(linked, path.join(box.pulumiBin, "pulumi"));
    const logs = [first.log, second.log];
    assert.equal(logs.filter((l) => /building pulumi v3\.260\.0 from Go modules/.test(l)).length, 1, logs.join("\n"));
    assert.equal(logs.filter((l) => /another setup-toolchain\.sh is working in .*: waiting/.test(l)).length, 1);
    assert.deepEqual(
      box.builds().filter((c) => c.startsWith("build ")).length,
      2,
      "pulumi and pulumi-language-nodejs, once each",
    );
    for (const log of logs) assert.match(log, /toolchain: ready/);
  });
});
