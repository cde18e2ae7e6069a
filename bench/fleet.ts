/**
 * Section 7: a fleet. 100 add-ons in 50 clusters (coredns and log-agent in each), rolled back by one
 * `pulumi up --parallel 100` through the emulator's gateway rate limit of 5 requests per second per access key,
 * with rollbacks of 30 s on the real clock: once with the plugin (a YAML program of 100 resources) and once with
 * the dynamic resource (a TypeScript program of 100), then once more with the plugin and no gateway limit, to
 * count the requests a rollback costs when nothing is throttled. The provider runs with its default request
 * budget (`maxRequestsPerSecond` unset: 5).
 *
 * Figures per run: resources that failed, add-ons POSTed (and accepted) twice, the share of 429s, requests per
 * rollback, and the `up`'s wall time against the least the rate allows: every POST and one read per cluster at 5 a
 * second, then the last rollback's 30 s, (100 + 50) / 5 + 30 = 60 s. Raw counts (POSTs, GETs, 429s) go with them,
 * and a timeline of the run (when the POSTs went, how many GETs before the last one were polls) goes to the progress
 * output and into each run's notes, to explain a wall time above the least.
 */
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import {
  type AddonSeed,
  type Emulator,
  type RequestLogEntry,
  TEST_CREDENTIALS,
  startEmulator,
} from "../tests/emulator";
import { copyProgram } from "../tests/support/consumer";
import { pluginBin, requireBuiltPlugin, requireLanguageHost } from "../tests/support/native-plugin";
import { offlineEnv, repoRoot, toolchainBin } from "../tests/support/toolchain";
import { type BenchResult, progress, round } from "./common";
import { benchTmp } from "./engine";

const execFileAsync = promisify(execFile);

const SECTION = "7 fleet";
const CLUSTERS = 50;
/** The add-ons of each cluster, with the version each is at and the one a rollback lands on. */
const ADDONS = [
  { name: "coredns", from: "1.28.6", to: "1.28.4" },
  { name: "log-agent", from: "1.5.2", to: "1.5.1" },
] as const;
const RESOURCES = CLUSTERS * ADDONS.length;
const ROLLBACK_MS = 30_000;
const GATEWAY_RPS = 5;
const PARALLEL = RESOURCES;
const TIMEOUT_SECONDS = 900;
const TRIGGER = "INC-1";
/** No `up` may run longer than this: the resources' own deadline, and a margin for the engine. */
const UP_LIMIT_MS = (TIMEOUT_SECONDS + 300) * 1000;

const TARGET_RATIO = 1.2;
const TARGET_429_SHARE = 1;
/** 26 requests per 3 rollbacks: the cost per rollback the request budget and shared reads were meant to reach. */
const TARGET_REQUESTS_PER_ROLLBACK = round(26 / 3, 1);

/** The least wall time the rate allows: every POST and one read per cluster at the gateway's rate, then a rollback. */
const LEAST_SECONDS = (RESOURCES + CLUSTERS) / GATEWAY_RPS + ROLLBACK_MS / 1000;

type Kind = "plugin" | "dynamic";

interface RunSpec {
  /** Part of the result ids: `fleet.<key>.<figure>`. */
  key: string;
  kind: Kind;
  throttled: boolean;
  label: string;
}

const RUNS: RunSpec[] = [
  { key: "plugin", kind: "plugin", throttled: true, label: "plugin (YAML), 5 req/s gateway" },
  { key: "dynamic", kind: "dynamic", throttled: true, label: "dynamic (TypeScript), 5 req/s gateway" },
  { key: "unthrottled", kind: "plugin", throttled: false, label: "plugin (YAML), no gateway limit" },
];

