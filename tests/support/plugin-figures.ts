import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pluginExecutable } from "./native-plugin";
import { descendants } from "./process-tree";

/**
 * Runs `work` while sampling the peak RSS (VmHWM) of every plugin process below this one. The sampling stops when
 * `work` settles, also when it fails: a timer left running would keep mocha from exiting.
 */
export async function watchingPluginMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakKiB: number; processes: number }> {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of descendants(process.pid)) {
      try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!cmdline.includes(path.join("provider", "native", "main.js"))) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm)));
      } catch {
        // The process ended while we looked.
      }
    }
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await work();
    sample();
    return { result, peakKiB: Math.max(0, ...peaks.values()), processes: peaks.size };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Starts a plugin as the engine does (the checkout's, unless another executable is given); resolves with the time
 * to its port line and its RSS then.
 */
export async function measureStartUp(
  executable = pluginExecutable,
  env: NodeJS.ProcessEnv = process.env,
  args: string[] = ["127.0.0.1:1"],
): Promise<{ ms: number; rssKiB: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(executable, args, { stdio: ["ignore", "pipe", "ignore"], env });
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before its port line`)));
      child.stdout.once("data", () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    return { ms, rssKiB: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) };
  } finally {
    child.removeAllListeners("exit");
    child.kill("SIGKILL");
  }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
