import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { type ConfigMap, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, TEST_TOKEN, startEmulator } from "../emulator";
import { copyProgram, installedConsumer } from "./consumer";
import { offlineEnv, pulumiCommand, tempDir, toolchainBin } from "./toolchain";

const execFileAsync = promisify(execFile);

/** A stack of a program installed as users install it, configured to talk to an emulator. */
export interface RollbackStack {
  stack: Stack;
  dir: string;
  env: Record<string, string>;
  /** What the engine operations printed (collected by the tests' onOutput), to check that no secret appears. */
  output: string[];
  /** Runs a CLI command on this stack and returns its stdout. */
  cli(args: string[]): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Creates a stack for `programDir` (already copied into the consumer directory) with the emulator's endpoint
 * and the test credentials in stack config: the secret key as a secret, as users are told to set it.
 */
export async function rollbackStack(
  programDir: string,
  stackName: string,
  emulator: Emulator,
  config: ConfigMap,
  credentials: "stack-config" | "env-aksk" | "env-token" = "stack-config",
): Promise<RollbackStack> {
  installedConsumer();
  const dir = tempDir(`stack-${stackName}`);
  // Type checking happens once, in the examples test; engine runs only transpile.
  const env = offlineEnv(dir, { PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...credentialEnv(credentials) });
  const pulumi = await pulumiCommand();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: programDir },
    { pulumiCommand: pulumi, envVars: env },
  );
  await stack.setAllConfig({
    ...(credentials === "stack-config"
      ? {
          "huaweicloud:accessKey": { value: TEST_CREDENTIALS.accessKey },
          "huaweicloud:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
        }
      : {}),
    "huaweicloud:projectId": { value: TEST_CREDENTIALS.projectId },
    ...config,
  });
  await stack.setConfig("huaweicloud:endpoints.cce", { value: emulator.url }, true);
  const output: string[] = [];
  return {
    stack,
    dir,
    env,
    output,
    async cli(args) {
      const result = await execFileAsync(path.join(toolchainBin, "pulumi"), [...args, "--stack", stackName], {
        cwd: programDir,
        env: { ...process.env, ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      return result.stdout;
    },
    async remove() {
      await stack.workspace.removeStack(stackName, { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment a CI pipeline would set instead of stack config. */
function credentialEnv(credentials: "stack-config" | "env-aksk" | "env-token"): Record<string, string> {
  if (credentials === "env-aksk") {
    return { HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey, HW_SECRET_KEY: TEST_CREDENTIALS.secretKey };
  }
  if (credentials === "env-token") return { HW_AUTH_TOKEN: TEST_TOKEN };
  return {};
}

/**
 * Registers mocha hooks that start an emulator and a stack of a copy of `programDir` against it before the suite
 * (stack config: the default add-on's cluster and `addonName: coredns`, then `config`), hand both to `ready`, and
 * remove both after the suite.
 */
export function emulatedStack(
  options: { programDir: string; stackName: string; rollbackMs: number; config: ConfigMap },
  ready: (started: { emulator: Emulator; stack: RollbackStack }) => void,
): void {
  let emulator: Emulator | undefined;
  let stack: RollbackStack | undefined;
  before(async () => {
    emulator = await startEmulator({ defaultRollbackDurationMs: options.rollbackMs });
    const program = copyProgram(options.programDir, options.stackName);
    stack = await rollbackStack(program, options.stackName, emulator, {
      clusterId: { value: DEFAULT_SEED.clusterId },
      addonName: { value: "coredns" },
      ...options.config,
    });
    ready({ emulator, stack });
  });
  after(async () => {
    await stack?.remove();
    await emulator?.close();
  });
}
