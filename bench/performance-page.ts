/**
 * The figures of docs/performance.md, generated from a bench run. Only the text between the markers is rewritten
 * (people edit the rest of the page); when the markers are absent, a heading and the markers are appended at the
 * end of the file.
 */
import * as fs from "node:fs";
import { type BenchResult, formatValue, verdict } from "./common";

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

export interface Machine {
  cpus: number;
  node: string;
  pulumi: string;
}

export function updatePerformancePage(
  file: string,
  results: readonly BenchResult[],
  machine: Machine,
  date: Date,
): void {
  const body = renderSection(results, machine, date);
  const text = fs.readFileSync(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start + START.length)}\n\n${body}\n\n${text.slice(end)}`
      : `${text.replace(/\n*$/, "\n")}\n## Performance\n\n${START}\n\n${body}\n\n${END}\n`;
  fs.writeFileSync(file, next);
}

export function renderSection(results: readonly BenchResult[], machine: Machine, date: Date): string {
  const by = new Map(results.map((r) => [r.id, r]));
  const get = (id: string) => by.get(id);
  const rows: string[][] = [];
  const row = (
    figure: string,
    ids: string[],
    target: string,
    passIds = ids,
    format: (r: BenchResult) => string = formatValue,
  ) => {
    const found = ids.map(get);
    if (found.some((r) => r === undefined)) return;
    const passes = passIds.map((id) => get(id)?.pass ?? null).filter((p): p is boolean => p !== null);
    const pass = passes.length ? passes.every(Boolean) : null;
    rows.push([figure, found.map((r) => format(r!)).join(" / "), target, verdict(pass)]);
  };
  // Whole counts (resources, add-ons, requests) without decimals.
  const count = (r: BenchResult) => String(r.value);

  const durations = [2, 10, 60, 300];
  row(
    "Detection lag after a 2 / 10 / 60 / 300 s rollback",
    durations.map((d) => `detection.${d}s.lag`),
    "≤ max(1 s, 10 %)",
  );
  row(
    "… same, Terraform-style baseline (read at 10 s, then every 5 s)",
    durations.map((d) => `detection.${d}s.baseline.lag`),
    "-",
  );
  for (const d of [60, 300]) {
    row(
      `Reads during a ${d} s rollback / baseline`,
      [`detection.${d}s.reads`, `detection.${d}s.baseline.reads`],
      "fewer than baseline",
      [`detection.${d}s.reads`],
    );
  }
  row("`__provider` per resource (inputs + outputs)", ["state.providerBytesPerResource"], "≤ 700 B");
  row("`pulumi stack export` of 100 rollbacks", ["state.totalBytes"], "-");
  row(
    "`preview` / no-change `up`, 100 rollbacks vs 100 no-op resources",
    ["engine.preview.ratio", "engine.up.ratio"],
    "≤ 1.2",
  );
  row(
    "One `up` of 20 × 5 s rollbacks vs 1 (`--parallel 256`; the CLI's default here is 8)",
    ["parallel.ratio"],
    "≤ 1.5",
  );
  row(
    "Provider peak RSS in that `up`: 20 / 1 rollbacks / 20 no-op resources",
    ["memory.peak.twenty", "memory.peak.single", "memory.peak.noop"],
    "-",
  );
  row(
    "Peak RSS of a read answered with 100 MB: cut at 1 MiB / whole body buffered (before)",
    ["body.rss.bounded", "body.rss.unbounded"],
    "flat",
    ["body.rss.bounded"],
  );

  row(
    "Plugin start-up to the port line: packed (Node.js inside, bundled) / checkout (before)",
    ["plugin.startup.packed.ms", "plugin.startup.checkout.ms"],
    "≤ 200 ms",
    ["plugin.startup.packed.ms"],
  );
  row(
    "Node.js 22 alone (the plugin's): start-up to a first line / RSS then",
    ["plugin.startup.node.ms", "plugin.startup.node.rss"],
    "-",
  );
  row(
    "Plugin RSS at the port line: packed / checkout (before)",
    ["plugin.startup.packed.rss", "plugin.startup.checkout.rss"],
    "≤ 50 MiB",
    ["plugin.startup.packed.rss"],
  );
  for (const platform of ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"]) {
    row(
      `Plugin tarball ${platform}: packed / unpacked`,
      [`plugin.tarball.${platform}.packed`, `plugin.tarball.${platform}.unpacked`],
      "-",
    );
  }
  row(
    "`pulumi preview` of 20 rollbacks (YAML): packed / checkout plugin (before)",
    ["plugin.preview.packed", "plugin.preview.checkout"],
    "-",
  );

  const fleet = "100 × 30 s rollbacks in 50 clusters, gateway 5 req/s, one `up --parallel 100`";
  const both = (figure: string) => [`fleet.plugin.${figure}`, `fleet.dynamic.${figure}`];
  row(`Fleet (${fleet}): resources failed, plugin / dynamic`, both("failures"), "0", undefined, count);
  row("… add-ons POSTed twice, plugin / dynamic", both("postedTwice"), "0", undefined, count);
  row("… share of 429s among all requests, plugin / dynamic", both("throttledShare"), "≤ 1 %");
  row(
    "… `up` wall time, plugin / dynamic / least the rate allows ((100 POSTs + 50 reads) / 5 + 30 s)",
    [...both("wall"), "fleet.plugin.least"],
    "-",
  );
  row("… wall time / least, plugin / dynamic", both("ratio"), "≤ 1.2");
  row(
    "… requests per rollback: plugin / dynamic / plugin without gateway limit",
    [...both("requestsPerRollback"), "fleet.unthrottled.requestsPerRollback"],
    "≤ 8.7 without limit",
    ["fleet.unthrottled.requestsPerRollback"],
    (r) => r.value.toFixed(2),
  );
  for (const [key, which] of [
    ["plugin", "plugin"],
    ["dynamic", "dynamic"],
    ["unthrottled", "plugin without gateway limit"],
  ] as const) {
    row(
      `… POSTs / GETs / 429s, ${which}`,
      [`fleet.${key}.posts`, `fleet.${key}.gets`, `fleet.${key}.throttled`],
      "-",
      undefined,
      count,
    );
  }

  // Padded columns, as Prettier formats Markdown tables, so that `npm run lint` stays clean.
  const header = ["Figure", "Measured", "Target", "Result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const table = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");

  const sentences = [
    `\`npm run bench\` (${date.toISOString().slice(0, 10)}, ${machine.cpus} CPUs, Node.js ${machine.node}, Pulumi ` +
      `${machine.pulumi}; every figure in \`bench/results.json\`): detection against the emulator (60 s and 300 s ` +
      `on a scaled clock), the rest on the real engine; medians of 5 to 7 repetitions` +
      (by.has("fleet.plugin.wall") ? "; the fleet rows are one run each, on the real clock." : "."),
    ...explanations(results),
  ];
  return `${sentences[0]}\n\n${table}\n\n${sentences.slice(1).join(" ")}`;
}

