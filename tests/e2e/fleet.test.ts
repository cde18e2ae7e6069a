import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { type AddonSeed, type Emulator, type RequestLogEntry, TEST_CREDENTIALS, startEmulator } from "../emulator";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { copyProgram } from "../support/consumer";
import { requireBuiltPlugin, requireLanguageHost } from "../support/native-plugin";
import { type NativeStack, nativeStack } from "../support/native-stack";
import { preparePythonExample, pythonProgram } from "../support/python-program";
import { type RollbackStack, rollbackStack } from "../support/rollback-stack";
import { offlineEnv, repoRoot, tempDir } from "../support/toolchain";

const execFileAsync = promisify(execFile);

// A fleet on the real engine, through the API gateway's rate limit as Huawei's answers it (5 requests per second
// per access key, 429 APIG.0308): every rollback succeeds, none is sent twice, and the request budget keeps the
// 429s rare. Sized for CI (12 clusters, 24 add-ons, rollbacks of 3 s); the bench runs 100 add-ons in 50 clusters.

const CLUSTERS = 12;
const RATE = 5;
/**
 * The most 429s, as a share of all requests: the gateway is reached by a paced stream, not retried into. Not the
 * bench's 1 %: a fleet this small makes 60 requests, and the TypeScript program's lookup and its provider are two
 * processes whose budgets each start with a second's worth (measured: 1 or 2 of about 60).
 */
const MAX_THROTTLED_SHARE = 0.05;

/** Two add-ons per cluster (coredns and log-agent), both upgraded to a bad version; one cluster is the canary. */
function fleetSeeds(prefix: string): AddonSeed[] {
  return Array.from({ length: CLUSTERS }, (_, i) => {
    const clusterId = `${prefix}-cluster-${String(i).padStart(2, "0")}`;
    return [
      { id: `${clusterId}-coredns`, clusterId, name: "coredns", currentVersion: "1.28.6", previousVersion: "1.28.4" },
      { id: `${clusterId}-log-agent`, clusterId, name: "log-agent", currentVersion: "1.5.2", previousVersion: "1.5.1" },
    ];
  }).flat();
}

/** What a fleet's requests say: POSTs accepted per add-on, and the share of 429s. */
function tally(requests: readonly RequestLogEntry[]) {
  const accepted = new Map<string, number>();
  for (const r of requests) {
    if (r.method === "POST" && r.status === 200) accepted.set(r.path, (accepted.get(r.path) ?? 0) + 1);
  }
  const throttled = requests.filter((r) => r.status === 429).length;
  return {
    accepted,
    twice: [...accepted].filter(([, n]) => n > 1).map(([p]) => p),
    throttled,
    share: throttled / requests.length,
    line: `${requests.length} requests, ${throttled} answered 429 (${((100 * throttled) / requests.length).toFixed(1)} %)`,
  };
}

