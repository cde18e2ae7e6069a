/** Runs a tool of the release and returns its output; a failure says the command, where, and what it printed. */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export async function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === "ENOENT") throw new Error(`${command} is not on PATH (needed by ${args.join(" ")})`, { cause: err });
    const output = `${e.stdout ?? ""}${e.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`${path.basename(command)} ${args.join(" ")} (in ${options.cwd}) failed:\n${output || e.message}`, {
      cause: err,
    });
  }
}
