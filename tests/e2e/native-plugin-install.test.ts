import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { PROJECT_PLUGIN_DOWNLOAD_URL } from "../../provider/native/release";
import { binaryKind, HEADER_BYTES } from "../../scripts/plugin/binary-header";
import { DEFAULT_SEED, TEST_CREDENTIALS, type Emulator, startEmulator } from "../emulator";
import { serveFiles } from "../support/file-server";
import { copyGoExample, goProgram } from "../support/go-program";
import { requireLanguageHost } from "../support/native-plugin";
import { copyExample } from "../support/native-program";
import { packedPlugin } from "../support/packed-plugin";
import { pathWithoutNode } from "../support/path-without-node";
import { descendants } from "../support/process-tree";
import { offlineEnv, pulumiCommand, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;
const PLUGIN = "pulumi-resource-cce-autopilot";
const TARBALL = `${PLUGIN}-v${version}-linux-amd64.tar.gz`;

/** Every file below `dir` that is a symbolic link. */
function links(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isSymbolicLink())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The environment of a user's machine with no Node.js, a Pulumi home of its own and nothing installed in it, and
 * automatic plugin acquisition on (the tests' offline environment turns it off everywhere else).
 */
function machineWithoutNode(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = offlineEnv(dir, extra);
  // "false", not absent: the Automation API adds its own environment (the toolchain's, which sets it) underneath.
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "false";
  env.PATH = pathWithoutNode(dir, env.PATH!);
  return env;
}

/** The program's Pulumi.yaml without its `plugins:` block (which points at this repository's bin/). */
function withoutPluginsBlock(program: string): void {
  const project = path.join(program, "Pulumi.yaml");
  const text = fs.readFileSync(project, "utf8");
  const without = text.replace(/\n# The plugin built[\s\S]*?path: [^\n]*\n/, "\n");
  assert.ok(!without.includes("plugins:"), `${project} has no plugins: block left`);
  fs.writeFileSync(project, without);
}

/**
 * Runs `work` while noting the executable of every plugin process below this one (the bundle's entry on its
 * command line): which Node.js ran the plugin.
 */
async function watchingPluginNodes<T>(work: () => Promise<T>): Promise<{ result: T; nodes: Set<string> }> {
  const nodes = new Set<string>();
  const timer = setInterval(() => {
    for (const pid of descendants(process.pid)) {
      try {
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        if (argv.some((a) => a.endsWith(path.join("plugin", "main.mjs"))))
          nodes.add(fs.readlinkSync(`/proc/${pid}/exe`));
      } catch {
        // Gone already.
      }
    }
  }, 25);
  try {
    return { result: await work(), nodes };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The lifecycle a user's first run goes through, on a machine that never had the plugin: `up` (the engine fetches
 * and installs the plugin, which rolls back once), `up` again (nothing to do, nothing sent), destroy.
 */
async function firstRunLifecycle(stack: Stack, emulator: Emulator, home: string): Promise<Set<string>> {
  const installed = path.join(home, "plugins", `resource-cce-autopilot-v${version}`);
  assert.ok(!fs.existsSync(installed), "the plugin is not installed before the first run");
  const { result: up, nodes } = await watchingPluginNodes(() => stack.up());
  assert.equal(up.summary.result, "succeeded");
  assert.equal(up.outputs.status?.value, "running");
  assert.equal(emulator.count({ method: "POST" }), 1, "one rollback");
  assert.ok(fs.statSync(path.join(installed, PLUGIN)).mode & 0o100, "installed into the plugin cache");
  assert.deepEqual([...nodes], [path.join(installed, "node", "bin", "node")], "the plugin ran on its own Node.js");

  const before = emulator.count();
  const again = await stack.up();
  assert.equal(again.summary.resourceChanges?.same, 2, "the stack and the rollback, unchanged");
  assert.equal(emulator.count() - before, 0, "an up with nothing to do sends nothing");
  await stack.destroy();
  return nodes;
}

// The plugin as users outside this repository get it: the engine installs it by itself from where the schema (and
// so the SDKs) says, on a machine without Node.js. Shown for linux-amd64, the only platform that runs here.
describe("native plugin: installs itself", function () {
  this.timeout(900_000);
  let dir: string;
  let tarball: string;
  let server: Awaited<ReturnType<typeof serveFiles>>;

  before(async function () {
    requireLanguageHost("yaml", "YAML");
    goProgram.requireTools();
    dir = tempDir("native-install");
    const packed = await packedPlugin();
    tarball = packed.tarballs.get("linux-amd64")!;
    assert.equal(path.basename(tarball), TARBALL);
    server = await serveFiles(packed.out);
  });

  after(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("installs with pulumi plugin install -f and answers GetSchema with its version and download location", async () => {
    const env = machineWithoutNode(path.join(dir, "by-hand"));
    const run = (args: string[]) =>
      execFileAsync(path.join(toolchainBin, "pulumi"), args, { env, maxBuffer: 16 * 1024 * 1024 });
    await run(["plugin", "install", "resource", "cce-autopilot", version, "-f", tarball]);
    const installed = path.join(env.PULUMI_HOME!, "plugins", `resource-cce-autopilot-v${version}`);
    assert.deepEqual(fs.readdirSync(installed).sort(), ["LICENSE", "node", "plugin", PLUGIN].sort());
    assert.ok(!fs.existsSync(path.join(installed, "node_modules")), "no node_modules");
    assert.deepEqual(links(installed), [], "real files only");
    const node = fs.readFileSync(path.join(installed, "node", "bin", "node")).subarray(0, HEADER_BYTES);
    assert.deepEqual(binaryKind(node), { format: "ELF", arch: "x86-64" });

    const { stdout } = await run(["package", "get-schema", path.join(installed, PLUGIN)]);
    const schema = JSON.parse(stdout) as { version: string; pluginDownloadURL: string };
    assert.equal(schema.version, version);
    assert.equal(schema.pluginDownloadURL, PROJECT_PLUGIN_DOWNLOAD_URL);
  });

  it("YAML: the engine downloads it from the resource's pluginDownloadURL on first use", async () => {
    const work = path.join(dir, "yaml");
    const program = copyExample("yaml", work);
    withoutPluginsBlock(program);
    // Pulumi YAML has no SDK: a program names the plugin's version and download location on the resource (or on
    // a default provider).
    const project = path.join(program, "Pulumi.yaml");
    const text = fs.readFileSync(project, "utf8");
    const options = "    options:\n";
    assert.ok(text.includes(options));
    fs.writeFileSync(
      project,
      text.replace(options, `${options}      version: ${version}\n      pluginDownloadURL: ${server.url}/\n`),
    );
    const env = machineWithoutNode(work);
    const emulator = await startEmulator({ defaultRollbackDurationMs: 1000 });
    try {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "yaml", workDir: program },
        { pulumiCommand: await pulumiCommand(), envVars: { ...env, ...credentials() } },
      );
      await stack.setAllConfig({
        clusterId: { value: DEFAULT_SEED.clusterId },
        incident: { value: "INC-1" },
        "cce-autopilot:endpoint": { value: emulator.url },
      });
      const downloads = server.requests.length;
      await firstRunLifecycle(stack, emulator, env.PULUMI_HOME!);
      assert.deepEqual(server.requests.slice(downloads), [`GET /${TARBALL}`], "downloaded once");
    } finally {
      await emulator.close();
    }
  });

  it("Go: the SDK names the project's releases, which a mirror serves (PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES)", async () => {
    const work = path.join(dir, "go");
    const program = copyGoExample("go", work);
    withoutPluginsBlock(program);
    // The engine would fetch the committed SDK's github:// location from GitHub; the override sends exactly that
    // location, and nothing else, to the local server, as a company's mirror would.
    const overrides = `^${PROJECT_PLUGIN_DOWNLOAD_URL.replaceAll(".", "\\.")}$=${server.url}`;
    const env = machineWithoutNode(work, { ...goProgram.env, PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: overrides });
    const emulator = await startEmulator({ defaultRollbackDurationMs: 1000 });
    try {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "go", workDir: program },
        { pulumiCommand: await pulumiCommand(), envVars: { ...env, ...credentials() } },
      );
      await stack.setAllConfig({
        clusterId: { value: DEFAULT_SEED.clusterId },
        trigger: { value: "INC-1" },
        "cce-autopilot:endpoint": { value: emulator.url },
      });
      const downloads = server.requests.length;
      await firstRunLifecycle(stack, emulator, env.PULUMI_HOME!);
      assert.deepEqual(server.requests.slice(downloads), [`GET /${TARBALL}`], "downloaded once");
    } finally {
      await emulator.close();
    }
  });
});

function credentials(): Record<string, string> {
  return {
    HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
    HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
    HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
  };
}