export async function measureFleet(): Promise<BenchResult[]> {
  requireBuiltPlugin();
  requireLanguageHost("yaml", "YAML");
  const root = path.join(benchTmp, "fleet");
  fs.rmSync(root, { recursive: true, force: true });
  const results: BenchResult[] = [];
  try {
    for (const spec of RUNS) results.push(...(await measureRun(spec, path.join(root, spec.key))));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return results;
}

/** Cluster `cc` of the fleet, and its add-ons: the ids bench/programs/fleet derives from the same prefix. */
function fleetIds(prefix: string): { clusterId: string; addonId: string; addon: (typeof ADDONS)[number] }[] {
  return Array.from({ length: CLUSTERS }, (_, c) => String(c).padStart(2, "0")).flatMap((cc) =>
    ADDONS.map((addon) => ({ clusterId: `${prefix}-cluster-${cc}`, addonId: `${prefix}-${cc}-${addon.name}`, addon })),
  );
}

function seeds(prefix: string): AddonSeed[] {
  return fleetIds(prefix).map(({ clusterId, addonId, addon }) => ({
    id: addonId,
    clusterId,
    name: addon.name,
    currentVersion: addon.from,
    previousVersion: addon.to,
    rollbackDurationMs: ROLLBACK_MS,
  }));
}

async function measureRun(spec: RunSpec, dir: string): Promise<BenchResult[]> {
  const prefix = `fleet-${spec.key}`;
  const emulator = await startEmulator({
    seed: seeds(prefix),
    host: "127.0.0.1",
    ...(spec.throttled ? { rateLimit: { requestsPerSecond: GATEWAY_RPS } } : {}),
  });
  try {
    const env = {
      ...process.env,
      ...offlineEnv(path.join(dir, "engine"), {
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
        HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
        HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
      }),
    };
    const programDir = spec.kind === "plugin" ? yamlProgram(path.join(dir, "program"), prefix) : tsProgram(spec.key);
    const pulumi = (args: string[]) =>
      execFileAsync(path.join(toolchainBin, "pulumi"), [...args, "--stack", "fleet", "--non-interactive"], {
        cwd: programDir,
        env,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      });
    await execFileAsync(path.join(toolchainBin, "pulumi"), ["stack", "init", "fleet", "--non-interactive"], {
      cwd: programDir,
      env,
      timeout: 120_000,
    });
    if (spec.kind === "plugin") {
      await pulumi(["config", "set", "cce-autopilot:endpoint", emulator.url]);
    } else {
      await pulumi(["config", "set", "--path", "huaweicloud:endpoints.cce", emulator.url]);
      for (const [key, value] of Object.entries({
        clusters: String(CLUSTERS),
        addonNames: ADDONS.map((a) => a.name).join(","),
        addonPrefix: prefix,
        trigger: TRIGGER,
        timeoutSeconds: String(TIMEOUT_SECONDS),
      })) {
        await pulumi(["config", "set", key, value]);
      }
    }
    if (emulator.requests.length !== 0) throw new Error(`${spec.key}: requests before the up`);

    progress(
      `fleet ${spec.label}: pulumi up --parallel ${PARALLEL} of ${RESOURCES} rollbacks of ${ROLLBACK_MS / 1000} s`,
    );
    const started = Date.now();
    const up = await runUp(programDir, env);
    const wallSeconds = up.ms / 1000;
    const requests = [...emulator.requests];
    progress(`fleet ${spec.label}: up exited with ${up.code} after ${wallSeconds.toFixed(1)} s`);

    const { stdout: exported } = await pulumi(["stack", "export"]);
    const failed = failures(exported, emulator, prefix);
    if (failed.count > 0) progress(`fleet ${spec.label}: ${failed.count} failed: ${failed.detail}`);
    if (up.code !== 0) progress(`fleet ${spec.label}: up's output ends:\n${up.output.slice(-3000)}`);
    const timeline = analyse(requests, started, wallSeconds, prefix);
    progress(`fleet ${spec.label}: ${timeline.text}`);
    return figures(spec, { requests, wallSeconds, failed: failed.count, exitCode: up.code, timeline });
  } finally {
    await emulator.close();
  }
}

/** The YAML program: the checkout's plugin (a `plugins:` block naming bin/), one resource per add-on. */
function yamlProgram(dir: string, prefix: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const lines = [
    "name: bench-fleet-yaml",
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: cce-autopilot",
    `      path: ${pluginBin}`,
    "resources:",
  ];
  for (const [i, { clusterId, addonId }] of fleetIds(prefix).entries()) {
    lines.push(
      `  rollback-${i}:`,
      "    type: cce-autopilot:index:AddonVersionRollback",
      "    properties:",
      `      clusterId: ${clusterId}`,
      `      addonId: ${addonId}`,
      `      trigger: ${TRIGGER}`,
      `      timeoutSeconds: ${TIMEOUT_SECONDS}`,
    );
  }
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${lines.join("\n")}\n`);
  return dir;
}

/** The TypeScript program, copied next to the package installed from its tarball. */
function tsProgram(key: string): string {
  return copyProgram(path.join(repoRoot, "bench", "programs", "fleet"), `bench-fleet-${key}`);
}

/** One `pulumi up`; resolves whatever its exit code (failed resources are a figure), killed if it overruns. */
function runUp(cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number; output: string }> {
  const args = [
    "up",
    "--yes",
    "--skip-preview",
    "--parallel",
    String(PARALLEL),
    "--stack",
    "fleet",
    "--non-interactive",
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(path.join(toolchainBin, "pulumi"), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => out.push(chunk));
    let kill: NodeJS.Timeout | undefined;
    const limit = setTimeout(() => {
      progress(`fleet: pulumi up still running after ${UP_LIMIT_MS / 1000} s: stopping it (pid ${child.pid})`);
      child.kill("SIGTERM");
      kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    }, UP_LIMIT_MS);
    child.once("error", (err) => {
      clearTimeout(limit);
      reject(err);
    });
    child.once("close", (code) => {
      clearTimeout(limit);
      if (kill) clearTimeout(kill);
      resolve({ ms: performance.now() - started, code: code ?? -1, output: Buffer.concat(out).toString("utf8") });
    });
  });
}

interface ExportedResource {
  urn: string;
  initErrors?: string[];
}

/**
 * The resources that did not succeed: not in the state, in it with init errors (a create that failed after the
 * POST is recorded so), or whose add-on is not at its target version and running.
 */
function failures(exported: string, emulator: Emulator, prefix: string): { count: number; detail: string } {
  const state = JSON.parse(exported) as { deployment: { resources?: ExportedResource[] } };
  const byName = new Map(
    (state.deployment.resources ?? []).map((r) => [r.urn.slice(r.urn.lastIndexOf("::") + 2), r] as const),
  );
  const problems: string[] = [];
  for (const [i, { addonId, addon }] of fleetIds(prefix).entries()) {
    const resource = byName.get(`rollback-${i}`);
    const now = emulator.addon(addonId);
    if (resource === undefined) problems.push(`rollback-${i}: not in the state`);
    else if (resource.initErrors?.length) problems.push(`rollback-${i}: ${resource.initErrors.join("; ")}`);
    else if (now?.status.currentVersion.version !== addon.to || now.status.status !== "running") {
      problems.push(`rollback-${i}: add-on ${now?.status.status} at ${now?.status.currentVersion.version}`);
    }
  }
  return { count: problems.length, detail: problems.slice(0, 5).join(" | ") };
}

const ROLLBACK_PATH = /^\/autopilot\/v3\/addons\/([^/]+)\/operation\/rollback$/;
const SHOW_PATH = /^\/autopilot\/v3\/addons\/([^/]+)$/;

interface Timeline {
  posts: number;
  acceptedPosts: number;
  gets: number;
  throttled: number;
  postedTwice: number;
  text: string;
}

/**
 * Counts, and when things happened (seconds after the `up` started): the first request, the first and last accepted
 * POST, the GETs sent before the last accepted POST and how many of those were polls (of a cluster with a rollback
 * already accepted) rather than first reads, the 429s by method, and the tail after the last rollback ended.
 */
function analyse(requests: RequestLogEntry[], started: number, wallSeconds: number, prefix: string): Timeline {
  const clusterOf = new Map(fleetIds(prefix).map((f) => [f.addonId, f.clusterId]));
  const s = (at: number) => (at - started) / 1000;
  const posts = requests.filter((r) => r.method === "POST");
  const accepted = posts.filter((r) => r.status === 200);
  const gets = requests.filter((r) => r.method === "GET");
  const throttled = requests.filter((r) => r.status === 429);
  const perAddon = new Map<string, number>();
  for (const r of accepted) {
    const id = decodeURIComponent(ROLLBACK_PATH.exec(r.path)?.[1] ?? "?");
    perAddon.set(id, (perAddon.get(id) ?? 0) + 1);
  }
  const postedTwice = [...perAddon.values()].filter((n) => n > 1).length;

  const lastPost = accepted.at(-1)?.at;
  const firstAccepted = new Map<string, number>();
  for (const r of accepted) {
    const cluster = clusterOf.get(decodeURIComponent(ROLLBACK_PATH.exec(r.path)?.[1] ?? "")) ?? "?";
    if (!firstAccepted.has(cluster)) firstAccepted.set(cluster, r.at);
  }
  const getCluster = (r: RequestLogEntry) =>
    r.query["cluster_id"] ?? clusterOf.get(decodeURIComponent(SHOW_PATH.exec(r.path)?.[1] ?? "")) ?? "?";
  const before = lastPost === undefined ? [] : gets.filter((r) => r.at <= lastPost);
  const polls = before.filter((r) => {
    const first = firstAccepted.get(getCluster(r));
    return first !== undefined && first < r.at;
  });
  const lists = gets.filter((r) => !SHOW_PATH.test(r.path)).length;
  const throttledPosts = throttled.filter((r) => r.method === "POST").length;
  const parts = [
    `${requests.length} requests: ${posts.length} POSTs (${accepted.length} accepted, ${throttledPosts} throttled), ` +
      `${gets.length} GETs (${lists} lists, ${gets.length - lists} shows), ${throttled.length} 429s`,
    requests[0] ? `first request at ${s(requests[0].at).toFixed(1)} s` : "no request",
    accepted[0] && lastPost !== undefined
      ? `accepted POSTs from ${s(accepted[0].at).toFixed(1)} s to ${s(lastPost).toFixed(1)} s, ` +
        `${before.length} GETs before the last (${polls.length} polls, ${before.length - polls.length} first reads), ` +
        `last rollback done at ${(s(lastPost) + ROLLBACK_MS / 1000).toFixed(1)} s, up ended at ${wallSeconds.toFixed(1)} s`
      : "no POST accepted",
    `${throttled.length ? `429s between ${s(throttled[0]!.at).toFixed(1)} s and ${s(throttled.at(-1)!.at).toFixed(1)} s` : "no 429"}`,
  ];
  return {
    posts: posts.length,
    acceptedPosts: accepted.length,
    gets: gets.length,
    throttled: throttled.length,
    postedTwice,
    text: parts.join("; "),
  };
}

function figures(
  spec: RunSpec,
  run: { requests: RequestLogEntry[]; wallSeconds: number; failed: number; exitCode: number; timeline: Timeline },
): BenchResult[] {
  const { timeline } = run;
  const all = run.requests.length;
  const share = all ? (timeline.throttled / all) * 100 : 0;
  const perRollback = all / RESOURCES;
  const ratio = run.wallSeconds / LEAST_SECONDS;
  const id = (figure: string) => `fleet.${spec.key}.${figure}`;
  const row = (
    figure: string,
    name: string,
    value: number,
    unit: string,
    target: string | null = null,
    pass: boolean | null = null,
    note?: string,
  ): BenchResult => ({
    id: id(figure),
    section: SECTION,
    figure: `${spec.label}: ${name}`,
    value,
    unit,
    target,
    pass,
    ...(note === undefined ? {} : { note }),
  });
  const rows = [
    row(
      "failures",
      "resources failed",
      run.failed,
      "resources",
      "0",
      run.failed === 0,
      `up exited with ${run.exitCode}`,
    ),
    row("postedTwice", "add-ons POSTed twice", timeline.postedTwice, "add-ons", "0", timeline.postedTwice === 0),
  ];
  if (spec.throttled) {
    rows.push(
      row(
        "throttledShare",
        "share of 429s",
        round(share, 2),
        "%",
        `<= ${TARGET_429_SHARE} %`,
        share <= TARGET_429_SHARE,
      ),
      row("requestsPerRollback", "requests per rollback", round(perRollback), "req/rollback"),
      row("wall", "up wall time", round(run.wallSeconds), "s", null, null, timeline.text),
      row("least", "least the rate allows, (100 POSTs + 50 reads) / 5 + 30 s", LEAST_SECONDS, "s"),
      row("ratio", "wall / least", round(ratio), "x", `<= ${TARGET_RATIO}`, ratio <= TARGET_RATIO),
    );
  } else {
    rows.push(
      row(
        "requestsPerRollback",
        "requests per rollback",
        round(perRollback),
        "req/rollback",
        `<= ${TARGET_REQUESTS_PER_ROLLBACK}`,
        perRollback <= 26 / 3,
      ),
      row("wall", "up wall time", round(run.wallSeconds), "s", null, null, timeline.text),
    );
  }
  rows.push(
    row("posts", "POSTs", timeline.posts, "requests", null, null, `${timeline.acceptedPosts} accepted`),
    row("gets", "GETs", timeline.gets, "requests"),
    row("throttled", "429s", timeline.throttled, "requests"),
  );
  return rows;
}
