/**
 * Section 1: detection lag and API reads, in process against the emulator (no engine needed).
 *
 * For each rollback duration, `REPETITIONS` rollbacks through `RollbackProviderImplementation.create` and as many
 * through a baseline waiter that polls the way the Huawei Cloud Terraform provider does (first read 10 s after
 * the POST, then every 5 s) run side by side on one emulator, each on its own add-on. Lag is measured on the
 * emulator's clock from the moment the rollback finished (POST arrival + duration) to the moment the waiter
 * returned; reads are the GETs of that add-on in the emulator's request log.
 */
import { resolveConnection } from "../provider/connection/resolve";
import { CceAutopilotClient } from "../provider/client/client";
import type { Clock } from "../provider/clock";
import { RollbackProviderImplementation } from "../provider/rollback/provider";
import { statusAddonRollback } from "../provider/addon/wait";
import { runPolling } from "../provider/waiter/waiter";
import { type Emulator, TEST_CREDENTIALS, startEmulator } from "../tests/emulator";
import { type BenchResult, median, progress, round } from "./common";
import { scaledClock } from "../tests/support/scaled-clock";
import { makeRuntime } from "../provider/runtime";

const SECTION = "1 detection";
const CLUSTER = "c0ffee00-cluster-1";
const FROM = "1.28.6";
const TO = "1.28.4";
const REPETITIONS = 5;
const ENV = {
  HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
  HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
  HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
};

/** The long cases run on a scaled clock: 60 s in 6 s and 300 s in 10 s of real time. */
const CASES = [
  { durationS: 2, scale: 1 },
  { durationS: 10, scale: 1 },
  { durationS: 60, scale: 10 },
  { durationS: 300, scale: 30 },
] as const;

/** The Terraform provider's pacing: a 10 s delay before the first read, then a fixed 5 s interval. */
const BASELINE = { firstReadMs: 10_000, intervalMs: 5_000 };

interface Sample {
  lagMs: number;
  reads: number;
}

export async function measureDetection(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of CASES) {
    progress(`detection: ${c.durationS} s rollbacks (clock x${c.scale}), ${REPETITIONS} + ${REPETITIONS} in parallel`);
    const { ours, baseline } = await runCase(c.durationS, c.scale);
    results.push(...figures(c.durationS, ours, baseline));
  }
  return results;
}

async function runCase(durationS: number, scale: number): Promise<{ ours: Sample[]; baseline: Sample[] }> {
  const clock = scaledClock(scale);
  const durationMs = durationS * 1000;
  const ids = (kind: string) => Array.from({ length: REPETITIONS }, (_, i) => `${kind}-${durationS}s-${i}`);
  const emulator = await startEmulator({
    seed: [...ids("ours"), ...ids("base")].map((id) => ({
      id,
      clusterId: CLUSTER,
      name: "coredns",
      currentVersion: FROM,
      previousVersion: TO,
      rollbackDurationMs: durationMs,
    })),
    now: () => clock.now(),
  });
  // One provider per case, as one provider process serves every resource of a `pulumi up`.
  const provider = new RollbackProviderImplementation({ env: { ...ENV }, runtime: makeRuntime({ clock }) });
  const client = new CceAutopilotClient({
    connection: resolveConnection({ endpoint: emulator.url }, () => undefined, ENV),
    runtime: makeRuntime({ clock }),
  });
  try {
    const [ours, baseline] = await Promise.all([
      Promise.all(ids("ours").map((id) => ourRollback(provider, emulator, clock, id, durationMs))),
      Promise.all(ids("base").map((id) => baselineRollback(client, emulator, clock, id, durationMs))),
    ]);
    return { ours, baseline };
  } finally {
    await provider.close();
    await client.close();
    await emulator.close();
  }
}

/** What the engine does for a new resource: check, then create with the checked inputs. */
async function ourRollback(
  provider: RollbackProviderImplementation,
  emulator: Emulator,
  clock: Clock,
  addonId: string,
  durationMs: number,
): Promise<Sample> {
  const checked = await provider.check({}, { clusterId: CLUSTER, addonId, endpoint: emulator.url });
  if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const { outs } = await provider.create(checked.inputs);
  const returnedAt = clock.now();
  if (outs.status !== "running" || outs.currentVersion !== TO) {
    throw new Error(`${addonId}: create returned ${outs.status} at ${outs.currentVersion}`);
  }
  return sample(emulator, addonId, returnedAt, durationMs);
}

