import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { copyProgram } from "../support/consumer";
import { type StateResource, pluginBin, requireBuiltPlugin, requireLanguageHost } from "../support/native-plugin";
import { printRequestsOfEachTest } from "../support/request-tally";
import { type RollbackStack, rollbackStack } from "../support/rollback-stack";
import { repoRoot } from "../support/toolchain";

/**
 * The TypeScript test program rewritten in YAML for the plugin, in the same project (so the same stack): what a
 * user moving to the plugin writes. `expectTargetVersion` from stack config when `guarded`.
 */
function yamlProgram(guarded: boolean): string {
  return [
    "name: rollback-e2e",
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: cce-autopilot",
    `      path: ${pluginBin}`,
    "config:",
    "  clusterId:",
    "    type: string",
    "  addonName:",
    "    type: string",
    "  trigger:",
    "    type: string",
    ...(guarded ? ["  expectTargetVersion:", "    type: string"] : []),
    "resources:",
    "  rollback:",
    "    type: cce-autopilot:index:AddonVersionRollback",
    "    properties:",
    "      clusterId: ${clusterId}",
    "      addonName: ${addonName}",
    "      trigger: ${trigger}",
    ...(guarded ? ["      expectTargetVersion: ${expectTargetVersion}"] : []),
    "outputs:",
    "  toVersion: ${rollback.toVersion}",
    "  status: ${rollback.status}",
    "  outcome: ${rollback.outcome}",
    "",
  ].join("\n");
}

// The README's advice for moving a stack from the TypeScript (dynamic) resource to the cce-autopilot plugin, on the
// real engine against the emulator: the type changes, so switching in place is a create of another resource; the
// add-on, just rolled back, is not rollbackable, so that create is refused without a request and says to set
// expectTargetVersion. Deleting the old record and declaring the plugin's resource with expectTargetVersion set to
// the old record's toVersion records the rollback that happened (outcome already-rolled-back) and sends no POST.
describe("moving a stack from the TypeScript resource to the plugin", function () {
  this.timeout(600_000);
  let emulator: Emulator | undefined;
  let s: RollbackStack | undefined;
  let program: string;
  const posts = () => emulator!.count({ method: "POST" });
  const requests = () => emulator!.requests.length;

  printRequestsOfEachTest(() => emulator);

  before(async function () {
    requireLanguageHost("yaml", "YAML");
    requireBuiltPlugin();
    emulator = await startEmulator({ seed: [{ ...DEFAULT_SEED }], defaultRollbackDurationMs: 1000 });
    program = copyProgram(path.join(repoRoot, "tests", "e2e", "programs", "rollback"), "native-migration");
    s = await rollbackStack(
      program,
      "migrate",
      emulator,
      {
        clusterId: { value: DEFAULT_SEED.clusterId },
        addonName: { value: "coredns" },
        trigger: { value: "INC-4211" },
      },
      "env-aksk",
    );
  });

  after(async () => {
    await s?.remove();
    await emulator?.close();
  });

  const rollbacks = async () => {
    const state = JSON.parse(await s!.cli(["stack", "export", "--show-secrets"])) as {
      deployment: { resources?: StateResource[] };
    };
    return (state.deployment.resources ?? []).filter((r) => r.type.endsWith("AddonVersionRollback"));
  };
  const onOutput = (text: string) => s!.output.push(text);

  let old: StateResource;

  it("the TypeScript resource rolls the add-on back: one POST", async () => {
    const up = await s!.stack.up({ onOutput });
    assert.equal(up.outputs.outcome?.value, "rolled-back");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
    assert.equal(posts(), 1);
    const [record, ...more] = await rollbacks();
    assert.ok(record && more.length === 0);
    assert.doesNotMatch(record.type, /^cce-autopilot:/, "the dynamic resource's type");
    old = record;
  });

  it("switching in place without expectTargetVersion: the preview refuses the create as up does (reading only); up refuses it, sends nothing, says to set expectTargetVersion", async () => {
    // The program becomes YAML in the same directory; the plugin reads its own config keys.
    fs.rmSync(path.join(program, "index.ts"));
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), yamlProgram(false));
    await s!.stack.removeConfig("huaweicloud:endpoints.cce", true);
    await s!.stack.removeConfig("huaweicloud:projectId");
    await s!.stack.setAllConfig({
      "cce-autopilot:endpoint": { value: emulator!.url },
      "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
    });
    const before = requests();

    // Another type is another resource: a create of the new one. The plugin's preview reads the add-on and
    // refuses what up would refuse, with the same words.
    await assert.rejects(s!.stack.preview({ onOutput }), (err: Error) => {
      assert.match(err.message, /\+\s+cce-autopilot:index:AddonVersionRollback rollback create/);
      assert.match(err.message, /Preview failed: .*cannot be rolled back now .*set expectTargetVersion: "1\.28\.4"/);
      return true;
    });
    assert.equal(posts(), 1, "the preview sends no rollback");
    assert.ok(
      emulator!.requests.slice(before).every((r) => r.method === "GET"),
      "the preview only reads",
    );

    await assert.rejects(s!.stack.up({ onOutput }), (err: Error) => {
      assert.match(err.message, /cannot be rolled back now \(status running at version 1\.28\.4/);
      assert.match(err.message, /isRollbackable=false/);
      assert.match(err.message, /Nothing was sent/);
      assert.match(err.message, /set expectTargetVersion: "1\.28\.4"/);
      return true;
    });
    assert.equal(posts(), 1, "no second rollback");
    const left = await rollbacks();
    assert.deepEqual(
      left.map((r) => r.urn),
      [old.urn],
      "the refused create is not recorded; the old record is still there",
    );
  });

  it("pulumi state delete of the old record: no request", async () => {
    const before = requests();
    await s!.cli(["state", "delete", old.urn, "--yes"]);
    assert.deepEqual(await rollbacks(), []);
    assert.equal(requests(), before);
  });

  it("without expectTargetVersion, the plugin's resource is still refused after the state delete: no POST", async () => {
    await assert.rejects(s!.stack.up({ onOutput }), (err: Error) => {
      assert.match(err.message, /cannot be rolled back now/);
      assert.match(err.message, /set expectTargetVersion: "1\.28\.4"/);
      return true;
    });
    assert.equal(posts(), 1);
    assert.deepEqual(await rollbacks(), []);
  });

  it("with expectTargetVersion = the old record's toVersion: recorded as already-rolled-back, no POST", async () => {
    const toVersion = old.outputs?.toVersion;
    assert.equal(toVersion, "1.28.4");
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), yamlProgram(true));
    await s!.stack.setConfig("expectTargetVersion", { value: String(toVersion) });
    const up = await s!.stack.up({ onOutput });
    assert.equal(up.summary.result, "succeeded");
    assert.equal(up.outputs.outcome?.value, "already-rolled-back");
    assert.equal(up.outputs.status?.value, "running");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
    assert.equal(posts(), 1, "still the one POST of the TypeScript resource");
    const [record, ...more] = await rollbacks();
    assert.ok(record && more.length === 0);
    assert.equal(record.type, "cce-autopilot:index:AddonVersionRollback");
    assert.equal(emulator!.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
  });

  it("the next up and destroy send nothing", async () => {
    const before = requests();
    const up = await s!.stack.up({ onOutput });
    assert.equal(up.summary.resourceChanges?.create ?? 0, 0);
    assert.equal(up.summary.resourceChanges?.delete ?? 0, 0);
    await s!.stack.destroy({ onOutput });
    assert.equal(requests(), before);
    assert.equal(posts(), 1);
  });
});
