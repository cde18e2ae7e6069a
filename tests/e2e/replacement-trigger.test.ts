import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type EngineEvent, LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator, startEmulator } from "../emulator";
import { type RollbackStack, emulatedStack } from "../support/rollback-stack";
import { offlineEnv, pulumiCommand, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  replacementTrigger?: unknown;
}

// Pulumi's own `replacementTrigger` resource option (3.208+) on AddonVersionRollback, on the pinned engine, beside
// the resource's `trigger` input: what the README says about the two is what these runs showed.

const PROGRAM = path.join(repoRoot, "tests", "e2e", "programs", "rollback");

describe("replacementTrigger resource option", function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let s: RollbackStack;
  const posts = () => emulator.count({ method: "POST" });
  const requests = () => emulator.requests.length;
  const up = () => s.stack.up({ onOutput: (o) => s.output.push(o) });
  /** Makes the add-on rollbackable again, as an upgrade after the last rollback would. */
  const upgradeAgain = () =>
    emulator.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });

  /** A preview: its summary, its text, and the rollback's replace step with the properties that cause it. */
  async function preview() {
    const steps: { op: string; keys: string[] }[] = [];
    const result = await s.stack.preview({
      onOutput: (o) => s.output.push(o),
      onEvent: (e: EngineEvent) => {
        const meta = e.resourcePreEvent?.metadata;
        if (meta?.type.endsWith("AddonVersionRollback")) steps.push({ op: meta.op, keys: meta.keys ?? [] });
      },
    });
    const replace = steps.find((step) => step.op === "replace");
    return { summary: result.changeSummary, stdout: result.stdout, replace };
  }

  async function rollbackState(showSecrets = false): Promise<{ text: string; resource: StateResource }> {
    const text = await s.cli(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
    const state = JSON.parse(text) as { deployment: { resources?: StateResource[] } };
    const resource = state.deployment.resources?.find((r) => r.type.endsWith("AddonVersionRollback"));
    assert.ok(resource, "the rollback is in the state");
    return { text, resource };
  }

  // No `trigger` at first: the resource option alone.
  emulatedStack(
    {
      programDir: PROGRAM,
      stackName: "replacement-trigger",
      rollbackMs: 1500,
      config: { replacementTrigger: { value: "INC-1" } },
    },
    (started) => ({ emulator, stack: s } = started),
  );

  it("first up: rolls back with exactly one POST; the option is kept beside the inputs, not in them", async () => {
    const result = await up();
    assert.equal(result.summary.result, "succeeded");
    assert.equal(posts(), 1);
    assert.equal(result.outputs.toVersion?.value, "1.28.4");
    const { resource } = await rollbackState();
    assert.equal(resource.replacementTrigger, "INC-1");
    assert.ok(!("replacementTrigger" in (resource.inputs ?? {})), "not an input of the resource");
    assert.ok(!("replacementTrigger" in (resource.outputs ?? {})), "not an output of the resource");
  });

  it("second up with the same replacementTrigger: no change, no request", async () => {
    const before = requests();
    const result = await up();
    assert.deepEqual(result.summary.resourceChanges, { same: 2 });
    assert.equal(requests(), before);
  });

  it("preview after a replacementTrigger change: a replacement naming no property, nothing sent", async () => {
    await s.stack.setConfig("replacementTrigger", { value: "INC-2" });
    const before = requests();
    const p = await preview();
    assert.equal(p.summary.replace, 1);
    assert.deepEqual(p.replace?.keys, [], "no property named: the engine does not even call the provider's diff");
    assert.match(p.stdout, /AddonVersionRollback\s+rollback\s+replace\s*\n/);
    assert.doesNotMatch(p.stdout, /AddonVersionRollback\s+rollback\s+replace\s+\[diff:/);
    assert.equal(requests(), before);
  });

  it("up after the replacementTrigger change: replaced, exactly one more POST, as a trigger change does", async () => {
    upgradeAgain();
    const result = await up();
    assert.equal(result.summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 2);
    assert.equal(result.outputs.toVersion?.value, "1.28.4");
    assert.equal((await rollbackState()).resource.replacementTrigger, "INC-2");
  });

  it("with trigger too: adding trigger replaces (naming it); changing both at once replaces once, one POST", async () => {
    await s.stack.setConfig("trigger", { value: "T-1" });
    const p = await preview();
    assert.deepEqual(p.replace?.keys, ["trigger"]);
    upgradeAgain();
    assert.equal((await up()).summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 3);

    await s.stack.setAllConfig({ trigger: { value: "T-2" }, replacementTrigger: { value: "INC-3" } });
    upgradeAgain();
    const result = await up();
    assert.equal(result.summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 4, "one rollback for both changes");
  });

  it("removing replacementTrigger, or adding it to a resource that has none, is no change and sends nothing", async () => {
    upgradeAgain(); // Rollbackable, so that a wrong replacement would show as a POST.
    const before = requests();
    await s.stack.removeConfig("replacementTrigger");
    assert.deepEqual((await preview()).summary, { same: 2 });
    assert.deepEqual((await up()).summary.resourceChanges, { same: 2 });
    assert.equal((await rollbackState()).resource.replacementTrigger, undefined);

    await s.stack.setConfig("replacementTrigger", { value: "INC-9" });
    assert.deepEqual((await preview()).summary, { same: 2 });
    assert.deepEqual((await up()).summary.resourceChanges, { same: 2 });
    assert.equal((await rollbackState()).resource.replacementTrigger, "INC-9", "recorded for the next change");
    assert.equal(requests(), before);

    await s.stack.setConfig("replacementTrigger", { value: "INC-10" });
    assert.equal((await preview()).summary.replace, 1, "only a change from a recorded value replaces");
    await s.stack.setConfig("replacementTrigger", { value: "INC-9" });
  });

  // Pulumi 3.260 writes a secret replacementTrigger to the state encrypted, but reads it back as null (its
  // DeserializeResource appears to copy the value before the batched decryption fills it in). The README tells
  // users to put secret values in `trigger` instead; if this test fails after a Pulumi upgrade, revisit that.
  it("Pulumi 3.260: a secret replacementTrigger is encrypted in the state but reads back as null", async () => {
    upgradeAgain(); // Rollbackable, so that a replacement would show as a POST.
    const before = requests();
    await s.stack.setAllConfig({
      replacementTriggerForm: { value: "secret" },
      replacementTrigger: { value: "INC-9" }, // The same value, now secret: no change.
    });
    assert.deepEqual((await up()).summary.resourceChanges, { same: 2 });
    const { resource } = await rollbackState();
    assert.equal(typeof (resource.replacementTrigger as { ciphertext?: unknown }).ciphertext, "string", "encrypted");
    assert.ok(!JSON.stringify(resource).includes("INC-9"), "not in the state in clear");
    const shown = (await rollbackState(true)).resource.replacementTrigger as { plaintext?: string };
    assert.equal(shown.plaintext, "null", "read back as null");

    // So a change of a secret replacementTrigger is not seen: no replacement, no rollback.
    await s.stack.setConfig("replacementTrigger", { value: "INC-10" });
    assert.deepEqual((await preview()).summary, { same: 2 });
    assert.deepEqual((await up()).summary.resourceChanges, { same: 2 });

    // And a secret inside an object reads back as { incident: null }: every later up replaces, value unchanged.
    await s.stack.setConfig("replacementTriggerForm", { value: "secret-inside" });
    assert.deepEqual((await up()).summary.resourceChanges, { same: 2 }, "from a null trigger: no change");
    assert.equal((await preview()).summary.replace, 1, "the same value, and yet a replacement");
    assert.equal(requests(), before, "nothing sent so far");
    const result = await up();
    assert.equal(result.summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 5, "rolled back again with replacementTrigger unchanged");
  });
});

