/**
 * Section "body": peak resident memory of a process that reads an add-on while the server streams a 100 MB
 * answer, with the client as it is (bodies cut at MAX_RESPONSE_BYTES) and as it was (the whole body buffered).
 * Each read runs in a child process of its own, so that only the reader's memory counts.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_SEED, startEmulator } from "../tests/emulator";
import { type BenchResult, progress, round } from "./common";

const SECTION = "5 bounded bodies";
const BODY_BYTES = 100 * 1024 * 1024;
const execFileAsync = promisify(execFile);

export async function measureBodyLimit(): Promise<BenchResult[]> {
  const emulator = await startEmulator();
  try {
    const read = async (mode: "client" | "unbounded", faulty: boolean) => {
      emulator.clearFaults();
      if (faulty) emulator.injectFaults({ match: { method: "GET" }, fault: { kind: "huge-body", bytes: BODY_BYTES } });
      const child = path.join(__dirname, "body-limit-child.js");
      const { stdout } = await execFileAsync(process.execPath, [
        child,
        emulator.url,
        mode,
        DEFAULT_SEED.clusterId,
        DEFAULT_SEED.id,
      ]);
      const { maxRssKiB, outcome } = JSON.parse(stdout) as { maxRssKiB: number; outcome: string };
      progress(
        `body: ${mode}, ${faulty ? "100 MB answer" : "normal answer"}: ${round(maxRssKiB / 1024, 1)} MiB (${outcome.slice(0, 80)})`,
      );
      return maxRssKiB / 1024;
    };
    const normal = await read("client", false);
    const bounded = await read("client", true);
    const unbounded = await read("unbounded", true);
    return [
      {
        id: "body.rss.bounded",
        section: SECTION,
        figure: "peak RSS reading a 100 MB answer (cut at 1 MiB)",
        value: round(bounded, 1),
        unit: "MiB",
        target: "flat: within 10 MiB of a normal read",
        pass: bounded - normal <= 10,
        note: `a normal read peaks at ${round(normal, 1)} MiB`,
      },
      {
        id: "body.rss.unbounded",
        section: SECTION,
        figure: "peak RSS reading a 100 MB answer, whole body buffered (before)",
        value: round(unbounded, 1),
        unit: "MiB",
        target: null,
        pass: null,
      },
    ];
  } finally {
    await emulator.close();
  }
}