describe("a fleet through the gateway's rate limit", function () {
  this.timeout(600_000);
  let emulator: Emulator | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    await emulator?.close();
    emulator = undefined;
  });

  it("TypeScript, examples/fleet: finds the 12 clusters at the bad version, rolls back the canary first, then the rest", async () => {
    emulator = await startEmulator({
      seed: fleetSeeds("ts"),
      defaultRollbackDurationMs: 3000,
      rateLimit: { requestsPerSecond: RATE },
    });
    const program = copyProgram(path.join(repoRoot, "examples", "fleet"), "fleet-ts");
    const s: RollbackStack = await rollbackStack(program, "fleet", emulator, {
      addonName: { value: "coredns" },
      badVersion: { value: "1.28.6" },
      incident: { value: "INC-4711" },
      canaryCluster: { value: "ts-cluster-05" },
    });
    cleanups.push(() => s.remove());

    const up = await s.stack.up({ parallel: 100, onOutput: (o) => s.output.push(o) });

    const t = tally(emulator.requests);
    console.log(`      ${t.line}`);
    assert.equal(up.summary.resourceChanges?.create, CLUSTERS + 1, "the stack and one rollback per cluster");
    assert.equal(t.accepted.size, CLUSTERS, "every coredns POSTed, no log-agent");
    assert.deepEqual(t.twice, [], "no add-on POSTed twice");
    assert.ok(t.share <= MAX_THROTTLED_SHARE, t.line);
    assert.equal((up.outputs.rolledBack?.value as string[]).length, CLUSTERS);
    // The wave: the canary's POST came first, and every other POST only after the canary had finished.
    const posts = emulator.requests.filter((r) => r.method === "POST" && r.status === 200);
    assert.match(posts[0]!.path, /ts-cluster-05-coredns/);
    const canaryDone = emulator.requests.find(
      (r) => r.method === "GET" && r.at > posts[0]!.at + 3000 && r.status === 200,
    )!.at;
    assert.ok(
      posts.slice(1).every((p) => p.at >= canaryDone - 1),
      "no other POST before the canary finished",
    );
    for (let i = 0; i < CLUSTERS; i++) {
      assert.equal(
        emulator.addon(`ts-cluster-${String(i).padStart(2, "0")}-coredns`)?.status.currentVersion.version,
        "1.28.4",
      );
    }
  });

  it("YAML through the plugin, maxRequestsPerSecond 2 at a 2 requests/s gateway: 24 rollbacks, and fn::invoke listAddonInstances", async () => {
    requireBuiltPlugin();
    requireLanguageHost("yaml", "YAML");
    const seeds = fleetSeeds("yaml");
    // A gateway of 2 requests/s, and the setting that says so: the lookup and the first wave ask for about 50
    // requests at once, so only a working request budget keeps the 429s this rare.
    emulator = await startEmulator({
      seed: seeds,
      defaultRollbackDurationMs: 3000,
      rateLimit: { requestsPerSecond: 2 },
    });
    const { s } = await yamlFleet("fleet-yaml", seeds, emulator, {
      "cce-autopilot:maxRequestsPerSecond": { value: "2" },
    });
    cleanups.push(() => s.remove());

    const up = await s.stack.up({ parallel: 100 });

    const t = tally(emulator.requests);
    console.log(`      ${t.line}`);
    assert.equal(up.summary.resourceChanges?.create, seeds.length + 1);
    assert.equal(t.accepted.size, seeds.length);
    assert.deepEqual(t.twice, []);
    assert.ok(t.share <= MAX_THROTTLED_SHARE, t.line);
    assert.equal(up.outputs.affectedClusters?.value, CLUSTERS, "listAddonInstances found coredns at 1.28.6 in each");
    assert.deepEqual(up.outputs.skipped?.value, []);
  });

  it("two stacks of one account at once (two plugin processes, no shared state): no failure, none POSTed twice", async () => {
    requireBuiltPlugin();
    requireLanguageHost("yaml", "YAML");
    const east = fleetSeeds("east");
    const west = fleetSeeds("west");
    emulator = await startEmulator({
      seed: [...east, ...west],
      defaultRollbackDurationMs: 3000,
      rateLimit: { requestsPerSecond: RATE },
    });
    const a = await yamlFleet("fleet-east", east, emulator);
    const b = await yamlFleet("fleet-west", west, emulator);
    cleanups.push(
      () => a.s.remove(),
      () => b.s.remove(),
    );

    const [upA, upB] = await Promise.all([a.s.stack.up({ parallel: 100 }), b.s.stack.up({ parallel: 100 })]);

    const t = tally(emulator.requests);
    console.log(`      ${t.line}`);
    assert.equal(upA.summary.resourceChanges?.create, east.length + 1);
    assert.equal(upB.summary.resourceChanges?.create, west.length + 1);
    assert.equal(t.accepted.size, east.length + west.length);
    assert.deepEqual(t.twice, []);
  });
});