/** One sentence per miss; the known tension between the lag bound and the read count is explained. */
function explanations(results: readonly BenchResult[]): string[] {
  const missed = results.filter((r) => r.pass === false);
  const readMisses = missed.filter((r) => /^detection\.\d+s\.reads$/.test(r.id));
  const out: string[] = [];
  if (readMisses.length) {
    const which = readMisses.map((r) => r.figure.replace(/: reads$/, "")).join(" and ");
    out.push(
      `The ${which} misses "fewer reads than the baseline": keeping the lag within max(1 s, 10 %) at every ` +
        "instant takes about one read per second for the first 10 s, so the waiter only reads less than a fixed " +
        "5 s poll on longer rollbacks; doing both at 60 s would need the expected duration or a push from the service.",
    );
  }
  const state = missed.find((r) => r.id === "state.providerBytesPerResource");
  const copy = results.find((r) => r.id === "state.providerBytesPerCopy");
  if (state && copy) {
    out.push(
      `\`__provider\` misses 2 KB per resource because every dynamic resource stores it twice (inputs and ` +
        `outputs) and one copy is ${copy.value} B: Pulumi's closure serializer turns each of the seven one-line ` +
        "method stubs into a wrapped function of about 250 B.",
    );
  }
  const ratioResults = results.filter((r) => /^engine\.\w+\.ratio$/.test(r.id));
  const engine = ratioResults.filter((r) => r.pass === false);
  const range = (rs: BenchResult[]) => {
    const all = rs.flatMap((r) => r.samples ?? []);
    return all.length ? `${Math.min(...all).toFixed(2)}x to ${Math.max(...all).toFixed(2)}x` : "";
  };
  if (engine.length) {
    const which = engine.map((r) => (r.id === "engine.preview.ratio" ? "`preview`" : "the no-change `up`"));
    const spread = range(engine) ? ` (per repetition ${range(engine)} on this shared machine)` : "";
    out.push(
      `${which.join(" and ")} ${engine.length > 1 ? "miss" : "misses"} 1.2x${spread} because the reference ` +
        "provider does nothing at all: a dynamic provider that implements `check` and `diff` adds two calls per " +
        "resource, each carrying the serialized provider, and this one also loads undici and zod (about " +
        "0.1 s each in the program and in the provider process).",
    );
  } else if (range(ratioResults)) {
    out.push(
      "The engine ratios are close to their target and noisy on this shared 2-CPU machine: per repetition they " +
        `ranged from ${range(ratioResults)}.`,
    );
  }
  const pluginRss = missed.find((r) => r.id === "plugin.startup.packed.rss");
  const nodeRss = results.find((r) => r.id === "plugin.startup.node.rss");
  if (pluginRss && nodeRss) {
    out.push(
      `The packed plugin's RSS misses 50 MiB because Node.js 22 alone, printing one line and waiting, takes ` +
        `${formatValue(nodeRss)} here; the gRPC server and the engine protocol's stubs, all the plugin loads before ` +
        "its port line, add the rest.",
    );
  }
  for (const r of missed.filter(
    (m) => !readMisses.includes(m) && m !== state && !engine.includes(m) && m !== pluginRss,
  )) {
    out.push(`Missed: ${r.figure} is ${formatValue(r)} (target ${r.target ?? "-"}).`);
  }
  return out;
}
