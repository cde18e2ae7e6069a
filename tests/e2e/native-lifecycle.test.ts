import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { assertFirstRollback } from "../support/first-rollback";
import { goProgram } from "../support/go-program";
import { javaProgram } from "../support/java-program";
import { requireBuiltPlugin } from "../support/native-plugin";
import { type NativeStack, nativeStack } from "../support/native-stack";
import { pythonProgram } from "../support/python-program";
import { nodejsPluginProgram } from "../support/nodejs-program";
import { watchingPluginMemory } from "../support/plugin-figures";
import { printRequestsOfEachTest, tally } from "../support/request-tally";
import { EMULATOR_ENV } from "../support/test-env";
import { offlineEnv, tempDir } from "../support/toolchain";
import { yamlProgram } from "../support/yaml-program";

/** The inputs recorded for the example programs: the four they set, and the timeout's default. */
const RECORDED_INPUTS = ["acceptPartiallyReady", "addonName", "clusterId", "timeoutSeconds", "trigger"];
/** How Pulumi marks a secret value in a stack's state: this key with this value, beside the ciphertext. */
const SECRET_SIGNATURE = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };
/** The trigger of the first up, set as a secret: it must never appear in clear. */
const SECRET_TRIGGER = "INC-4211";
/** The plugin's progress lines for the rollback of the first up, in the order it sends them. */
const PROGRESS = ["is coredns (ID", "rolling back 1.28.6 -> 1.28.4", "rollback finished: running at 1.28.4"];

