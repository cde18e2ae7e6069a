/**
 * The real engine for sections 2-5: programs installed from the packed tarball (as users install them), stacks on
 * a local file backend under bench/tmp, the offline environment of the e2e tests, and one emulator seeded with
 * as many add-ons as the stacks roll back. Timed operations spawn the pinned `pulumi` CLI directly, not through
 * the Automation API, so that the measured time is the CLI's own and section 5 knows the CLI's process id.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { type AddonSeed, type Emulator, TEST_CREDENTIALS, startEmulator } from "../tests/emulator";
import { copyProgram } from "../tests/support/consumer";
import { offlineEnv, pulumiCommand, repoRoot, toolchainBin } from "../tests/support/toolchain";

export const CLUSTER = "c0ffee00-cluster-1";
const FROM = "1.28.6";
const TO = "1.28.4";

/**
 * The CLI's default `--parallel` is 4 per CPU (8 on a 2-core machine), which would run 20 rollbacks in three
 * waves: every engine operation here passes a limit above any stack's size so that the engine is not the limit.
 */
export const PARALLEL = 256;

/** Where stacks keep their backend and Pulumi home; git-ignored. */
export const benchTmp = path.join(repoRoot, "bench", "tmp");

export type ProgramKind = "rollbacks" | "trivial";

export interface BenchStack {
  name: string;
  kind: ProgramKind;
  count: number;
  programDir: string;
  env: Record<string, string>;
  /** Runs `pulumi <args> --stack <name>`; resolves with its wall time and output, rejects when it fails. */
  run(args: string[], onSpawn?: (pid: number) => void): Promise<{ ms: number; stdout: string }>;
}

/** The emulator of one bench run; stacks seed it with their add-ons. */
export async function benchEmulator(): Promise<Emulator> {
  return startEmulator({ seed: [] });
}

/** An add-on that can be rolled back (again): 1.28.6 upgraded from 1.28.4. */
export function rollbackable(id: string, rollbackDurationMs: number): AddonSeed {
  return { id, clusterId: CLUSTER, name: "coredns", currentVersion: FROM, previousVersion: TO, rollbackDurationMs };
}

/** Puts every add-on of `prefix` back into its upgraded state, so that the next `up` rolls it back once more. */
export function reseed(emulator: Emulator, prefix: string, count: number, rollbackDurationMs: number): void {
  for (const id of addonIds(prefix, count)) {
    if (emulator.addon(id) === undefined) emulator.addAddon(rollbackable(id, rollbackDurationMs));
    else {
      emulator.patchAddon(id, {
        status: "running",
        version: FROM,
        previousVersion: TO,
        isRollbackable: true,
        rollbackDurationMs,
      });
    }
  }
}

/** Distinct add-on ids, `<prefix>-000` ...; the program derives the same ones from `addonPrefix` and `count`. */
export function addonIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
}

/**
 * A stack of `count` resources of the given program. Both programs take the same config and are TypeScript run
 * with PULUMI_NODEJS_TRANSPILE_ONLY, so that a comparison between them compares providers, not compilers.
 */
export async function benchStack(
  kind: ProgramKind,
  name: string,
  count: number,
  emulator: Emulator,
  addonPrefix: string,
): Promise<BenchStack> {
  const programDir = copyProgram(path.join(repoRoot, "bench", "programs", kind), `bench-${name}`);
  const dir = path.join(benchTmp, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const env = offlineEnv(dir, {
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    // Credentials from the environment, as a CI pipeline sets them: no encrypted config to decrypt on each run.
    HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
    HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
    HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
  });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, workDir: programDir },
    { pulumiCommand: await pulumiCommand(), envVars: env },
  );
  await stack.setAllConfig({
    count: { value: String(count) },
    clusterId: { value: CLUSTER },
    addonPrefix: { value: addonPrefix },
    trigger: { value: "INC-bench" },
  });
  await stack.setConfig("huaweicloud:endpoints.cce", { value: emulator.url }, true);
  return {
    name,
    kind,
    count,
    programDir,
    env,
    run: (args, onSpawn) => runPulumi([...args, "--stack", name, "--non-interactive"], programDir, env, onSpawn),
  };
}

export const UP = ["up", "--yes", "--skip-preview", "--parallel", String(PARALLEL)];
export const PREVIEW = ["preview", "--parallel", String(PARALLEL)];
export const DESTROY = ["destroy", "--yes", "--skip-preview", "--parallel", String(PARALLEL)];

function runPulumi(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onSpawn?: (pid: number) => void,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(path.join(toolchainBin, "pulumi"), args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    if (child.pid !== undefined) onSpawn?.(child.pid);
    child.once("error", reject);
    child.once("close", (code) => {
      const ms = performance.now() - started;
      const stdout = Buffer.concat(out).toString("utf8");
      if (code === 0) return resolve({ ms, stdout });
      const output = `${stdout}\n${Buffer.concat(err).toString("utf8")}`.trim();
      reject(new Error(`pulumi ${args.join(" ")} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** The pinned CLI's version, for the results file. */
export async function pulumiVersion(): Promise<string> {
  const { stdout } = await runPulumi(["version"], repoRoot, {});
  return stdout.trim();
}

/** A stack of `count` resources on freshly seeded add-ons, after its first `up` (which is not measured). */
export async function deployedStack(
  kind: ProgramKind,
  name: string,
  count: number,
  emulator: Emulator,
  rollbackDurationMs: number,
): Promise<BenchStack> {
  reseed(emulator, name, count, rollbackDurationMs);
  const stack = await benchStack(kind, name, count, emulator, name);
  await stack.run(UP);
  return stack;
}
