import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { offlineEnv, pulumiCommand, repoRoot, tempDir } from "../support/toolchain";

// Proves the real Pulumi engine (CLI + Node.js language host + dynamic-provider plugin) runs on this machine
// with no network: a local program with real node_modules, driven through the Automation API.
describe("real Pulumi engine", function () {
  this.timeout(180_000);
  let dir: string;
  let stack: Stack;

  before(async () => {
    dir = tempDir("engine-smoke");
    const program = path.join(dir, "program");
    fs.cpSync(path.join(repoRoot, "tests", "e2e", "programs", "smoke"), program, { recursive: true });
    // The program resolves @pulumi/pulumi from the repository's installed modules.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(program, "node_modules"), "dir");
    const pulumi = await pulumiCommand();
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "smoke", workDir: program },
      { pulumiCommand: pulumi, envVars: offlineEnv(dir) },
    );
  });

  after(async () => {
    if (stack) await stack.workspace.removeStack("smoke", { force: true });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("should report the pinned engine version", () => {
    const pinned = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const version = stack.workspace.pulumiVersion;
    console.log(`      engine: pulumi v${version}`);
    assert.equal(version, pinned.devDependencies["@pulumi/pulumi"]);
  });

  it("should create a dynamic resource, read its outputs and destroy it", async () => {
    const up = await stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.equal(up.outputs.greeting?.value, "hello engine");
    assert.equal(up.outputs.echoId?.value, "echo-engine");
    assert.equal(up.summary.resourceChanges?.create, 2);

    const destroy = await stack.destroy();
    assert.equal(destroy.summary.result, "succeeded");
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
    const state = (await stack.exportStack()).deployment as { resources?: unknown[] };
    assert.equal(state.resources?.length ?? 0, 0);
  });
});
