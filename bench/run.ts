/**
 * `npm run bench`: runs the sections in order, prints one table, writes bench/results.json and docs/performance.md's
 * Performance section. A missed target is a result, not a failure: the command exits 0 unless a section could
 * not be measured at all. `node dist/bench/run.js detection state overhead parallel` runs a subset (no docs page).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { Emulator } from "../tests/emulator";
import { installedConsumer } from "../tests/support/consumer";
import { repoRoot } from "../tests/support/toolchain";
import { type BenchResult, progress, renderTable } from "./common";
import { measureBodyLimit } from "./body-limit";
import { measureDetection } from "./detection";
import { type BenchStack, benchEmulator, benchTmp, deployedStack, pulumiVersion } from "./engine";
import { measureEngineOverhead } from "./engine-overhead";
import { measureFleet } from "./fleet";
import { measureParallel } from "./parallel";
import { measurePlugin } from "./plugin";
import { updatePerformancePage } from "./performance-page";
import { measureStateCost } from "./state-cost";

const SECTIONS = ["detection", "state", "overhead", "parallel", "body", "plugin", "fleet"] as const;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<number> {
  const started = performance.now();
  const requested = process.argv.slice(2) as Section[];
  const unknown = requested.filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  const wanted = (s: Section) => requested.length === 0 || requested.includes(s);

  const results: BenchResult[] = [];
  const errors: string[] = [];
  const section = async (name: Section, measure: () => Promise<BenchResult[]>) => {
    if (!wanted(name)) return;
    progress(`section ${name}`);
    try {
      results.push(...(await measure()));
    } catch (err) {
      errors.push(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      progress(`section ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  await section("detection", measureDetection);

  let emulator: Emulator | undefined;
  let consumer: string | undefined;
  if (["state", "overhead", "parallel"].some((s) => wanted(s as Section))) {
    fs.rmSync(benchTmp, { recursive: true, force: true });
    emulator = await benchEmulator();
    progress("installing the package from its packed tarball (npm pack + npm install)");
    consumer = installedConsumer();
  }
  try {
    // Sections 2 and 3 share the deployed 100-rollback stack; it is created by whichever runs first.
    let rollbacks: Promise<BenchStack> | undefined;
    const hundred = () => (rollbacks ??= deployedStack("rollbacks", "rollbacks-100", 100, emulator!, 1000));
    await section("state", async () => measureStateCost(await hundred()));
    await section("overhead", async () => {
      const trivial = await deployedStack("trivial", "trivial-100", 100, emulator!, 1000);
      return measureEngineOverhead(await hundred(), trivial, emulator!);
    });
    await section("parallel", () => measureParallel(emulator!));
    await section("body", measureBodyLimit);
    await section("plugin", measurePlugin);
    // Its own emulators (gateway rate limit, 50 clusters); the dynamic run copies its program into the consumer.
    await section("fleet", measureFleet);
  } finally {
    await emulator?.close();
    if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
    fs.rmSync(benchTmp, { recursive: true, force: true });
  }

  const machine = { cpus: os.cpus().length, node: process.version, pulumi: await pulumiVersion() };
  const generatedAt = new Date();
  const totalSeconds = Math.round((performance.now() - started) / 1000);
  const file = path.join(repoRoot, "bench", "results.json");
  fs.writeFileSync(
    file,
    `${JSON.stringify({ generatedAt: generatedAt.toISOString(), machine, totalSeconds, results, errors }, null, 2)}\n`,
  );
  console.log(renderTable(results));
  console.log(`\n${results.length} figures in ${totalSeconds} s; written to ${path.relative(repoRoot, file)}`);
  if (errors.length) {
    console.error(`\n${errors.length} section(s) could not be measured:\n${errors.join("\n")}`);
    return 1;
  }
  if (requested.length === 0) {
    updatePerformancePage(path.join(repoRoot, "docs", "performance.md"), results, machine, generatedAt);
    console.log("docs/performance.md: figures updated");
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