// The YAML language host the toolchain builds (pulumi-yaml 1.25.0, the newest the Go module proxy serves) does not
// know the option: a YAML program that sets it fails before anything runs.
describe("replacementTrigger from a YAML program (cce-autopilot plugin)", function () {
  this.timeout(120_000);
  const yamlHost = path.join(toolchainBin, "pulumi-language-yaml");
  let dir: string | undefined;

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is refused by the YAML language host: replacementTrigger does not exist on resource options", async () => {
    if (!fs.existsSync(yamlHost)) {
      throw new Error(`no YAML language host at ${yamlHost}: run scripts/setup-toolchain.sh (npm test does it)`);
    }
    dir = tempDir("replacement-trigger-yaml");
    const program = path.join(dir, "program");
    fs.mkdirSync(program);
    const example = fs.readFileSync(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8");
    const options = "    options:\n";
    assert.ok(example.includes(options), "examples/yaml has an options block");
    const text = example
      .replace("path: ../../bin", `path: ${path.join(repoRoot, "bin")}`)
      .replace(options, `${options}      replacementTrigger: \${incident}\n`);
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), text);
    const emulator = await startEmulator();
    try {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "yaml-rt", workDir: program },
        { pulumiCommand: await pulumiCommand(), envVars: offlineEnv(dir) },
      );
      await stack.setAllConfig({
        clusterId: { value: DEFAULT_SEED.clusterId },
        incident: { value: "INC-1" },
        "cce-autopilot:endpoint": { value: emulator.url },
      });
      await assert.rejects(stack.preview(), (err: Error) => {
        assert.match(err.message, /replacementTrigger does not exist on resource options/);
        return true;
      });
      assert.equal(emulator.requests.length, 0);
    } finally {
      await emulator.close();
    }
  });
});
