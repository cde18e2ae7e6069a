import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, tempDir } from "../support/toolchain";

/**
 * Which Pulumi CLI scripts/setup-toolchain.sh picks, with a stand-in `pulumi` on PATH that only reports a version.
 * The toolchain directory is a temporary one; the pinned CLI comes from the cache that CI filled first.
 */
describe("setup-toolchain.sh: a pulumi already on PATH", function () {
  this.timeout(60_000);

  function fakePulumi(version: string, withHost = true): string {
    const dir = tempDir(`fake-pulumi-${version}`);
    const script = (body: string) => `#!/bin/sh\n${body}\n`;
    fs.writeFileSync(path.join(dir, "pulumi"), script(`echo v${version}`), { mode: 0o755 });
    if (withHost) {
      for (const b of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
        fs.writeFileSync(path.join(dir, b), script("exit 0"), { mode: 0o755 });
      }
    }
    return dir;
  }

  function setup(pathDir: string, acceptPath: boolean): { log: string; linked: string } {
    const tc = tempDir("toolchain");
    const node = path.dirname(process.execPath);
    // Go stays reachable (the script asks it where the cache is); nothing else from this PATH.
    const go = path.dirname(execFileSync("bash", ["-c", "command -v go"], { encoding: "utf8" }).trim());
    const env: Record<string, string> = {
      PATH: [pathDir, node, go, "/usr/bin", "/bin"].join(path.delimiter),
      HOME: process.env.HOME ?? "",
      PULUMI_CCE_TOOLCHAIN_DIR: tc,
      ...(process.env.PULUMI_CCE_TOOLCHAIN_CACHE
        ? { PULUMI_CCE_TOOLCHAIN_CACHE: process.env.PULUMI_CCE_TOOLCHAIN_CACHE }
        : {}),
      ...(acceptPath ? { PULUMI_CCE_ACCEPT_PATH_PULUMI: "1" } : {}),
    };
    const script = path.join(repoRoot, "scripts", "setup-toolchain.sh");
    const log = execFileSync("bash", ["-c", `"${script}" 2>&1`], { env, encoding: "utf8" });
    return { log, linked: fs.realpathSync(path.join(tc, "bin", "pulumi")) };
  }

  it("npm run demo's mode: a newer pulumi with its language host is used, and says so", function () {
    const dir = fakePulumi("3.270.0");
    const { log, linked } = setup(dir, true);
    assert.match(log, new RegExp(`using pulumi v3\\.270\\.0 from PATH \\(${dir}/pulumi\\); nothing to build`));
    assert.equal(linked, fs.realpathSync(path.join(dir, "pulumi")));
  });

  it("npm run demo's mode: one older than the oldest supported version is not", function () {
    const dir = fakePulumi("3.100.0");
    const { log, linked } = setup(dir, true);
    assert.match(log, /pulumi v3\.100\.0 on PATH is not used: older than v3\.139\.0/);
    assert.match(log, /using pulumi v3\.260\.0 from /);
    assert.notEqual(linked, fs.realpathSync(path.join(dir, "pulumi")));
  });

  it("tests and CI: only the pinned version is used, whatever is on PATH", function () {
    const { log } = setup(fakePulumi("3.270.0"), false);
    assert.match(log, /pulumi v3\.270\.0 on PATH is not used: the pinned v3\.260\.0 is needed/);
    assert.match(log, /using pulumi v3\.260\.0 from /);
  });

  it("a pulumi without its Node.js language host beside it is not used", function () {
    const { log } = setup(fakePulumi("3.270.0", false), true);
    assert.match(log, /has no pulumi-language-nodejs and pulumi-resource-pulumi-nodejs beside it: not used/);
    assert.match(log, /using pulumi v3\.260\.0 from /);
  });
});
