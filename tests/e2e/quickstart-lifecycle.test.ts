import * as assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS } from "../emulator";
import { assertFirstRollback } from "../support/first-rollback";
import { type RollbackStack, emulatedStack } from "../support/rollback-stack";
import { repoRoot } from "../support/toolchain";

// The user's story on the real engine, with the quickstart example installed as users install it: roll back
// once, leave it alone on every later run, roll back again only when the trigger changes.

const PROGRAM = path.join(repoRoot, "examples", "quickstart");

describe("quickstart lifecycle", function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let s: RollbackStack;
  const addonId = DEFAULT_SEED.id;
  const posts = () => emulator.count({ method: "POST" });
  const requests = () => emulator.requests.length;

  emulatedStack(
    { programDir: PROGRAM, stackName: "lifecycle", rollbackMs: 2000, config: { incident: { value: "INC-4211" } } },
    (started) => ({ emulator, stack: s } = started),
  );

  it("first up: rolls back with exactly one POST and waits until it has finished", async () => {
    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assertFirstRollback(up, emulator);
    assert.equal(up.outputs.addonName?.value, "coredns");
    assert.match(up.stdout, /rolling back 1\.28\.6 -> 1\.28\.4/);
    assert.match(up.stdout, /rollback finished: running at 1\.28\.4/);
  });

  it("second up: changes nothing and makes no request", async () => {
    const before = requests();
    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(up.summary.resourceChanges?.same, 2);
    assert.equal(requests(), before);
  });

  it("refresh: reports an out-of-band upgrade and keeps the resource; the next up does not roll back", async () => {
    emulator.patchAddon(addonId, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
    const refresh = await s.stack.refresh({ onOutput: (o) => s.output.push(o) });
    assert.equal(refresh.summary.result, "succeeded");
    const state = await s.stack.exportStack();
    const rollback = (
      state.deployment as { resources: { type: string; outputs: Record<string, unknown> }[] }
    ).resources.find((r) => r.type.endsWith("AddonVersionRollback"));
    assert.ok(rollback, "the rollback resource is still in the stack");
    assert.equal(rollback.outputs.currentVersion, "1.28.7");
    assert.equal(rollback.outputs.toVersion, "1.28.4");

    const before = requests();
    await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(requests(), before, "an up after refresh makes no request");
  });

  it("preview after a trigger change: shows a replacement and sends nothing", async () => {
    await s.stack.setConfig("incident", { value: "INC-4302" });
    const before = requests();
    const preview = await s.stack.preview({ onOutput: (o) => s.output.push(o) });
    assert.equal(preview.changeSummary.replace, 1);
    assert.equal(requests(), before);
  });

  it("up after the trigger change: exactly one more POST", async () => {
    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    assert.equal(posts(), 2);
    assert.equal(up.outputs.fromVersion?.value, "1.28.7");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
  });

  it("changing timeoutSeconds: an update with no request", async () => {
    await s.stack.setConfig("timeoutSeconds", { value: "900" });
    const before = requests();
    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.equal(requests(), before);
  });

  it("state and CLI output: the secret key is never in the rollback's state, the CLI output, or in clear text", async () => {
    // Pulumi keeps a dynamic provider's configuration (the whole stack config) as the inputs of the default
    // pulumi-nodejs provider, with secrets encrypted: the secret key set with `config set --secret` is stored
    // there encrypted, as any provider's credentials are. Our resource's own inputs and outputs never hold it.
    const encrypted = await s.cli(["stack", "export"]);
    assert.ok(!encrypted.includes(TEST_CREDENTIALS.secretKey), "no clear-text secret key in the state");
    const exported = JSON.parse(await s.cli(["stack", "export", "--show-secrets"])) as {
      deployment: { resources: { type: string; inputs?: unknown; outputs?: unknown }[] };
    };
    const rollback = exported.deployment.resources.find((r) => r.type.endsWith("AddonVersionRollback"));
    assert.ok(rollback);
    assert.ok(!JSON.stringify(rollback).includes(TEST_CREDENTIALS.secretKey), "the resource's state holds no secret");
    // Both copies as the export stores them (JSON strings), as the issue that set the target measured them.
    const copies = [rollback.inputs, rollback.outputs].map((props) => (props as { __provider: string }).__provider);
    const stored = copies.reduce((sum, text) => sum + Buffer.byteLength(JSON.stringify(text)), 0);
    console.log(`      __provider: ${stored} bytes for both copies`);
    assert.ok(stored <= 700, `__provider takes ${stored} bytes per resource`);
    for (const text of copies) {
      assert.deepEqual(
        [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]),
        ["pulumi-cce-addon-rollback/provider"],
        "one require of the installed package, no code copied",
      );
    }
    for (const text of s.output) assert.ok(!text.includes(TEST_CREDENTIALS.secretKey), "no secret in CLI output");
  });

  it("destroy: removes the record and makes no request", async () => {
    const before = requests();
    const destroy = await s.stack.destroy({ onOutput: (o) => s.output.push(o) });
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
    assert.equal(requests(), before);
    assert.equal(
      emulator.addon(addonId)?.status.currentVersion.version,
      "1.28.4",
      "destroy does not undo the rollback",
    );
  });
});
