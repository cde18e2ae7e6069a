import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { type AddonSeed, DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, TEST_TOKEN, startEmulator } from "../emulator";
import { copyProgram } from "../support/consumer";
import { killTree } from "../support/process-tree";
import { type RollbackStack, rollbackStack } from "../support/rollback-stack";
import { repoRoot, toolchainBin } from "../support/toolchain";

// The ways a rollback can go wrong, on the real engine: each scenario asserts the emulator's request log.
describe("rollback scenarios", function () {
  this.timeout(300_000);
  const programSource = path.join(repoRoot, "tests", "e2e", "programs", "rollback");
  let emulator: Emulator | undefined;
  let s: RollbackStack | undefined;

  async function setUp(
    name: string,
    seed: Partial<AddonSeed>,
    config: Record<string, string>,
    credentials: "stack-config" | "env-aksk" | "env-token" = "env-aksk",
  ): Promise<{ emulator: Emulator; s: RollbackStack }> {
    emulator = await startEmulator({ seed: [{ ...DEFAULT_SEED, ...seed }], defaultRollbackDurationMs: 1500 });
    const values = Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }]));
    s = await rollbackStack(
      copyProgram(programSource, name),
      name,
      emulator,
      {
        clusterId: { value: DEFAULT_SEED.clusterId },
        // By ID unless the scenario names the add-on.
        ...(config.addonName === undefined ? { addonId: { value: DEFAULT_SEED.id } } : {}),
        ...values,
      },
      credentials,
    );
    return { emulator, s };
  }

  afterEach(async () => {
    await s?.remove();
    await emulator?.close();
    s = emulator = undefined;
  });

  const rollbackResource = async (stack: RollbackStack) => {
    const state = JSON.parse(await stack.cli(["stack", "export", "--show-secrets"])) as {
      deployment: { resources?: { type: string; outputs?: Record<string, unknown>; initErrors?: string[] }[] };
    };
    return {
      raw: JSON.stringify(state),
      resource: state.deployment.resources?.find((r) => r.type.endsWith("AddonVersionRollback")),
    };
  };

  it("rollback_failed: up fails with the add-on's reason, the resource is recorded, and the next up sends nothing", async () => {
    const { emulator, s } = await setUp(
      "failed",
      {
        rollbackOutcome: { reason: "ImagePullBackOff", message: "image coredns:1.28.4 could not be pulled" },
      },
      { trigger: "INC-1" },
    );
    await assert.rejects(s.stack.up({ onOutput: (o) => s.output.push(o) }), (err: Error) => {
      assert.match(err.message, /the rollback failed: ImagePullBackOff: image coredns:1\.28\.4 could not be pulled/);
      assert.match(err.message, /change `trigger`/);
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 1);
    const { resource, raw } = await rollbackResource(s);
    assert.ok(resource, "the failed rollback is recorded in the stack");
    // Credentials from the environment, as a pipeline gives them: not even the encrypted config holds them.
    assert.ok(!raw.includes(TEST_CREDENTIALS.secretKey), "no secret key in the exported state (--show-secrets)");
    assert.equal(resource.outputs?.status, "rollbackFailed");

    const again = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(again.outputs.status?.value, "rollbackFailed", "the record still says the rollback failed");
    for (const text of s.output) assert.ok(!text.includes(TEST_CREDENTIALS.secretKey), "no secret in CLI output");
    assert.equal(emulator.count({ method: "POST" }), 1, "no second rollback without a trigger change");
  });

  it("not_rollbackable: fails before any POST with what to do, and records nothing (token auth)", async () => {
    const { emulator, s } = await setUp(
      "not-rollbackable",
      { isRollbackable: false },
      { trigger: "INC-1" },
      "env-token",
    );
    await assert.rejects(s.stack.up({ onOutput: (o) => s.output.push(o) }), (err: Error) => {
      assert.match(err.message, /cannot be rolled back now \(status running at version 1\.28\.6/);
      assert.match(err.message, /Nothing was sent/);
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 0);
    assert.ok(emulator.count({ method: "GET" }) >= 1);
    assert.ok(emulator.requests.every((r) => r.auth === "token"));
    const { resource, raw } = await rollbackResource(s);
    assert.equal(resource, undefined);
    assert.ok(!raw.includes(TEST_TOKEN), "no token in the exported state");
    for (const text of s.output) assert.ok(!text.includes(TEST_TOKEN));
  });

  it("twin: two resources naming the same add-on make one POST; the second says another ran first", async () => {
    const { emulator, s } = await setUp("twin", {}, { trigger: "INC-1", twin: "true" });
    await assert.rejects(s.stack.up({ onOutput: (o) => s.output.push(o) }), (err: Error) => {
      assert.match(
        err.message,
        /another AddonVersionRollback in this deployment targets the same add-on and ran first/,
      );
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 1, "the engine ran both creates; only one rolled back");
    assert.match(s.output.join(""), /is rolling it back; waiting for it to finish before reading the add-on again/);
    assert.equal(emulator.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
  });

  it("by name: addonName coredns is found with one list request and rolled back once; the ID is an output", async () => {
    const { emulator, s } = await setUp("by-name", {}, { trigger: "INC-1", addonName: "coredns" });
    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(up.outputs.addonId?.value, DEFAULT_SEED.id);
    assert.equal(up.outputs.addonName?.value, "coredns");
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
    assert.equal(emulator.count({ method: "POST" }), 1);
    assert.equal(emulator.requests.filter((r) => r.path === "/autopilot/v3/addons").length, 1, "one list request");
    assert.match(s.output.join(""), /"coredns" in cluster c0ffee00-cluster-1 is coredns \(ID 7a8b9c0d-coredns/);
  });

  it("by name, no match: up fails listing the cluster's add-ons; nothing sent, nothing recorded", async () => {
    const { emulator, s } = await setUp("by-name-none", {}, { trigger: "INC-1", addonName: "kube-proxy" });
    await assert.rejects(s.stack.up({ onOutput: (o) => s.output.push(o) }), (err: Error) => {
      assert.match(
        err.message,
        /no add-on named "kube-proxy" in cluster c0ffee00-cluster-1: it has coredns \(ID 7a8b9c0d-coredns\)/,
      );
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 0);
    assert.equal((await rollbackResource(s)).resource, undefined);
  });

  it("by name, several matches: up fails listing them with their IDs and asks for addonId; nothing sent", async () => {
    const { emulator, s } = await setUp("by-name-several", {}, { trigger: "INC-1", addonName: "logs" });
    for (const [id, name] of [
      ["8b9c0d1e-log-agent", "log-agent"],
      ["9c0d1e2f-fluent-bit", "fluent-bit"],
    ]) {
      emulator.addAddon({ ...DEFAULT_SEED, id: id!, name: name!, alias: "logs" });
    }
    await assert.rejects(s.stack.up({ onOutput: (o) => s.output.push(o) }), (err: Error) => {
      assert.match(err.message, /several add-ons in cluster c0ffee00-cluster-1 answer to "logs": /);
      assert.match(err.message, /log-agent \/ logs \(ID 8b9c0d1e-log-agent\)/);
      assert.match(err.message, /fluent-bit \/ logs \(ID 9c0d1e2f-fluent-bit\)/);
      assert.match(err.message, /Give addonId to choose one/);
      return true;
    });
    assert.equal(emulator.count({ method: "POST" }), 0);
  });

  it("switching from addonId to the addonName of the same add-on: no change, no request, no second rollback", async () => {
    const { emulator, s } = await setUp("switch-to-name", {}, { trigger: "INC-1" });
    await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(emulator.count({ method: "POST" }), 1);
    const before = emulator.requests.length;

    await s.stack.removeConfig("addonId");
    await s.stack.setConfig("addonName", { value: "coredns" });
    const preview = await s.stack.preview();
    assert.deepEqual(preview.changeSummary, { same: 2 });
    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.deepEqual(up.summary.resourceChanges, { same: 2 });
    assert.equal(up.outputs.addonId?.value, DEFAULT_SEED.id, "the recorded ID is kept");
    assert.equal(emulator.requests.length, before, "neither check nor diff called the cloud");
    assert.equal(emulator.count({ method: "POST" }), 1);
  });

  it("interrupted: an up killed during the wait, then run again, waits for the same rollback without a second POST", async () => {
    // The rollback lasts until the second up has read it in progress, then ends as the service would end it: a busy
    // machine may take any time to kill, cancel and start the engine again, and the rollback is still running.
    const { emulator, s } = await setUp("interrupted", { rollbackDurationMs: 3_600_000 }, { trigger: "INC-1" });
    const child = spawn(
      path.join(toolchainBin, "pulumi"),
      ["up", "--yes", "--skip-preview", "--stack", "interrupted"],
      {
        cwd: s.stack.workspace.workDir,
        env: { ...process.env, ...s.env },
        stdio: "ignore",
      },
    );
    const exited = once(child, "exit");
    while (emulator.count({ method: "POST" }) < 1 || emulator.count({ method: "GET" }) < 3) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    killTree(child.pid!);
    await exited;
    const getsAtKill = emulator.count({ method: "GET" });
    // Three times the pause between reads at this point of the wait (1 s): a poller that survived would be seen.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(emulator.count({ method: "GET" }), getsAtKill, "nothing polls after the kill");

    // A killed CLI leaves the stack locked, as after a killed CI job; `pulumi cancel` releases it.
    await s.cli(["cancel", "--yes"]);
    // The second up's first read finds the rollback in progress; only then does the rollback end.
    let settled = false;
    const second = s.stack.up({ onOutput: (o) => s.output.push(o) }).finally(() => (settled = true));
    second.catch(() => undefined);
    while (!settled && emulator.count({ method: "GET" }) === getsAtKill) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    emulator.patchAddon(DEFAULT_SEED.id, {
      status: "running",
      version: "1.28.4",
      previousVersion: "1.28.6",
      isRollbackable: false,
    });
    const up = await second;
    assert.equal(up.outputs.outcome?.value, "resumed");
    assert.equal(up.outputs.status?.value, "running");
    assert.equal(emulator.count({ method: "POST" }), 1, "exactly one POST over both runs");
    assert.match(up.stdout, /already in progress/);
  });

  it("unknown_trigger: a trigger from another resource's output previews a replacement, then rolls back once more", async () => {
    const { emulator, s } = await setUp("unknown-trigger", {}, { upstream: "a" }, "stack-config");
    await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(emulator.count({ method: "POST" }), 1);
    emulator.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });

    await s.stack.setConfig("upstream", { value: "b" });
    const requests = emulator.requests.length;
    const ops = new Map<string, Set<string>>();
    await s.stack.preview({
      onEvent: (e: EngineEvent) => {
        const meta = e.resourcePreEvent?.metadata;
        if (meta)
          ops.set(meta.type.split(":").pop()!, (ops.get(meta.type.split(":").pop()!) ?? new Set()).add(meta.op));
      },
    });
    assert.ok(
      ops.get("AddonVersionRollback")?.has("replace"),
      `ops: ${[...(ops.get("AddonVersionRollback") ?? [])].join(", ")}`,
    );
    assert.equal(emulator.requests.length, requests, "preview sends nothing");

    const up = await s.stack.up({ onOutput: (o) => s.output.push(o) });
    assert.equal(emulator.count({ method: "POST" }), 2);
    assert.equal(up.outputs.toVersion?.value, "1.28.4");
  });
});
