/**
 * Section 2: state cost of a stack of 100 AddonVersionRollback resources, from `pulumi stack export` (the
 * checkpoint as stored, secrets encrypted). Each dynamic resource keeps the serialized provider (`__provider`)
 * in its inputs and in its outputs; the figure per resource counts every copy as it appears in the export.
 */
import { type BenchResult, median } from "./common";
import type { BenchStack } from "./engine";

const SECTION = "2 state";
const TARGET_BYTES = 700;

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export async function measureStateCost(stack: BenchStack): Promise<BenchResult[]> {
  const { stdout } = await stack.run(["stack", "export"]);
  const state = JSON.parse(stdout) as { deployment: { resources?: ExportedResource[] } };
  const rollbacks = (state.deployment.resources ?? []).filter((r) => r.type.endsWith("AddonVersionRollback"));
  if (rollbacks.length !== stack.count) {
    throw new Error(`expected ${stack.count} AddonVersionRollback resources in the state, found ${rollbacks.length}`);
  }
  const copies = (r: ExportedResource): unknown[] =>
    [r.inputs?.__provider, r.outputs?.__provider].filter((v) => v !== undefined);
  // As it appears in the export: a JSON string (escaped), or a secret envelope if the SDK ever marks it secret.
  const stored = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  const raw = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : stored(value));
  const perResource = rollbacks.map((r) => copies(r).reduce<number>((sum, v) => sum + stored(v), 0));
  const perCopy = rollbacks.flatMap((r) => copies(r).map(raw));
  const total = Buffer.byteLength(stdout);
  const value = median(perResource);
  const providerShare = perResource.reduce((a, b) => a + b, 0) / total;
  return [
    {
      id: "state.providerBytesPerResource",
      section: SECTION,
      figure: `__provider per resource (${copies(rollbacks[0]!).length} copies)`,
      value,
      unit: "B",
      target: `<= ${TARGET_BYTES} B`,
      pass: value <= TARGET_BYTES,
      note: "bytes as stored in the export: inputs and outputs each hold a copy",
    },
    {
      id: "state.providerBytesPerCopy",
      section: SECTION,
      figure: "__provider per copy (unescaped)",
      value: median(perCopy),
      unit: "B",
      target: null,
      pass: null,
    },
    {
      id: "state.totalBytes",
      section: SECTION,
      figure: `stack export, ${stack.count} rollbacks`,
      value: total,
      unit: "B",
      target: null,
      pass: null,
      note: `${Math.round(total / stack.count)} B per resource; __provider is ${Math.round(100 * providerShare)} % of it`,
    },
  ];
}