/** The baseline waiter: the product's `runPolling` with a fixed schedule, after a 10 s delay, as Terraform does. */
async function baselineRollback(
  client: CceAutopilotClient,
  emulator: Emulator,
  clock: Clock,
  addonId: string,
  durationMs: number,
): Promise<Sample> {
  await client.rollbackAddonInstance(CLUSTER, addonId);
  const acceptedAt = clock.now();
  await clock.sleep(BASELINE.firstReadMs);
  const result = await runPolling({
    clock,
    random: Math.random,
    timeoutMs: 1_800_000,
    startedAt: acceptedAt,
    schedule: { minDelayMs: BASELINE.intervalMs, maxDelayMs: BASELINE.intervalMs, fractionOfElapsed: 0, jitter: 0 },
    poll: () => client.showAddonInstance(CLUSTER, addonId),
    // The same success criterion as ours (a success status at the target version): only the pacing differs.
    classify: statusAddonRollback({ fromVersion: FROM, toVersion: TO }),
  });
  const returnedAt = clock.now();
  if (result.state !== "success") throw new Error(`${addonId}: baseline waiter ended in ${result.state}`);
  return sample(emulator, addonId, returnedAt, durationMs);
}

/** Lag from the emulator's request log: the rollback finished `durationMs` after the POST arrived. */
function sample(emulator: Emulator, addonId: string, returnedAt: number, durationMs: number): Sample {
  const path = `/autopilot/v3/addons/${addonId}`;
  const post = emulator.requests.find((r) => r.method === "POST" && r.path === `${path}/operation/rollback`);
  if (!post) throw new Error(`${addonId}: no rollback request reached the emulator`);
  return {
    lagMs: returnedAt - (post.at + durationMs),
    reads: emulator.requests.filter((r) => r.method === "GET" && r.path === path).length,
  };
}

function figures(durationS: number, ours: Sample[], baseline: Sample[]): BenchResult[] {
  const boundS = Math.max(1, 0.1 * durationS);
  const lags = ours.map((s) => s.lagMs / 1000);
  const baseLags = baseline.map((s) => s.lagMs / 1000);
  const reads = ours.map((s) => s.reads);
  const baseReads = baseline.map((s) => s.reads);
  const lag = median(lags);
  const baseReadsMedian = median(baseReads);
  const name = `${durationS} s rollback`;
  const readsTarget = durationS >= 60;
  return [
    {
      id: `detection.${durationS}s.lag`,
      section: SECTION,
      figure: `${name}: lag`,
      value: round(lag),
      unit: "s",
      target: `<= ${boundS} s`,
      pass: lag <= boundS,
      samples: lags.map((v) => round(v, 3)),
      note: `worst of ${lags.length}: ${Math.max(...lags).toFixed(2)} s`,
    },
    {
      id: `detection.${durationS}s.lagPct`,
      section: SECTION,
      figure: `${name}: lag / duration`,
      value: round((100 * lag) / durationS, 1),
      unit: "%",
      target: `<= ${round((100 * boundS) / durationS, 1)} %`,
      pass: lag <= boundS,
    },
    {
      id: `detection.${durationS}s.reads`,
      section: SECTION,
      figure: `${name}: reads`,
      value: median(reads),
      unit: "reads",
      target: readsTarget ? `< baseline (${baseReadsMedian})` : null,
      pass: readsTarget ? median(reads) < baseReadsMedian : null,
      samples: reads,
      note: "every GET of create, including the one before the POST",
    },
    {
      id: `detection.${durationS}s.baseline.lag`,
      section: SECTION,
      figure: `${name}: baseline lag`,
      value: round(median(baseLags)),
      unit: "s",
      target: null,
      pass: null,
      samples: baseLags.map((v) => round(v, 3)),
      // Read k happens at 10 + 5k s (plus accumulated request time), so durations on that grid favour it.
      note: "a rollback ending between two baseline reads would wait up to 5 s more",
    },
    {
      id: `detection.${durationS}s.baseline.reads`,
      section: SECTION,
      figure: `${name}: baseline reads`,
      value: baseReadsMedian,
      unit: "reads",
      target: null,
      pass: null,
      samples: baseReads,
    },
  ];
}
