/**
 * Section 6: the plugin as users get it, against the plugin of a checkout (what the tarball held before it carried
 * Node.js: bin/'s wrapper, dist/ and a production node_modules, run with the `node` on PATH).
 * - start-up to the port line, and RSS there, in paired runs (the engine starts the plugin at least twice per run);
 * - the tarball of each platform, packed and unpacked;
 * - one `pulumi preview` of a 20-resource YAML program, with the checkout's plugin (a `plugins:` block) and with
 *   the packed one installed in the Pulumi home, in paired runs.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import * as tar from "tar";
import { hostPlatform, PLATFORMS } from "../scripts/plugin/platforms";
import { TEST_CREDENTIALS } from "../tests/emulator";
import { pluginBin } from "../tests/support/native-plugin";
import { packPlugin } from "../tests/support/packed-plugin";
import { measureStartUp } from "../tests/support/plugin-figures";
import { offlineEnv, repoRoot, toolchainBin } from "../tests/support/toolchain";
import { type BenchResult, median, progress, round } from "./common";
import { CLUSTER, benchEmulator, benchTmp, reseed, addonIds } from "./engine";

const execFileAsync = promisify(execFile);
const SECTION = "6 plugin";
const START_UPS = 15;
const PREVIEWS = 5;
const RESOURCES = 20;
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;

export async function measurePlugin(): Promise<BenchResult[]> {
  const host = hostPlatform();
  if (host !== "linux-amd64" && host !== "linux-arm64")
    throw new Error(`the plugin section runs on Linux, not ${host}`);
  const dir = path.join(benchTmp, "plugin");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  progress(`plugin: packing ${PLATFORMS.join(", ")}`);
  const { tarballs } = await packPlugin(["--out", path.join(dir, "tarballs")]);
  const results: BenchResult[] = [];
  for (const tarball of tarballs) {
    const platform = PLATFORMS.find((p) => tarball.endsWith(`-${p}.tar.gz`))!;
    let unpacked = 0;
    await tar.t({ file: tarball, onReadEntry: (e) => (unpacked += e.size ?? 0) });
    const mib = (bytes: number) => round(bytes / 1024 / 1024, 1);
    results.push(
      figure(`tarball.${platform}.packed`, `${platform} tarball, packed`, mib(fs.statSync(tarball).size), "MiB"),
      figure(`tarball.${platform}.unpacked`, `${platform} tarball, unpacked`, mib(unpacked), "MiB"),
    );
  }
  const installedTarball = tarballs.find((t) => t.endsWith(`-${host}.tar.gz`))!;
  const unpacked = path.join(dir, "unpacked");
  fs.mkdirSync(unpacked);
  await tar.x({ file: installedTarball, cwd: unpacked });
  results.push(...(await startUps(path.join(unpacked, "pulumi-resource-cce-autopilot"))));
  results.push(...(await previews(dir, installedTarball)));
  return results;
}

function figure(
  id: string,
  name: string,
  value: number,
  unit: string,
  target: string | null = null,
  pass: boolean | null = null,
  samples?: number[],
  note?: string,
): BenchResult {
  return { id: `plugin.${id}`, section: SECTION, figure: name, value, unit, target, pass, samples, note };
}

async function startUps(packed: string): Promise<BenchResult[]> {
  progress(`plugin: ${START_UPS} paired start-ups, checkout and packed`);
  const checkout: { ms: number; rssKiB: number }[] = [];
  const bundled: { ms: number; rssKiB: number }[] = [];
  // The packed plugin with no Node.js on PATH at all, as on a user's machine without one.
  const bare = { ...process.env, PATH: "/nonexistent" };
  // What the plugin's Node.js takes by itself: a line on stdout, then an idle event loop.
  const node = path.join(path.dirname(packed), "node", "bin", "node");
  const idle: typeof checkout = [];
  for (let i = 0; i < START_UPS; i++) {
    checkout.push(await measureStartUp());
    bundled.push(await measureStartUp(packed, bare));
    idle.push(await measureStartUp(node, bare, ["-e", "console.log(0); setInterval(() => {}, 1e9)"]));
  }
  const ms = (runs: typeof checkout) => round(median(runs.map((r) => r.ms)), 1);
  const rss = (runs: typeof checkout) => round(median(runs.map((r) => r.rssKiB)) / 1024, 1);
  return [
    figure(
      "startup.checkout.ms",
      "Start-up to the port line, checkout plugin (before)",
      ms(checkout),
      "ms",
      null,
      null,
      checkout.map((r) => round(r.ms, 1)),
    ),
    figure(
      "startup.packed.ms",
      "Start-up to the port line, packed plugin",
      ms(bundled),
      "ms",
      "≤ 200 ms",
      ms(bundled) <= 200,
      bundled.map((r) => round(r.ms, 1)),
    ),
    figure("startup.checkout.rss", "RSS at the port line, checkout plugin (before)", rss(checkout), "MiB"),
    figure(
      "startup.packed.rss",
      "RSS at the port line, packed plugin",
      rss(bundled),
      "MiB",
      "≤ 50 MiB",
      rss(bundled) <= 50,
    ),
    figure("startup.node.ms", "Its Node.js alone: start-up to a first line", ms(idle), "ms"),
    figure("startup.node.rss", "Its Node.js alone: RSS then", rss(idle), "MiB"),
  ];
}

/** A YAML program of `count` rollbacks, one per add-on, with or without a `plugins:` block naming bin/. */
function previewProgram(dir: string, ids: string[], withPluginsBlock: boolean): string {
  fs.mkdirSync(dir, { recursive: true });
  const lines = ["name: plugin-preview-bench", "runtime: yaml"];
  if (withPluginsBlock) lines.push("plugins:", "  providers:", "    - name: cce-autopilot", `      path: ${pluginBin}`);
  lines.push("resources:");
  for (const [i, id] of ids.entries()) {
    lines.push(
      `  rollback-${i}:`,
      "    type: cce-autopilot:index:AddonVersionRollback",
      "    properties:",
      `      clusterId: ${CLUSTER}`,
      `      addonId: ${id}`,
      "      trigger: bench",
    );
  }
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${lines.join("\n")}\n`);
  return dir;
}

async function previews(dir: string, tarball: string): Promise<BenchResult[]> {
  const emulator = await benchEmulator();
  try {
    reseed(emulator, "preview", RESOURCES, 1000);
    const ids = addonIds("preview", RESOURCES);
    const env = {
      ...process.env,
      ...offlineEnv(path.join(dir, "engine")),
      HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
      HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
      HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
    };
    const pulumi = (cwd: string, args: string[]) =>
      execFileAsync(path.join(toolchainBin, "pulumi"), args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    await pulumi(dir, ["plugin", "install", "resource", "cce-autopilot", version, "-f", tarball]);
    const programs = {
      checkout: previewProgram(path.join(dir, "checkout"), ids, true),
      packed: previewProgram(path.join(dir, "packed"), ids, false),
    };
    // One backend, one project name: a stack of its own for each.
    for (const [which, program] of Object.entries(programs)) {
      await pulumi(program, ["stack", "init", which, "--non-interactive"]);
      await pulumi(program, ["config", "set", "cce-autopilot:endpoint", emulator.url, "--stack", which]);
    }
    progress(`plugin: ${PREVIEWS} paired previews of ${RESOURCES} rollbacks, checkout and packed plugin`);
    const seconds: Record<keyof typeof programs, number[]> = { checkout: [], packed: [] };
    for (let i = 0; i < PREVIEWS; i++) {
      for (const which of ["checkout", "packed"] as const) {
        const started = performance.now();
        await pulumi(programs[which], ["preview", "--non-interactive", "--stack", which]);
        seconds[which].push(round((performance.now() - started) / 1000, 2));
      }
    }
    const posts = emulator.count({ method: "POST" });
    if (posts !== 0) throw new Error(`a preview sent ${posts} POST`);
    const ratio = round(median(seconds.packed) / median(seconds.checkout), 2);
    return [
      figure(
        "preview.checkout",
        `\`pulumi preview\` of ${RESOURCES} rollbacks (YAML), checkout plugin (before)`,
        round(median(seconds.checkout), 2),
        "s",
        null,
        null,
        seconds.checkout,
      ),
      figure(
        "preview.packed",
        `\`pulumi preview\` of ${RESOURCES} rollbacks (YAML), packed plugin`,
        round(median(seconds.packed), 2),
        "s",
        null,
        null,
        seconds.packed,
      ),
      figure("preview.ratio", "… packed / checkout", ratio, "x"),
    ];
  } finally {
    await emulator.close();
  }
}