describe("the fleet examples of the plugin", function () {
  this.timeout(300_000);

  it("Go: examples/go-fleet builds against the generated SDK", async () => {
    const out = tempDir("go-fleet");
    try {
      await execFileAsync("go", ["build", "-o", path.join(out, "program"), "."], {
        cwd: path.join(repoRoot, "examples", "go-fleet"),
        env: { ...process.env, GOFLAGS: "-mod=mod" },
      });
      assert.ok(fs.existsSync(path.join(out, "program")));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("Python: examples/python-fleet rolls back the clusters at the bad version, the canary first, through the plugin", async () => {
    pythonProgram.requireTools();
    requireBuiltPlugin();
    const dir = tempDir("python-fleet");
    const emulator = await startEmulator({
      seed: fleetSeeds("py"),
      defaultRollbackDurationMs: 2000,
      rateLimit: { requestsPerSecond: RATE },
    });
    let s: NativeStack | undefined;
    try {
      const env = offlineEnv(dir, pythonProgram.env);
      const programDir = await preparePythonExample("python-fleet", dir, env);
      s = await nativeStack(programDir, "fleet", env, {
        addonName: { value: "log-agent" },
        badVersion: { value: "1.5.2" },
        incident: { value: "INC-4711" },
        canaryCluster: { value: "py-cluster-03" },
        "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
        "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
        "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
        "cce-autopilot:endpoint": { value: emulator.url },
      });
      const up = await s.stack.up({ parallel: 100 });

      const t = tally(emulator.requests);
      console.log(`      ${t.line}`);
      assert.equal(up.summary.resourceChanges?.create, CLUSTERS + 1);
      assert.equal(t.accepted.size, CLUSTERS, "every log-agent POSTed, no coredns");
      assert.deepEqual(t.twice, []);
      assert.ok(t.share <= MAX_THROTTLED_SHARE, t.line);
      assert.equal((up.outputs.rolledBack?.value as string[]).length, CLUSTERS);
      const posts = emulator.requests.filter((r) => r.method === "POST" && r.status === 200);
      assert.match(posts[0]!.path, /py-cluster-03-log-agent/, "the canary first");
      assert.ok(
        posts.slice(1).every((p) => p.at >= posts[0]!.at + 2000),
        "the rest once the canary's rollback ended",
      );
    } finally {
      await s?.remove().catch(() => undefined);
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A YAML program of the plugin that declares one rollback per seed and looks the fleet up with the function. */
async function yamlFleet(
  name: string,
  seeds: readonly AddonSeed[],
  emulator: Emulator,
  config: ConfigMap = {},
): Promise<{ s: NativeStack; dir: string }> {
  const dir = tempDir(name);
  const programDir = path.join(dir, "program");
  fs.mkdirSync(programDir);
  const resources = seeds
    .map(
      (seed) =>
        `  ${seed.id}:\n    type: cce-autopilot:index:AddonVersionRollback\n    properties:\n` +
        `      clusterId: ${seed.clusterId}\n      addonId: ${seed.id}\n      trigger: INC-4711\n`,
    )
    .join("");
  fs.writeFileSync(
    path.join(programDir, "Pulumi.yaml"),
    [
      `name: ${name}`,
      "runtime: yaml",
      "plugins:",
      "  providers:",
      "    - name: cce-autopilot",
      `      path: ${path.join(repoRoot, "bin")}`,
      "variables:",
      "  found:",
      "    fn::invoke:",
      "      function: cce-autopilot:index:listAddonInstances",
      "      arguments:",
      "        addonName: coredns",
      '        versions: ["1.28.6"]',
      "resources:",
      resources,
      "outputs:",
      "  affectedClusters: ${found.clustersRead}",
      "  skipped: ${found.skippedClusters}",
      "",
    ].join("\n"),
  );
  const env = offlineEnv(dir);
  const s = await nativeStack(programDir, "fleet", env, {
    "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
    "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
    "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
    "cce-autopilot:endpoint": { value: emulator.url },
    ...config,
  });
  return {
    s: {
      ...s,
      remove: async () => {
        await s.remove();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    },
    dir,
  };
}