// The cce-autopilot plugin on the real engine, from a program in each language other than TypeScript (the example
// in examples/<language>), against the emulator: the same lifecycle as the TypeScript resource's, with a secret
// trigger and credentials in the plugin's own config keys. Every program passes the same steps; a program whose
// every run builds it (Go, Java) leaves out the few steps that re-check, with more pulumi commands, what the engine does
// the same way for every language (they run for the YAML program).
for (const program of [yamlProgram, goProgram, pythonProgram, javaProgram, nodejsPluginProgram]) {
  describe(`native plugin from a ${program.language} program`, function () {
    this.timeout(program.timeoutMs);
    let dir: string;
    let programDir: string;
    let env: Record<string, string>;
    let emulator: Emulator;
    let s: NativeStack;
    const output: string[] = [];
    const onOutput = (text: string) => output.push(text);
    const posts = () => emulator.count({ method: "POST" });
    const requests = () => emulator.requests.length;

    before(async () => {
      requireBuiltPlugin();
      program.requireTools();
      dir = tempDir(`native-${program.stackName}`);
      env = offlineEnv(dir, program.env);
      programDir = await program.prepare(dir, env);
      emulator = await startEmulator({ defaultRollbackDurationMs: 1500 });
      s = await nativeStack(programDir, program.stackName, env, {
        clusterId: { value: DEFAULT_SEED.clusterId },
        [program.triggerKey]: { value: SECRET_TRIGGER, secret: true },
        // The plugin's own config keys: a plugin receives no huaweicloud:* config.
        "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
        "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
        "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
        "cce-autopilot:endpoint": { value: emulator.url },
      });
    });

    after(async () => {
      await s?.remove().catch(() => undefined);
      await emulator?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    printRequestsOfEachTest(() => emulator);

    /** An up that finds nothing to change: both resources (stack and rollback) the same, no request at all. */
    const upChangesNothing = async () => {
      const before = requests();
      const up = await s.stack.up({ onOutput });
      assert.equal(up.summary.resourceChanges?.same, 2);
      assert.equal(requests(), before);
    };
    /**
     * The add-on is upgraded again (1.28.7) and the trigger set to `value`: the preview plans one replacement,
     * names the versions, and sends nothing. Returns what it printed.
     */
    const previewTriggerChange = async (value: string, secret: boolean) => {
      emulator.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
      await s.stack.setConfig(program.triggerKey, { value, secret });
      const before = requests();
      const postsBefore = posts();
      const preview = await s.stack.preview({ onOutput });
      assert.equal(preview.changeSummary.replace, 1);
      assert.equal(posts(), postsBefore, "the preview sends no rollback");
      assert.ok(
        emulator.requests.slice(before).every((r) => r.method === "GET"),
        "the preview only reads",
      );
      assert.match(preview.stdout, /coredns 1\.28\.7 -> 1\.28\.4/, "the preview names the versions");
      return preview.stdout;
    };
    /** After a trigger change, up rolls the add-on (upgraded again meanwhile) back once more: exactly one POST. */
    const upRollsBackAgain = async () => {
      const postsBefore = posts();
      const up = await s.stack.up({ onOutput });
      assert.equal(up.summary.resourceChanges?.replace, 1);
      assert.equal(posts(), postsBefore + 1);
      assert.equal(up.outputs.fromVersion?.value, "1.28.7");
      assert.equal(up.outputs.toVersion?.value, "1.28.4");
      assert.equal(up.outputs.outcome?.value, "rolled-back");
    };

    it("first up: exactly one POST, waits until the rollback has finished, progress lines under the resource", async () => {
      const started = Date.now();
      const { result: up, peakKiB, processes } = await watchingPluginMemory(() => s.stack.up({ onOutput }));
      const seconds = (Date.now() - started) / 1000;
      assertFirstRollback(up, emulator);
      assert.equal(up.outputs.outcome?.value, "rolled-back");
      assert.equal(up.outputs.addonId?.value, DEFAULT_SEED.id);
      // Sent through the engine's Log RPC with the resource's URN: shown with the resource, in order.
      const resourceLine =
        /cce-autopilot:index:AddonVersionRollback\s+addon-rollback\s+creating.*rolling back 1\.28\.6 -> 1\.28\.4/;
      assert.match(up.stdout, resourceLine);
      const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"));
      assert.match(diagnostics, /cce-autopilot:index:AddonVersionRollback \(addon-rollback\):/);
      const at = PROGRESS.map((text) => diagnostics.indexOf(text));
      assert.ok(
        at.every((i, n) => i > 0 && (n === 0 || i > at[n - 1]!)),
        `progress lines in order:\n${diagnostics}`,
      );
      const built = program.buildsOnEveryRun ? " (the build included)" : "";
      console.log(`      first up${built}: ${seconds.toFixed(1)} s`);
      console.log(
        `      plugin peak RSS during up: ${(peakKiB / 1024).toFixed(1)} MiB (${processes} plugin processes)`,
      );
    });

    it("second up: no change, no request", upChangesNothing);

    it("state: the secret trigger is encrypted in inputs and outputs; no credential anywhere", async () => {
      const { text, resource } = await s.exportRollback(false);
      assert.ok(resource, "the rollback is in the state");
      for (const props of [resource.inputs, resource.outputs]) {
        const trigger = props?.trigger as Record<string, unknown>;
        assert.equal(trigger[SECRET_SIGNATURE.key], SECRET_SIGNATURE.value);
        assert.ok(typeof trigger.ciphertext === "string", "stored as ciphertext");
      }
      assert.ok(!text.includes(SECRET_TRIGGER), "the trigger is not in the state in clear");
      const shown = await s.exportRollback(true);
      const plaintext = (shown.resource?.outputs?.trigger as { plaintext?: string } | undefined)?.plaintext;
      const given = program.recordedTrigger(SECRET_TRIGGER);
      assert.deepEqual(JSON.parse(plaintext ?? "null"), given, "the trigger is the one given");
      assert.deepEqual(Object.keys(shown.resource?.inputs ?? {}).sort(), RECORDED_INPUTS);
      assert.equal(shown.resource?.inputs?.addonName, "coredns", "the program's default addonName");
      for (const credential of [TEST_CREDENTIALS.accessKey, TEST_CREDENTIALS.secretKey]) {
        assert.ok(!text.includes(credential), "no credential in the state");
        assert.ok(!JSON.stringify(shown.resource).includes(credential), "no credential in the resource's state");
        for (const line of output) assert.ok(!line.includes(credential), "no credential in the CLI output");
      }
      for (const line of output)
        assert.ok(!line.includes(SECRET_TRIGGER), "the secret trigger is not in the CLI output");
    });

    if (!program.buildsOnEveryRun) {
      it("a secret trigger change: the preview shows a replacement and sends nothing; up makes exactly one more POST", async () => {
        await previewTriggerChange("INC-4302", true);
        await upRollsBackAgain();
      });

      it("the same trigger, no longer secret, is no replacement", async () => {
        await s.stack.setConfig(program.triggerKey, { value: "INC-4302" });
        const same = await s.stack.preview({ onOutput });
        assert.equal(same.changeSummary.replace ?? 0, 0, "the same value, no longer secret, is no replacement");
      });
    }

    it("a plain trigger change: the preview shows a replacement of trigger and sends nothing; up makes exactly one more POST", async () => {
      // A plain value, so that the CLI can show which input differs.
      const preview = await previewTriggerChange("INC-4400", false);
      assert.match(preview, /AddonVersionRollback\s+addon-rollback\s+replace\s+\[diff: ~trigger\]/);
      await upRollsBackAgain();
    });

    it("refresh: reads only, no POST", async () => {
      const postsBefore = posts();
      const getsBefore = emulator.count({ method: "GET" });
      const refresh = await s.stack.refresh({ onOutput });
      assert.equal(refresh.summary.result, "succeeded");
      assert.equal(posts(), postsBefore);
      assert.ok(emulator.count({ method: "GET" }) > getsBefore, "refresh read the add-on");
      const { resource } = await s.exportRollback(true);
      assert.equal(resource?.outputs?.status, "running");
      assert.equal(resource?.outputs?.currentVersion, "1.28.4");
      assert.deepEqual(Object.keys(resource?.inputs ?? {}).sort(), RECORDED_INPUTS);
    });

    if (!program.buildsOnEveryRun) it("the up after a refresh: no change, no request", upChangesNothing);

    it("destroy: no request, the add-on stays rolled back", async () => {
      const before = requests();
      const destroy = await s.stack.destroy({ onOutput });
      assert.equal(destroy.summary.resourceChanges?.delete, 2);
      assert.equal(requests(), before);
      assert.equal(emulator.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
    });

    // Mocha runs these after the steps above (a describe block's own tests come before its nested blocks).
    describe("a failed rollback (credentials from HW_*)", () => {
      let failing: Emulator;
      let failed: NativeStack;
      const lines: string[] = [];
      const onFailedOutput = (text: string) => lines.push(text);

      before(async () => {
        failing = await startEmulator({
          seed: [
            {
              ...DEFAULT_SEED,
              rollbackOutcome: { reason: "ImagePullBackOff", message: "image coredns:1.28.4 could not be pulled" },
            },
          ],
          defaultRollbackDurationMs: 1000,
        });
        // Credentials and project from HW_*, as a pipeline gives them: none in this stack's config.
        const pipelineEnv = { ...env, ...EMULATOR_ENV };
        failed = await nativeStack(programDir, `${program.stackName}-failed`, pipelineEnv, {
          clusterId: { value: DEFAULT_SEED.clusterId },
          [program.triggerKey]: { value: "INC-1" },
          "cce-autopilot:endpoint": { value: failing.url },
        });
      });

      after(async () => {
        await failed?.remove().catch(() => undefined);
        await failing?.close();
      });

      it("up: the error carries the add-on's reason and the resource is recorded", async () => {
        await assert.rejects(failed.stack.up({ onOutput: onFailedOutput }), (err: Error) => {
          assert.match(
            err.message,
            /the rollback failed: ImagePullBackOff: image coredns:1\.28\.4 could not be pulled/,
          );
          assert.match(err.message, /change `trigger`/);
          return true;
        });
        assert.equal(failing.count({ method: "POST" }), 1);
        console.log(`      requests of the failed up: ${tally(failing.requests)}`);
        const { resource, text } = await failed.exportRollback(true);
        assert.ok(resource, "the failed rollback is recorded in the stack");
        assert.equal(resource.outputs?.status, "rollbackFailed");
        assert.match((resource.initErrors ?? []).join("\n"), /ImagePullBackOff/);
        assert.ok(!text.includes(TEST_CREDENTIALS.secretKey), "no secret key in the state");
        for (const line of lines) assert.ok(!line.includes(TEST_CREDENTIALS.secretKey), "no secret key in the output");
      });

      if (!program.buildsOnEveryRun) {
        it("up again: still recorded as failed, no second rollback without a trigger change", async () => {
          const again = await failed.stack.up({ onOutput: onFailedOutput });
          assert.equal(again.outputs.status?.value, "rollbackFailed", "the record still says the rollback failed");
          assert.equal(failing.count({ method: "POST" }), 1, "no second rollback without a trigger change");
        });
      }

      it("destroy: the record goes, still the one POST", async () => {
        const destroyed = await failed.stack.destroy({ onOutput: onFailedOutput });
        assert.equal(destroyed.summary.resourceChanges?.delete, 2);
        assert.equal(failing.count({ method: "POST" }), 1);
        console.log(`      requests of the failed stack in all: ${tally(failing.requests)}`);
      });
    });
  });
}
