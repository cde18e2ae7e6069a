import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { descendants } from "../support/process-tree";
import { offlineEnv, pulumiCommand, repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const yamlHost = path.join(toolchainBin, "pulumi-language-yaml");

/** Every file below `dir` that is a symbolic link. */
function links(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isSymbolicLink())
    .map((e) => path.join(e.parentPath, e.name));
}

// The plugin as users outside this repository get it: `npm run plugin:pack`, then `pulumi plugin install` into a
// Pulumi home of its own, and a YAML program with no `plugins:` block finds it in the plugin cache.
describe("native plugin installed from its tarball", function () {
  this.timeout(600_000);
  let dir: string;

  before(function () {
    if (!fs.existsSync(yamlHost)) {
      // Never skipped: a run without the language host would pass while proving nothing.
      throw new Error(`no YAML language host at ${yamlHost}: run scripts/setup-toolchain.sh (npm test does it)`);
    }
    dir = tempDir("native-install");
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("packs, installs with pulumi plugin install, and runs a YAML program from the plugin cache", async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
      .version;
    const out = path.join(dir, "plugin");
    const packed = await execFileAsync(path.join(repoRoot, "scripts", "plugin-pack.sh"), [], {
      cwd: repoRoot,
      env: { ...process.env, PLUGIN_PACK_OUT: out },
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = packed.stdout.trim().split("\n").pop()!;
    assert.equal(path.dirname(tarball), out);
    assert.match(
      path.basename(tarball),
      new RegExp(`^pulumi-resource-cce-autopilot-v${version}-[a-z]+-[a-z0-9]+\\.tar\\.gz$`),
    );
    const { size } = fs.statSync(tarball);
    console.log(`      tarball: ${path.basename(tarball)}, ${(size / 1024 / 1024).toFixed(1)} MiB`);

    const env = offlineEnv(dir);
    const pulumi = path.join(toolchainBin, "pulumi");
    await execFileAsync(pulumi, ["plugin", "install", "resource", "cce-autopilot", version, "-f", tarball], {
      env: { ...process.env, ...env },
    });
    const installed = path.join(env.PULUMI_HOME!, "plugins", `resource-cce-autopilot-v${version}`);
    assert.ok(fs.statSync(path.join(installed, "pulumi-resource-cce-autopilot")).mode & 0o100, "executable");
    for (const module of ["@pulumi/pulumi", "undici", "zod"]) {
      assert.ok(fs.existsSync(path.join(installed, "node_modules", module, "package.json")), `${module} is installed`);
    }
    assert.ok(fs.existsSync(path.join(installed, "dist", "provider", "native", "main.js")));
    assert.deepEqual(links(installed), [], "real files only");
    const unpacked = (await execFileAsync("du", ["-sk", installed])).stdout.split("\t")[0];
    console.log(`      installed: ${(Number(unpacked) / 1024).toFixed(0)} MiB in the plugin cache`);

    // The example without its `plugins:` block: the engine must find the plugin in the cache.
    const program = path.join(dir, "program");
    fs.mkdirSync(program);
    const yaml = fs.readFileSync(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8");
    const withoutPlugins = yaml.replace(/\n# The plugin built[\s\S]*?path: \.\.\/\.\.\/bin\n/, "\n");
    assert.ok(!withoutPlugins.includes("plugins:"));
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), withoutPlugins);

    const emulator = await startEmulator({ defaultRollbackDurationMs: 1000 });
    try {
      // The repository's bin/ is not on PATH: only the plugin cache has the plugin.
      assert.ok(!(env.PATH ?? "").split(path.delimiter).includes(path.join(repoRoot, "bin")));
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "installed", workDir: program },
        {
          pulumiCommand: await pulumiCommand(),
          envVars: {
            ...env,
            HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
            HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
            HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
          },
        },
      );
      await stack.setAllConfig({
        clusterId: { value: DEFAULT_SEED.clusterId },
        incident: { value: "INC-1" },
        "cce-autopilot:endpoint": { value: emulator.url },
      });
      const ran = new Set<string>();
      const watch = setInterval(() => {
        for (const pid of descendants(process.pid)) {
          try {
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
            const main = cmdline.find((a) => a.endsWith(path.join("provider", "native", "main.js")));
            if (main) ran.add(main);
          } catch {
            // Gone already.
          }
        }
      }, 50);
      const up = await stack.up().finally(() => clearInterval(watch));
      assert.equal(up.summary.result, "succeeded");
      assert.equal(up.outputs.status?.value, "running");
      assert.equal(emulator.count({ method: "POST" }), 1);
      assert.deepEqual(
        [...ran],
        [path.join(installed, "dist", "provider", "native", "main.js")],
        "the cached plugin ran",
      );
      await stack.destroy();
      await stack.workspace.removeStack("installed", { force: true });
    } finally {
      await emulator.close();
    }
  });
});
