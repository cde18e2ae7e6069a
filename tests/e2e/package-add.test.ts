/**
 * `pulumi package add` with this plugin, as docs/languages.md describes it: it works where the language host can
 * generate an SDK (Java's, pulumi-java v1.22.0), and the older hosts this repository's toolchain builds refuse, for
 * the reason the page gives. When the toolchain's hosts are upgraded, the second test fails: then measure Python,
 * Go and TypeScript again with them and update the page.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { pluginExecutable, requireBuiltPlugin, requireLanguageHost } from "../support/native-plugin";
import { offlineEnv, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };

/** A new project of `runtime` in a temporary folder, and `pulumi package add <the plugin's executable>` run in it. */
async function packageAdd(runtime: string): Promise<{ dir: string; code: number; output: string }> {
  const dir = tempDir(`package-add-${runtime}`);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: package-add-${runtime}\nruntime: ${runtime}\n`);
  if (runtime === "java") {
    // A Maven project that does not use the SDK yet (the Java host builds it after generating; without a pom.xml
    // it looks for sbt).
    fs.writeFileSync(
      path.join(dir, "pom.xml"),
      '<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n' +
        "  <groupId>myorg</groupId>\n  <artifactId>package-add</artifactId>\n  <version>1.0</version>\n</project>\n",
    );
  }
  try {
    const { stdout, stderr } = await execFileAsync(
      path.join(toolchainBin, "pulumi"),
      ["package", "add", pluginExecutable],
      { cwd: dir, env: { ...process.env, ...offlineEnv(dir) } },
    );
    return { dir, code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { dir, code: e.code ?? -1, output: (e.stdout ?? "") + (e.stderr ?? "") };
  }
}

describe("pulumi package add with the cce-autopilot plugin", function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("Java: writes the SDK's sources into sdks/cce-autopilot and records the package in Pulumi.yaml", async () => {
    requireBuiltPlugin();
    requireLanguageHost("java", "Java");
    const { dir, code, output } = await packageAdd("java");
    dirs.push(dir);
    assert.equal(code, 0, output);
    assert.match(output, /Added package CCE Autopilot add-on rollback/);
    assert.match(output, /com\.google\.code\.gson/, "the next steps name the dependencies to add");
    assert.match(
      fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"),
      new RegExp(`packages:\\n {2}cce-autopilot: cce-autopilot@${version.replace(/\./g, "\\.")}\\n`),
    );
    const sources = path.join(dir, "sdks", "cce-autopilot", "src", "main", "java", "io", "github");
    const generated = path.join(sources, "pulumicceaddonrollback", "cceautopilot", "AddonVersionRollback.java");
    assert.ok(fs.existsSync(generated), `${generated} was not written`);
  });

  it("Python with the toolchain's language host (v3.79.0): refused, as the docs say, for want of GeneratePackage", async () => {
    requireBuiltPlugin();
    requireLanguageHost("python", "Python");
    const { dir, code, output } = await packageAdd("python");
    dirs.push(dir);
    assert.notEqual(code, 0, output);
    assert.match(output, /method GeneratePackage not implemented/);
    assert.ok(!fs.existsSync(path.join(dir, "sdks")), "nothing generated");
  });
});
