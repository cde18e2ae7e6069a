import * as fs from "node:fs";
import { descendants } from "../tests/support/process-tree";

/**
 * Samples the peak resident memory of the dynamic-provider process below a `pulumi` CLI, every `intervalMs`.
 * Reads `VmHWM` (the kernel's high-water mark of RSS) rather than `VmRSS`, so a spike between two samples is
 * not missed; only the last interval before the provider exits can go unseen.
 */
export class ProviderMemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private peakKiB = 0;
  private readonly seen = new Set<number>();

  constructor(private readonly intervalMs = 100) {}

  start(cliPid: number): void {
    this.timer = setInterval(() => this.sample(cliPid), this.intervalMs);
  }

  /** Stops sampling; returns the peak in MiB and how many provider processes were seen. */
  stop(): { peakMiB: number; processes: number } {
    clearInterval(this.timer);
    return { peakMiB: this.peakKiB / 1024, processes: this.seen.size };
  }

  private sample(cliPid: number): void {
    for (const pid of descendants(cliPid)) {
      try {
        // The provider is `node .../@pulumi/pulumi/cmd/dynamic-provider/index.js`, started by the
        // pulumi-resource-pulumi-nodejs shell wrapper (whose `node -e require.resolve(...)` must not count).
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        if (!/cmd[/\\]dynamic-provider([/\\]index\.js)?$/.test(argv[1] ?? "")) continue;
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        this.seen.add(pid);
        this.peakKiB = Math.max(this.peakKiB, hwm);
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}
