/**
 * Sections 4 and 5: one `pulumi up` rolling back 20 add-ons of 5 s each, against a stack with one; the ratio
 * of their wall times shows whether the 20 rollbacks overlap. The engine runs with a `--parallel` above 20 (see
 * engine.ts). Between repetitions the stacks are destroyed (no API call) and their add-ons put back into the
 * upgraded state, so every timed `up` creates its resources and rolls them back. While each `up` runs, the
 * provider process's peak memory is sampled, and, for reference, that of the same `up` of 20 no-op dynamic
 * resources: most of the provider process is the Pulumi SDK and Node.js, whatever the provider does.
 */
import { type Emulator } from "../tests/emulator";
import { type BenchResult, median, progress, round } from "./common";
import { type BenchStack, DESTROY, UP, addonIds, benchStack, reseed } from "./engine";
import { ProviderMemorySampler } from "./memory";

const REPETITIONS = 5;
const ROLLBACK_MS = 5000;
const TARGET_RATIO = 1.5;

interface Run {
  seconds: number;
  peakMiB: number;
}

export async function measureParallel(emulator: Emulator): Promise<BenchResult[]> {
  const single = await benchStack("rollbacks", "parallel-1", 1, emulator, "parallel-1");
  const many = await benchStack("rollbacks", "parallel-20", 20, emulator, "parallel-20");
  const noop = await benchStack("trivial", "parallel-noop-20", 20, emulator, "parallel-noop-20");
  const runs = new Map<BenchStack, Run[]>([
    [single, []],
    [many, []],
    [noop, []],
  ]);
  for (let rep = 0; rep < REPETITIONS; rep++) {
    for (const stack of rep % 2 ? [many, single, noop] : [single, many, noop]) {
      runs.get(stack)!.push(await timedUp(stack, emulator));
      await stack.run(DESTROY);
    }
    progress(`parallel rollbacks: repetition ${rep + 1}/${REPETITIONS} done`);
  }
  const one = runs.get(single)!;
  const twenty = runs.get(many)!;
  const reference = runs.get(noop)!;
  const ratio = median(twenty.map((r) => r.seconds)) / median(one.map((r) => r.seconds));
  const seconds = (rs: Run[]) => rs.map((r) => round(r.seconds, 3));
  const peaks = (rs: Run[]) => rs.map((r) => round(r.peakMiB, 1));
  return [
    {
      id: "parallel.single",
      section: "4 parallel",
      figure: "up, 1 rollback of 5 s",
      value: round(median(seconds(one))),
      unit: "s",
      target: null,
      pass: null,
      samples: seconds(one),
    },
    {
      id: "parallel.twenty",
      section: "4 parallel",
      figure: `up, ${many.count} rollbacks of 5 s`,
      value: round(median(seconds(twenty))),
      unit: "s",
      target: null,
      pass: null,
      samples: seconds(twenty),
    },
    {
      id: "parallel.ratio",
      section: "4 parallel",
      figure: `up: ${many.count} rollbacks / 1`,
      value: round(ratio),
      unit: "x",
      target: `<= ${TARGET_RATIO}`,
      pass: ratio <= TARGET_RATIO,
    },
    {
      id: "memory.peak.twenty",
      section: "5 memory",
      figure: `provider peak RSS, ${many.count} rollbacks`,
      value: round(median(peaks(twenty)), 1),
      unit: "MiB",
      target: null,
      pass: null,
      samples: peaks(twenty),
    },
    {
      id: "memory.peak.single",
      section: "5 memory",
      figure: "provider peak RSS, 1 rollback",
      value: round(median(peaks(one)), 1),
      unit: "MiB",
      target: null,
      pass: null,
      samples: peaks(one),
    },
    {
      id: "memory.peak.noop",
      section: "5 memory",
      figure: `provider peak RSS, ${noop.count} no-op resources`,
      value: round(median(peaks(reference)), 1),
      unit: "MiB",
      target: null,
      pass: null,
      samples: peaks(reference),
    },
  ];
}

async function timedUp(stack: BenchStack, emulator: Emulator): Promise<Run> {
  if (stack.kind === "rollbacks") reseed(emulator, stack.name, stack.count, ROLLBACK_MS);
  const posts = () => emulator.count({ method: "POST" });
  const postsBefore = posts();
  const sampler = new ProviderMemorySampler();
  // stop() is idempotent: the finally only makes sure a failed run leaves no timer behind.
  const up = await stack.run(UP, (pid) => sampler.start(pid)).finally(() => sampler.stop());
  const memory = sampler.stop();
  if (stack.kind === "trivial") return { seconds: up.ms / 1000, peakMiB: memory.peakMiB };
  // A timed run that rolled back less than everything would measure nothing useful.
  const rolledBack = addonIds(stack.name, stack.count).filter(
    (id) => emulator.addon(id)?.status.currentVersion.version === "1.28.4",
  ).length;
  if (posts() - postsBefore !== stack.count || rolledBack !== stack.count) {
    throw new Error(`${stack.name}: ${posts() - postsBefore} POSTs and ${rolledBack} rolled back, not ${stack.count}`);
  }
  if (memory.processes !== 1) progress(`${stack.name}: saw ${memory.processes} provider processes`);
  return { seconds: up.ms / 1000, peakMiB: memory.peakMiB };
}
