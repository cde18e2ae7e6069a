import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { offlineEnv, pulumiCommand, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const pluginBin = path.join(repoRoot, "bin");
const goHost = path.join(toolchainBin, "pulumi-language-go");
const goSdk = path.join(repoRoot, "sdk", "go");
const sdkModule = "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go";

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

/**
 * What `go build` needs here and in CI, as scripts/setup-toolchain.sh sets it: the local Go (no toolchain
 * download), go.sum completed from the module proxy if the generated SDK needs more, and no checksum database
 * (only the module proxy is reachable; GOSUMDB_OVERRIDE as for the toolchain script).
 */
function goEnv(): Record<string, string> {
  return { GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOSUMDB: process.env.GOSUMDB_OVERRIDE ?? "off" };
}

/** The Go example, copied to `dir`, its plugin path and the SDK's replace directive pointing into this repository. */
function goProgram(dir: string): string {
  const program = path.join(dir, "program");
  fs.cpSync(path.join(repoRoot, "examples", "go"), program, { recursive: true });
  const yaml = fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8");
  assert.match(yaml, /path: \.\.\/\.\.\/bin\n/);
  fs.writeFileSync(path.join(program, "Pulumi.yaml"), yaml.replace("path: ../../bin\n", `path: ${pluginBin}\n`));
  const goMod = fs.readFileSync(path.join(program, "go.mod"), "utf8");
  const replace = `replace ${sdkModule} => ../../sdk/go\n`;
  assert.ok(goMod.includes(replace), "examples/go/go.mod takes the SDK from ../../sdk/go");
  fs.writeFileSync(path.join(program, "go.mod"), goMod.replace(replace, `replace ${sdkModule} => ${goSdk}\n`));
  return program;
}

// The cce-autopilot plugin on the real engine, from a Go program with the generated Go SDK (examples/go), against
// the emulator: the YAML program's lifecycle. The Go language host compiles the program (go build) for every
// command that runs it (up, preview), so this file runs few of them.
describe("native plugin from a Go program", function () {
  // The first go build in a clean clone compiles the Pulumi Go SDK: minutes on 2 cores.
  this.timeout(900_000);
  let dir: string;
  let program: string;
  let emulator: Emulator;
  let stack: Stack;
  let env: Record<string, string>;
  const output: string[] = [];
  const onOutput = (text: string) => output.push(text);
  const posts = () => emulator.count({ method: "POST" });
  const requests = () => emulator.requests.length;

  const exportState = async (stackName = "go", showSecrets = true) => {
    const { stdout } = await execFileAsync(
      path.join(toolchainBin, "pulumi"),
      ["stack", "export", ...(showSecrets ? ["--show-secrets"] : []), "--stack", stackName],
      { cwd: program, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
    );
    const state = JSON.parse(stdout) as { deployment: { resources?: StateResource[] } };
    const resource = state.deployment.resources?.find((r) => r.type === "cce-autopilot:index:AddonVersionRollback");
    return { text: stdout, resource };
  };
  const goBuild = async () => {
    const started = process.hrtime.bigint();
    await execFileAsync("go", ["build", "-o", path.join(dir, "program-bin"), "."], {
      cwd: program,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: NodeJS.ErrnoException & { stderr?: string }) => {
      if (err.code === "ENOENT") throw new Error("go is not on PATH: the Go language host builds the program with it");
      throw new Error(`go build of the Go example failed:\n${err.stderr ?? err.message}`);
    });
    return Number(process.hrtime.bigint() - started) / 1e9;
  };

  before(async function () {
    if (!fs.existsSync(goHost)) {
      // Never skipped: a run without the language host would pass while proving nothing.
      throw new Error(`no Go language host at ${goHost}: run scripts/setup-toolchain.sh (npm test does it)`);
    }
    if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "main.js"))) {
      throw new Error("dist/provider/native/main.js is missing: run npm run build");
    }
    if (!fs.existsSync(path.join(goSdk, "go.mod"))) {
      throw new Error("sdk/go/go.mod is missing: the Go SDK is generated from the schema by scripts/sdkgen");
    }
    dir = tempDir("native-go");
    program = goProgram(dir);
    env = offlineEnv(dir, goEnv());
    // Built once outside the engine, for the figure: what every pulumi command below costs on top (warm), and
    // what the first one costs in a clean clone (cold: the Pulumi Go SDK is compiled).
    const first = await goBuild();
    const warm = await goBuild();
    console.log(`      go build of the program: ${first.toFixed(1)} s first, ${warm.toFixed(1)} s again`);

    emulator = await startEmulator({ defaultRollbackDurationMs: 1500 });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "go", workDir: program },
      { pulumiCommand: await pulumiCommand(), envVars: env },
    );
    await stack.setAllConfig({
      clusterId: { value: DEFAULT_SEED.clusterId },
      trigger: { value: "INC-4211", secret: true },
      "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
      "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
      "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
      "cce-autopilot:endpoint": { value: emulator.url },
    });
  });

  after(async () => {
    if (stack) await stack.workspace.removeStack("go", { force: true }).catch(() => undefined);
    if (stack) await stack.workspace.removeStack("go-failed", { force: true }).catch(() => undefined);
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
    const started = Date.now();
    const up = await stack.up({ onOutput });
    console.log(`      first up (go build included): ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(up.summary.result, "succeeded");
    assert.equal(posts(), 1);
    assert.equal(up.outputs.fromVersion?.value, "1.28.6");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
    assert.equal(up.outputs.status?.value, "running");
    assert.equal(up.outputs.outcome?.value, "rolled-back");
    assert.equal(up.outputs.addonId?.value, DEFAULT_SEED.id);
    assert.equal(emulator.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
    const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"));
    assert.match(diagnostics, /cce-autopilot:index:AddonVersionRollback \(addon-rollback\):/);
    const order = ["is coredns (ID", "rolling back 1.28.6 -> 1.28.4", "rollback finished: running at 1.28.4"];
    const at = order.map((text) => diagnostics.indexOf(text));
    assert.ok(
      at.every((i, n) => i > 0 && (n === 0 || i > at[n - 1]!)),
      `progress lines in order:\n${diagnostics}`,
    );
  });

  it("state: the secret trigger (from a Go program's secret config) is encrypted; no credential anywhere", async () => {
    const { text, resource } = await exportState("go", false);
    assert.ok(resource, "the rollback is in the state");
    for (const props of [resource.inputs, resource.outputs]) {
      const trigger = props?.trigger as Record<string, unknown>;
      assert.equal(trigger["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
      assert.ok(typeof trigger.ciphertext === "string", "stored as ciphertext");
    }
    assert.ok(!text.includes("INC-4211"), "the trigger is not in the state in clear");
    const shown = await exportState();
    const plaintext = (shown.resource?.outputs?.trigger as { plaintext?: string } | undefined)?.plaintext;
    assert.equal(JSON.parse(plaintext ?? "null"), "INC-4211", "the trigger is the one given");
    assert.deepEqual(Object.keys(shown.resource?.inputs ?? {}).sort(), [
      "addonName",
      "clusterId",
      "timeoutSeconds",
      "trigger",
    ]);
    assert.equal(shown.resource?.inputs?.addonName, "coredns", "addonName's default in main.go");
    for (const credential of [TEST_CREDENTIALS.accessKey, TEST_CREDENTIALS.secretKey]) {
      assert.ok(!text.includes(credential), "no credential in the state");
      assert.ok(!JSON.stringify(shown.resource).includes(credential), "no credential in the resource's state");
      for (const line of output) assert.ok(!line.includes(credential), "no credential in the CLI output");
    }
    for (const line of output) assert.ok(!line.includes("INC-4211"), "the secret trigger is not in the CLI output");
  });

  it("second up: no change, no request", async () => {
    const before = requests();
    const up = await stack.up({ onOutput });
    assert.equal(up.summary.resourceChanges?.same, 2);
    assert.equal(requests(), before);
  });

  it("trigger change: the preview shows a replacement of trigger and sends nothing; up makes exactly one more POST", async () => {
    // A plain value this time, so that the CLI can show which input differs.
    await stack.setConfig("trigger", { value: "INC-4302" });
    const before = requests();
    const preview = await stack.preview({ onOutput });
    assert.equal(preview.changeSummary.replace, 1);
    assert.match(preview.stdout, /AddonVersionRollback\s+addon-rollback\s+replace\s+\[diff: ~trigger\]/);
    assert.equal(requests(), before);

    emulator.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
    const up = await stack.up({ onOutput });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 2);
    assert.equal(up.outputs.fromVersion?.value, "1.28.7");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
    assert.equal(up.outputs.outcome?.value, "rolled-back");
  });

  it("refresh: reads only, no POST", async () => {
    const postsBefore = posts();
    const getsBefore = emulator.count({ method: "GET" });
    const refresh = await stack.refresh({ onOutput });
    assert.equal(refresh.summary.result, "succeeded");
    assert.equal(posts(), postsBefore);
    assert.ok(emulator.count({ method: "GET" }) > getsBefore, "refresh read the add-on");
    const { resource } = await exportState();
    assert.equal(resource?.outputs?.status, "running");
    assert.equal(resource?.outputs?.currentVersion, "1.28.4");
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
        { stackName: "go-failed", workDir: program },
        { pulumiCommand: await pulumiCommand(), envVars: failedEnv },
      );
      await failed.setAllConfig({
        clusterId: { value: DEFAULT_SEED.clusterId },
        trigger: { value: "INC-1" },
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
      const { resource, text } = await exportState("go-failed");
      assert.ok(resource, "the failed rollback is recorded in the stack");
      assert.equal(resource.outputs?.status, "rollbackFailed");
      assert.match((resource.initErrors ?? []).join("\n"), /ImagePullBackOff/);
      assert.ok(!text.includes(TEST_CREDENTIALS.secretKey), "no secret key in the state");
      for (const line of lines) assert.ok(!line.includes(TEST_CREDENTIALS.secretKey), "no secret key in the output");
      const destroyed = await failed.destroy({ onOutput: (t) => lines.push(t) });
      assert.equal(destroyed.summary.resourceChanges?.delete, 2);
      assert.equal(failing.count({ method: "POST" }), 1);
      console.log(`      requests of the failed stack in all: ${tally(failing.requests)}`);
    } finally {
      await failing.close();
    }
  });
});
