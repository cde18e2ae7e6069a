import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { pluginBin } from "./native-plugin";
import { repoRoot } from "./toolchain";

/**
 * A program in another language than TypeScript that uses the cce-autopilot plugin, as the lifecycle suite
 * (tests/e2e/native-lifecycle.test.ts) runs it. A new language adds one of these, not a test file.
 */
export interface ProgramUnderTest {
  /** The language as the test names say it, e.g. "Go". */
  language: string;
  /** Its stacks are named after this; it also names the temporary directory. */
  stackName: string;
  /** Throws, saying what to run, when a tool the program needs is missing: the suite fails, never skips. */
  requireTools(): void;
  /** What its language host needs on top of the tests' offline environment. */
  env: Record<string, string>;
  /**
   * Copies the program into `dir` with its paths pointing into this repository, and builds it if its language
   * compiles (printing how long that takes); returns the program's directory. It may add to `env` what only the
   * prepared copy can tell (the Python program's interpreter).
   */
  prepare(dir: string, env: Record<string, string>): Promise<string>;
  /**
   * What the program's own connection to the engine (on 127.0.0.1) needs on top of `no_proxy=localhost` when
   * `https_proxy` is set, if its language's gRPC would otherwise tunnel it through the proxy.
   */
  proxyEnv?: Record<string, string>;
  /** The stack config key the program reads the trigger from. */
  triggerKey: string;
  /** The resource's `trigger` input for the config value `value` (a program may wrap it). */
  recordedTrigger(value: string): unknown;
  /**
   * True when every pulumi command that runs the program builds it first (go build): the suite then runs only
   * the steps that every language must pass, and leaves the re-checks of engine behaviour that is the same for
   * every language to the programs that are cheap to run.
   */
  buildsOnEveryRun: boolean;
  /** Mocha's timeout for the program's suite. */
  timeoutMs: number;
  /**
   * The program with `customTimeouts.create` set to `timeout` (e.g. "15s"): the directory to run, and the stack
   * config it needs. A program that reads it from config gives the same directory.
   */
  withCreateTimeout(programDir: string, timeout: string): { programDir: string; config: ConfigMap };
}

/**
 * What the SDK examples (Go, Python, Java, Node.js) do alike: the trigger is the stack config string `trigger`,
 * recorded as it is, and `customTimeouts.create` is the stack config `createTimeout` (same directory).
 */
export const configDrivenProgram: Pick<ProgramUnderTest, "triggerKey" | "recordedTrigger" | "withCreateTimeout"> = {
  triggerKey: "trigger",
  recordedTrigger: (trigger) => trigger,
  withCreateTimeout: (programDir, timeout) => ({ programDir, config: { createTimeout: { value: timeout } } }),
};

/**
 * Copies examples/<name> to <dir>/program, its `plugins:` path (../../bin, relative to the example) replaced by
 * this repository's bin/.
 */
export function copyExample(name: string, dir: string): string {
  const program = path.join(dir, "program");
  fs.cpSync(path.join(repoRoot, "examples", name), program, { recursive: true });
  const project = path.join(program, "Pulumi.yaml");
  const text = fs.readFileSync(project, "utf8");
  assert.match(text, /path: \.\.\/\.\.\/bin\n/, `examples/${name}/Pulumi.yaml takes the plugin from ../../bin`);
  fs.writeFileSync(project, text.replace("path: ../../bin\n", `path: ${pluginBin}\n`));
  return program;
}
