import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { watchingPluginMemory } from "../support/plugin-figures";
import { offlineEnv, pulumiCommand, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const pluginBin = path.join(repoRoot, "bin");
const yamlHost = path.join(toolchainBin, "pulumi-language-yaml");

interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

/** The YAML example, copied to `dir`, its plugin path pointing at this repository's bin/. */
function yamlProgram(dir: string): string {
  const program = path.join(dir, "program");
  fs.mkdirSync(program, { recursive: true });
  const text = fs.readFileSync(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8");
  assert.match(text, /path: \.\.\/\.\.\/bin/);
  fs.writeFileSync(path.join(program, "Pulumi.yaml"), text.replace("path: ../../bin", `path: ${pluginBin}`));
  return program;
}

// The cce-autopilot plugin on the real engine, from a YAML program (no SDK), against the emulator: the same
// lifecycle as the TypeScript resource's, with a secret trigger and credentials in the plugin's own config keys.
describe("native plugin from a YAML program", function () {
  this.timeout(300_000);
  let dir: string;
  let emulator: Emulator;
  let stack: Stack;
  const output: string[] = [];
  const onOutput = (text: string) => output.push(text);
  const posts = () => emulator.count({ method: "POST" });
  const requests = () => emulator.requests.length;
  let env: Record<string, string>;

  const cli = async (args: string[], stackName = "yaml") => {
    const { stdout } = await execFileAsync(path.join(toolchainBin, "pulumi"), [...args, "--stack", stackName], {
      cwd: path.join(dir, "program"),
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  };
  const exportState = async (stackName = "yaml", showSecrets = false) => {
    const text = await cli(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])], stackName);
    const state = JSON.parse(text) as { deployment: { resources?: StateResource[] } };
    const resource = state.deployment.resources?.find((r) => r.type === "cce-autopilot:index:AddonVersionRollback");
    return { text, resources: state.deployment.resources ?? [], resource };
  };

  before(async function () {
    if (!fs.existsSync(yamlHost)) {
      // Never skipped: a run without the language host would pass while proving nothing.
      throw new Error(`no YAML language host at ${yamlHost}: run scripts/setup-toolchain.sh (npm test does it)`);
    }
    if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "main.js"))) {
      throw new Error("dist/provider/native/main.js is missing: run npm run build");
    }
    dir = tempDir("native-yaml");
    emulator = await startEmulator({ defaultRollbackDurationMs: 1500 });
    env = offlineEnv(dir);
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "yaml", workDir: yamlProgram(dir) },
      { pulumiCommand: await pulumiCommand(), envVars: env },
    );
    await stack.setAllConfig({
      clusterId: { value: DEFAULT_SEED.clusterId },
      incident: { value: "INC-4211", secret: true },
      // The plugin's own config keys: a plugin receives no huaweicloud:* config.
      "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
      "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
      "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
      "cce-autopilot:endpoint": { value: emulator.url },
    });
  });

  after(async () => {
    if (stack) await stack.workspace.removeStack("yaml", { force: true }).catch(() => undefined);
    if (stack) await stack.workspace.removeStack("yaml-failed", { force: true }).catch(() => undefined);
    await emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // The emulator's request log for each step, as a figure in the test output.
  let mark = 0;
  const tally = (log: readonly { method: string }[]) =>
    `${log.filter((r) => r.method === "POST").length} POST, ${log.filter((r) => r.method === "GET").length} GET`;
  beforeEach(() => (mark = emulator?.requests.length ?? 0));
  afterEach(() => {
    if (emulator) console.log(`      requests: ${tally(emulator.requests.slice(mark))}`);
  });

  it("first up: exactly one POST, waits until the rollback has finished, progress lines under the resource", async () => {
    const { result: up, peakKiB, processes } = await watchingPluginMemory(() => stack.up({ onOutput }));
    assert.equal(up.summary.result, "succeeded");
    assert.equal(posts(), 1);
    assert.equal(up.outputs.fromVersion?.value, "1.28.6");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
    assert.equal(up.outputs.status?.value, "running");
    assert.equal(up.outputs.outcome?.value, "rolled-back");
    assert.equal(up.outputs.addonId?.value, DEFAULT_SEED.id);
    assert.equal(emulator.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
    // Sent through the engine's Log RPC with the resource's URN: shown with the resource, in order.
    const resourceLine =
      /cce-autopilot:index:AddonVersionRollback\s+addon-rollback\s+creating.*rolling back 1\.28\.6 -> 1\.28\.4/;
    assert.match(up.stdout, resourceLine);
    const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"));
    assert.match(diagnostics, /cce-autopilot:index:AddonVersionRollback \(addon-rollback\):/);
    const order = ["is coredns (ID", "rolling back 1.28.6 -> 1.28.4", "rollback finished: running at 1.28.4"];
    const at = order.map((text) => diagnostics.indexOf(text));
    assert.ok(
      at.every((i, n) => i > 0 && (n === 0 || i > at[n - 1]!)),
      `progress lines in order:\n${diagnostics}`,
    );
    console.log(`      plugin peak RSS during up: ${(peakKiB / 1024).toFixed(1)} MiB (${processes} plugin processes)`);
  });

  it("second up: no change, no request", async () => {
    const before = requests();
    const up = await stack.up({ onOutput });
    assert.equal(up.summary.resourceChanges?.same, 2);
    assert.equal(requests(), before);
  });

  it("state: the secret trigger is encrypted in inputs and outputs; no credential anywhere", async () => {
    const { text, resource } = await exportState();
    assert.ok(resource, "the rollback is in the state");
    for (const props of [resource.inputs, resource.outputs]) {
      const trigger = props?.trigger as Record<string, unknown>;
      assert.equal(trigger["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
      assert.ok(typeof trigger.ciphertext === "string", "stored as ciphertext");
    }
    assert.ok(!text.includes("INC-4211"), "the trigger is not in the state in clear");
    const shown = await exportState("yaml", true);
    const plaintext = (shown.resource?.outputs?.trigger as { plaintext?: string } | undefined)?.plaintext;
    assert.deepEqual(JSON.parse(plaintext ?? "null"), { incident: "INC-4211" }, "the trigger is the one given");
    for (const credential of [TEST_CREDENTIALS.accessKey, TEST_CREDENTIALS.secretKey]) {
      assert.ok(!text.includes(credential), "no credential in the state");
      assert.ok(!JSON.stringify(shown.resource).includes(credential), "no credential in the resource's state");
      for (const line of output) assert.ok(!line.includes(credential), "no credential in the CLI output");
    }
    for (const line of output) assert.ok(!line.includes("INC-4211"), "the secret trigger is not in the CLI output");
  });

  it("trigger change: the preview shows a replacement and sends nothing; up makes exactly one more POST", async () => {
    await stack.setConfig("incident", { value: "INC-4302", secret: true });
    const before = requests();
    const preview = await stack.preview({ onOutput });
    assert.equal(preview.changeSummary.replace, 1);
    assert.equal(requests(), before);

    emulator.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
    const up = await stack.up({ onOutput });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 2);
    assert.equal(up.outputs.fromVersion?.value, "1.28.7");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
  });

  it("a plain trigger change shows as a replacement of trigger ([diff: ~trigger])", async () => {
    // Not secret this time, so that the CLI can show which input differs.
    try {
      await stack.setConfig("incident", { value: "INC-4302" });
      const same = await stack.preview({ onOutput });
      assert.equal(same.changeSummary.replace ?? 0, 0, "the same value, no longer secret, is no replacement");
      await stack.setConfig("incident", { value: "INC-4400" });
      const before = requests();
      const preview = await stack.preview({ onOutput });
      assert.equal(preview.changeSummary.replace, 1);
      assert.match(preview.stdout, /AddonVersionRollback\s+addon-rollback\s+replace\s+\[diff: ~trigger\]/);
      assert.equal(requests(), before);
    } finally {
      await stack.setConfig("incident", { value: "INC-4302", secret: true });
    }
  });

  it("refresh: reads only, no POST; the next up sends nothing", async () => {
    const postsBefore = posts();
    const getsBefore = emulator.count({ method: "GET" });
    const refresh = await stack.refresh({ onOutput });
    assert.equal(refresh.summary.result, "succeeded");
    assert.equal(posts(), postsBefore);
    assert.ok(emulator.count({ method: "GET" }) > getsBefore, "refresh read the add-on");
    const { resource } = await exportState("yaml", true);
    assert.equal(resource?.outputs?.status, "running");
    assert.deepEqual(Object.keys(resource?.inputs ?? {}).sort(), [
      "addonName",
      "clusterId",
      "timeoutSeconds",
      "trigger",
    ]);
    const before = requests();
    const up = await stack.up({ onOutput });
    assert.equal(up.summary.resourceChanges?.same, 2);
    assert.equal(requests(), before);
  });

  it("destroy: no request, the add-on stays rolled back", async () => {
    const before = requests();
    const destroy = await stack.destroy({ onOutput });
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
    assert.equal(requests(), before);
    assert.equal(emulator.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
  });

  it("failed rollback: the error carries the add-on's reason and the resource is recorded (credentials from HW_*)", async () => {
    const failing = await startEmulator({
      seed: [
        {
          ...DEFAULT_SEED,
          rollbackOutcome: { reason: "ImagePullBackOff", message: "image coredns:1.28.4 could not be pulled" },
        },
      ],
      defaultRollbackDurationMs: 1000,
    });
    const failedEnv = {
      ...env,
      HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
      HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
      HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
    };
    try {
      const failed = await LocalWorkspace.createOrSelectStack(
        { stackName: "yaml-failed", workDir: path.join(dir, "program") },
        { pulumiCommand: await pulumiCommand(), envVars: failedEnv },
      );
      await failed.setAllConfig({
        clusterId: { value: DEFAULT_SEED.clusterId },
        incident: { value: "INC-1" },
        "cce-autopilot:endpoint": { value: failing.url },
      });
      const lines: string[] = [];
      await assert.rejects(failed.up({ onOutput: (t) => lines.push(t) }), (err: Error) => {
        assert.match(err.message, /the rollback failed: ImagePullBackOff: image coredns:1\.28\.4 could not be pulled/);
        assert.match(err.message, /change `trigger`/);
        return true;
      });
      assert.equal(failing.count({ method: "POST" }), 1);
      console.log(`      requests of the failed up: ${tally(failing.requests)}`);
      env = failedEnv;
      const { resource, text } = await exportState("yaml-failed", true);
      assert.ok(resource, "the failed rollback is recorded in the stack");
      assert.equal(resource.outputs?.status, "rollbackFailed");
      assert.match((resource.initErrors ?? []).join("\n"), /ImagePullBackOff/);
      assert.ok(!text.includes(TEST_CREDENTIALS.secretKey), "no secret key in the state");
      for (const line of lines) assert.ok(!line.includes(TEST_CREDENTIALS.secretKey), "no secret key in the output");

      const again = await failed.up({ onOutput: (t) => lines.push(t) });
      assert.equal(again.outputs.status?.value, "rollbackFailed", "the record still says the rollback failed");
      assert.equal(failing.count({ method: "POST" }), 1, "no second rollback without a trigger change");
      await failed.destroy({ onOutput: (t) => lines.push(t) });
    } finally {
      await failing.close();
    }
  });
});
