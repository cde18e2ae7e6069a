/**
 * Section 3: engine overhead. After both stacks' first `up`, the wall time of `pulumi preview` and of a
 * no-change `pulumi up` for 100 AddonVersionRollback resources, as a ratio to the same operations on 100 trivial
 * dynamic resources whose provider does nothing. `--expect-no-changes` makes the CLI fail if anything would
 * change, so a timed run can never hide a rollback.
 */
import type { Emulator } from "../tests/emulator";
import { type BenchResult, median, progress, round } from "./common";
import { type BenchStack, PREVIEW, UP } from "./engine";

const SECTION = "3 engine";
// More repetitions than elsewhere: the ratio of two ~3 s runs is sensitive to whatever else the machine does.
const REPETITIONS = 7;
const TARGET_RATIO = 1.2;

export async function measureEngineOverhead(
  rollbacks: BenchStack,
  trivial: BenchStack,
  emulator: Emulator,
): Promise<BenchResult[]> {
  const times = { preview: new Map<BenchStack, number[]>(), up: new Map<BenchStack, number[]>() };
  const requestsBefore = emulator.requests.length;
  for (let rep = 0; rep < REPETITIONS; rep++) {
    // Alternate which stack goes first so that a slow moment of the machine does not always hit the same one.
    const order = rep % 2 ? [trivial, rollbacks] : [rollbacks, trivial];
    for (const stack of order) {
      const preview = await stack.run([...PREVIEW, "--expect-no-changes"]);
      const up = await stack.run([...UP, "--expect-no-changes"]);
      push(times.preview, stack, preview.ms / 1000);
      push(times.up, stack, up.ms / 1000);
    }
    progress(`engine overhead: repetition ${rep + 1}/${REPETITIONS} done`);
  }
  const requests = emulator.requests.length - requestsBefore;
  return (["preview", "up"] as const).flatMap((op) => {
    const label = op === "preview" ? "pulumi preview" : "no-change pulumi up";
    const ours = times[op].get(rollbacks) ?? [];
    const reference = times[op].get(trivial) ?? [];
    const ratio = median(ours) / median(reference);
    // The same ratio within each repetition (both stacks ran back to back): its spread shows how much the
    // median ratio can move between runs on a busy machine.
    const paired = ours.map((v, i) => round(v / reference[i]!, 3));
    return [
      {
        id: `engine.${op}.rollbacks`,
        section: SECTION,
        figure: `${label}, ${rollbacks.count} rollbacks`,
        value: round(median(ours)),
        unit: "s",
        target: null,
        pass: null,
        samples: ours.map((v) => round(v, 3)),
        ...(op === "up" ? { note: `API requests during every timed preview and up: ${requests}` } : {}),
      },
      {
        id: `engine.${op}.trivial`,
        section: SECTION,
        figure: `${label}, ${trivial.count} trivial`,
        value: round(median(reference)),
        unit: "s",
        target: null,
        pass: null,
        samples: reference.map((v) => round(v, 3)),
      },
      {
        id: `engine.${op}.ratio`,
        section: SECTION,
        figure: `${label}: rollbacks / trivial`,
        value: round(ratio),
        unit: "x",
        target: `<= ${TARGET_RATIO}`,
        pass: ratio <= TARGET_RATIO,
        samples: paired,
        note: `per-repetition ratios ${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}`,
      },
    ];
  });
}

function push(map: Map<BenchStack, number[]>, stack: BenchStack, value: number): void {
  map.set(stack, [...(map.get(stack) ?? []), value]);
}
