import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator, type EmulatorOptions, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { startConnectProxy } from "../support/connect-proxy";
import { goProgram } from "../support/go-program";
import { javaProgram } from "../support/java-program";
import { requireBuiltPlugin } from "../support/native-plugin";
import type { ProgramUnderTest } from "../support/native-program";
import { type NativeStack, nativeStack } from "../support/native-stack";
import { pythonProgram } from "../support/python-program";
import { tally } from "../support/request-tally";
import { offlineEnv, tempDir, toolchainBin } from "../support/toolchain";
import { yamlProgram } from "../support/yaml-program";

const TEN_MINUTES_MS = 600_000;
const ROLLBACK_TYPE = "cce-autopilot:index:AddonVersionRollback";
type Props = Record<string, unknown>;

/** A pulumi command run as a user runs it, with its output, exit code and how long it took. */
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

// The plugin on the real engine, telling the truth before and after it acts: a preview that names the versions
// (and reads only), the program's customTimeouts, Ctrl-C, the strict wait, and progress lines that reach the
// engine whatever proxy the environment names. Every program of the lifecycle suite runs every step.
for (const program of [yamlProgram, goProgram, pythonProgram, javaProgram] as ProgramUnderTest[]) {
  describe(`the plugin tells the truth, from a ${program.language} program`, function () {
    this.timeout(program.timeoutMs);
    let dir: string;
    let programDir: string;
    let env: Record<string, string>;
    const stacks: NativeStack[] = [];
    const emulators: Emulator[] = [];

    before(async () => {
      requireBuiltPlugin();
      program.requireTools();
      dir = tempDir(`truth-${program.stackName}`);
      env = offlineEnv(dir, program.env);
      programDir = await program.prepare(dir, env);
    });

    after(async () => {
      for (const s of stacks) await s.remove().catch(() => undefined);
      for (const e of emulators) await e.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
      const e = await startEmulator({ defaultRollbackDurationMs: 1500, ...options });
      emulators.push(e);
      return e;
    }

    /** A stack of the program against `e`, with the plugin's credentials unless `withCredentials` is false. */
    /**
     * A stack of the program against `e`: the plugin's credentials unless `withCredentials` is false, the program in
     * `dir` (a variant of it) and `extraEnv` on top of the tests' environment when given.
     */
    async function stack(
      name: string,
      e: Emulator,
      options: { config?: ConfigMap; withCredentials?: boolean; dir?: string; extraEnv?: Record<string, string> } = {},
    ) {
      const { config = {}, withCredentials = true, dir: dirOfProgram = programDir, extraEnv = {} } = options;
      const s = await nativeStack(
        dirOfProgram,
        `${program.stackName}-${name}`,
        { ...env, ...extraEnv },
        {
          clusterId: { value: DEFAULT_SEED.clusterId },
          [program.triggerKey]: { value: "INC-1" },
          "cce-autopilot:endpoint": { value: e.url },
          "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
          ...(withCredentials
            ? {
                "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
                "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
              }
            : {}),
          ...config,
        },
      );
      stacks.push(s);
      return s;
    }

    /** Runs `pulumi <args>` on a stack as a user does, optionally sending SIGINT once `interruptWhen` holds. */
    function pulumi(
      stackName: string,
      args: string[],
      extraEnv: Record<string, string> = {},
      interruptWhen?: () => boolean,
      cwd = programDir,
    ): Promise<Run & { interruptedAfter?: number }> {
      const started = Date.now();
      const child = spawn(
        path.join(toolchainBin, "pulumi"),
        [...args, "--stack", `${program.stackName}-${stackName}`],
        {
          cwd,
          env: { ...process.env, ...env, ...extraEnv },
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      let interruptedAt: number | undefined;
      const watch =
        interruptWhen &&
        setInterval(() => {
          if (interruptedAt === undefined && interruptWhen()) {
            interruptedAt = Date.now();
            child.kill("SIGINT");
          }
        }, 100);
      return new Promise((resolve) =>
        child.on("close", (code) => {
          if (watch) clearInterval(watch);
          const ended = Date.now();
          resolve({
            code,
            stdout,
            stderr,
            seconds: (ended - started) / 1000,
            ...(interruptedAt !== undefined ? { interruptedAfter: (ended - interruptedAt) / 1000 } : {}),
          });
        }),
      );
    }

    it("preview of a new resource: the planned versions in the text and the streaming JSON; reads only, 0 POST", async () => {
      const e = await emulator();
      const s = await stack("plan", e);
      const text = await s.stack.preview();
      assert.match(text.stdout, /coredns 1\.28\.6 -> 1\.28\.4/);
      const json = await pulumi("plan", ["preview", "--json"], { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "1" });
      assert.equal(json.code, 0, json.stderr);
      const events = json.stdout
        .split("\n")
        .filter((line) => line.trim().startsWith("{"))
        .map(
          (line) =>
            JSON.parse(line) as {
              resOutputsEvent?: { metadata: { type: string; new?: { outputs?: Record<string, unknown> } } };
            },
        );
      const outputs = events.map((event) => event.resOutputsEvent?.metadata).find((m) => m?.type === ROLLBACK_TYPE)
        ?.new?.outputs;
      assert.ok(outputs, `a resource outputs event for the rollback:\n${json.stdout.slice(0, 2000)}`);
      assert.equal(outputs.fromVersion, "1.28.6");
      assert.equal(outputs.toVersion, "1.28.4");
      assert.equal(outputs.addonId, DEFAULT_SEED.id);
      assert.equal(outputs.outcome, "rolled-back");
      assert.equal(e.count({ method: "POST" }), 0);
      assert.ok(e.requests.length > 0 && e.requests.every((r) => r.method === "GET"), tally(e.requests));
      console.log(`      requests of two previews: ${tally(e.requests)}`);
    });

    it("after the up: a no-op preview sends nothing; a trigger change previews a replace of trigger with the versions", async () => {
      const e = await emulator();
      const s = await stack("replace", e);
      await s.stack.up();
      assert.equal(e.count({ method: "POST" }), 1);
      const before = e.requests.length;
      const same = await s.stack.preview();
      assert.equal(same.changeSummary.same, 2);
      assert.equal(e.requests.length, before, "a no-op preview makes no request");

      // The add-on is upgraded again; a new incident previews its rollback.
      e.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
      await s.stack.setConfig(program.triggerKey, { value: "INC-2" });
      const replace = await s.stack.preview();
      assert.equal(replace.changeSummary.replace, 1);
      assert.match(replace.stdout, /replace\s+\[diff: ~trigger\]/);
      assert.match(replace.stdout, /coredns 1\.28\.7 -> 1\.28\.4/);
      // For a replacement, `pulumi preview --json` also carries the planned values in the step's new state.
      const json = await pulumi("replace", ["preview", "--json"]);
      assert.equal(json.code, 0, json.stderr);
      const steps = (JSON.parse(json.stdout) as { steps?: { newState?: { type: string; outputs?: Props } }[] }).steps;
      const planned = steps?.find((step) => step.newState?.type === ROLLBACK_TYPE)?.newState?.outputs;
      assert.equal(planned?.fromVersion, "1.28.7", json.stdout.slice(0, 2000));
      assert.equal(planned?.toVersion, "1.28.4");
      assert.equal(e.count({ method: "POST" }), 1, "the previews send no rollback");
    });

    it("preview of a rollback up would refuse: fails with the reason, 0 POST", async () => {
      const e = await emulator({ seed: [{ ...DEFAULT_SEED, isRollbackable: false }] });
      const s = await stack("refused", e);
      await assert.rejects(s.stack.preview(), /cannot be rolled back now .*isRollbackable=false/s);
      assert.equal(e.count({ method: "POST" }), 0);
    });

    it("preview without credentials: one warning, the versions unknown, the preview succeeds; no request", async () => {
      const e = await emulator();
      const s = await stack("no-credentials", e, { withCredentials: false });
      const preview = await s.stack.preview();
      assert.equal(preview.changeSummary.create, 2);
      assert.match(preview.stdout, /planned versions are unknown: no credentials are configured/);
      assert.equal(e.requests.length, 0);
    });

    it("customTimeouts.create 15s on a 10-minute rollback: up fails after about 15 s naming it; 1 POST; recorded timed-out", async () => {
      const e = await emulator({ defaultRollbackDurationMs: TEN_MINUTES_MS });
      const variant = program.withCreateTimeout(programDir, "15s");
      const s = await stack("timeout", e, { config: variant.config, dir: variant.programDir });
      const run = await pulumi("timeout", ["up", "--yes", "--skip-preview"], {}, undefined, variant.programDir);
      assert.notEqual(run.code, 0);
      assert.match(run.stdout, /did not finish within customTimeouts\.create \(15 s\)/);
      assert.equal(e.count({ method: "POST" }), 1);
      const { resource } = await s.exportRollback(false);
      assert.equal(resource?.outputs?.outcome, "timed-out");
      assert.equal(resource?.outputs?.finishedAt, undefined);
      console.log(`      up with customTimeouts.create 15s: ${run.seconds.toFixed(1)} s; ${tally(e.requests)}`);
    });

    it("SIGINT during the wait: the CLI returns within 10 s, 1 POST; the next up sends no POST, waits, records running at the target", async () => {
      let offsetMs = 0;
      const e = await emulator({ defaultRollbackDurationMs: TEN_MINUTES_MS, now: () => Date.now() + offsetMs });
      const s = await stack("sigint", e);
      // Interrupted once the service has accepted the rollback and the wait has begun.
      const run = await pulumi("sigint", ["up", "--yes", "--skip-preview"], {}, () => {
        const post = e.requests.findIndex((r) => r.method === "POST");
        return post >= 0 && e.requests.slice(post + 1).some((r) => r.method === "GET");
      });
      assert.ok(run.interruptedAfter !== undefined, "interrupted");
      assert.ok(run.interruptedAfter < 10, `returned ${run.interruptedAfter.toFixed(1)} s after SIGINT`);
      assert.notEqual(run.code, 0);
      assert.equal(e.count({ method: "POST" }), 1);
      const { resource } = await s.exportRollback(false);
      assert.equal(resource?.outputs?.outcome, "cancelled", run.stdout);
      console.log(`      SIGINT: the CLI returned ${run.interruptedAfter.toFixed(1)} s later`);

      offsetMs = TEN_MINUTES_MS; // the service finishes the rollback meanwhile
      const next = await s.stack.up();
      assert.equal(e.count({ method: "POST" }), 1, "the next up sends no second rollback");
      assert.equal(next.outputs.outcome?.value, "rolled-back");
      assert.equal(next.outputs.status?.value, "running");
      assert.equal(next.outputs.toVersion?.value, "1.28.4");
      console.log(`      requests in all: ${tally(e.requests)}`);
    });

    it("an add-on that stays available at the target: strict fails at the deadline, recorded, 1 POST; with acceptPartiallyReady, success", async () => {
      const e = await emulator({ seed: [{ ...DEFAULT_SEED, rollbackOutcome: "partiallyReady" }] });
      const variant = program.withCreateTimeout(programDir, "10s");
      const strict = await stack("strict", e, { config: variant.config, dir: variant.programDir });
      await assert.rejects(strict.stack.up(), /at the target version 1\.28\.4 but only partially ready/);
      assert.equal(e.count({ method: "POST" }), 1);
      const { resource } = await strict.exportRollback(false);
      assert.equal(resource?.outputs?.status, "available");
      assert.equal(resource?.outputs?.outcome, "timed-out");

      const other = await emulator({ seed: [{ ...DEFAULT_SEED, rollbackOutcome: "partiallyReady" }] });
      const lenient = await stack("lenient", other, { config: { acceptPartiallyReady: { value: "true" } } });
      const up = await lenient.stack.up();
      assert.equal(up.outputs.status?.value, "available");
      assert.equal(up.outputs.outcome?.value, "rolled-back");
      assert.equal(other.count({ method: "POST" }), 1);
    });

    for (const behaviour of ["refuses", "never answers"] as const) {
      it(`https_proxy set to a proxy that carries the API traffic but ${behaviour} every other tunnel, no_proxy=localhost: lines arrive, up finishes`, async () => {
        const e = await emulator();
        const apiTarget = new URL(e.url).host;
        const proxy = await startConnectProxy(undefined, {
          refuse: (target) => behaviour === "refuses" && target !== apiTarget,
          hang: (target) => behaviour === "never answers" && target !== apiTarget,
        });
        try {
          const proxied = {
            https_proxy: proxy.url,
            http_proxy: proxy.url,
            no_proxy: "localhost",
            ...program.proxyEnv,
          };
          const s = await stack(`proxy-${behaviour.replace(" ", "-")}`, e, { extraEnv: proxied });
          const started = Date.now();
          const up = await s.stack.up();
          const seconds = (Date.now() - started) / 1000;
          assert.equal(up.outputs.outcome?.value, "rolled-back");
          assert.match(up.stdout, /rollback finished: running at 1\.28\.4/, "the progress lines reached the engine");
          assert.ok(
            proxy.connects.some((c) => c.target === apiTarget && c.status === 200),
            "the API went through the proxy",
          );
          assert.ok(
            proxy.connects.every((c) => c.target === apiTarget),
            `only the API was tunnelled: ${JSON.stringify(proxy.connects)}`,
          );
          assert.equal(e.count({ method: "POST" }), 1);
          console.log(`      up through a proxy that ${behaviour} other tunnels: ${seconds.toFixed(1)} s`);
        } finally {
          await proxy.close();
        }
      });
    }
  });
}
