import * as assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_SEED, type Emulator, startEmulator } from "../emulator";
import { copyProgram } from "../support/consumer";
import { type RollbackStack, rollbackStack } from "../support/rollback-stack";
import { repoRoot } from "../support/toolchain";

// A stack created by an earlier version of the package keeps its old `__provider` text (seven stubs) in the
// state. With the package as it is now, up, refresh and destroy must work on it, and none may roll back again.
describe("state written by earlier versions", function () {
  this.timeout(300_000);
  let emulator: Emulator | undefined;
  let s: RollbackStack | undefined;

  after(async () => {
    await s?.remove();
    await emulator?.close();
  });

  it("old stub text in the state: up changes nothing, refresh reads, destroy sends nothing; one POST in all", async () => {
    emulator = await startEmulator({ seed: [{ ...DEFAULT_SEED }], defaultRollbackDurationMs: 1000 });
    const program = copyProgram(path.join(repoRoot, "tests", "e2e", "programs", "legacy-state"), "legacy-state");
    s = await rollbackStack(
      program,
      "legacy",
      emulator,
      {
        clusterId: { value: DEFAULT_SEED.clusterId },
        addonId: { value: DEFAULT_SEED.id },
        trigger: { value: "INC-1" },
        legacy: { value: "true" },
      },
      "env-aksk",
    );
    const emu = emulator;
    const count = () => ({ gets: emu.count({ method: "GET" }), posts: emu.count({ method: "POST" }) });
    const providerText = async () => {
      const state = JSON.parse(await s!.cli(["stack", "export", "--show-secrets"])) as {
        deployment: { resources: { type: string; outputs?: { __provider?: string } }[] };
      };
      return state.deployment.resources.find((r) => r.type.endsWith("AddonVersionRollback"))?.outputs?.__provider ?? "";
    };

    const first = await s.stack.up();
    assert.equal(first.outputs.outcome?.value, "rolled-back");
    assert.equal(count().posts, 1);
    const legacyText = await providerText();
    assert.ok(Buffer.byteLength(legacyText) > 1500, `the old stubs are in the state (${legacyText.length} B)`);

    await s.stack.setConfig("legacy", { value: "false" });
    const before = count();
    const preview = await s.stack.preview();
    assert.deepEqual(preview.changeSummary, { same: 2 }, "switching to the new package is no change");
    const up = await s.stack.up();
    assert.deepEqual(up.summary.resourceChanges, { same: 2 });
    assert.deepEqual(count(), before, "no request: nothing to roll back");

    await s.stack.refresh();
    assert.deepEqual(count(), { gets: before.gets + 1, posts: 1 }, "refresh reads once, through the old text");

    await s.stack.destroy();
    assert.deepEqual(count(), { gets: before.gets + 1, posts: 1 }, "destroy sends nothing");
  });
});
