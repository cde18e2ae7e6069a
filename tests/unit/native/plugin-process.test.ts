import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const wrapper = path.join(repoRoot, "bin", "pulumi-resource-cce-autopilot");

/** Starts the plugin as the engine does and resolves with its first stdout line and how long it took. */
function startPlugin(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; port: number; ms: number; stderr: () => string }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, ["127.0.0.1:1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`plugin exited (${code}) before its port line: ${stderr}`)));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (!stdout.includes("\n")) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Nothing but the port on stdout: the engine reads the first line as the port.
      assert.match(stdout, /^\d+\n$/, `stdout before the port: ${JSON.stringify(stdout)}`);
      child.removeAllListeners("exit");
      resolve({ child, port: Number(stdout.trim()), ms, stderr: () => stderr });
    });
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

describe("the plugin process (bin/pulumi-resource-cce-autopilot)", function () {
  this.timeout(30_000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "native-plugin-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("prints only its port, loads neither the schema nor the implementation at start-up, and serves the schema", async () => {
    // A preload that lists the loaded modules when the plugin is asked to stop.
    const preload = path.join(tmp, "list-modules.js");
    fs.writeFileSync(
      preload,
      `process.on("SIGTERM", () => { process.stderr.write("MODULES" + JSON.stringify(Object.keys(require.cache))); process.exit(0); });`,
    );
    const env = { ...process.env, NODE_OPTIONS: `--require=${preload}`, PULUMI_CONFIG: "" };
    const plugin = await startPlugin(wrapper, env);
    const client = new ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
    try {
      const info = await new Promise<PluginInfo>((resolve, reject) =>
        client.getPluginInfo(new Empty(), (err, r) => (err ? reject(err) : resolve(r))),
      );
      const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
      assert.equal(info.getVersion(), pkg.version);
      await stop(plugin.child, "SIGTERM");
      const modules = JSON.parse(plugin.stderr().split("MODULES")[1] ?? "[]") as string[];
      assert.ok(
        modules.some((m) => m.includes(`${path.sep}native${path.sep}main.js`)),
        "main.js ran",
      );
      for (const lazy of ["zod", "undici", `rollback${path.sep}provider.js`, `native${path.sep}schema.js`]) {
        assert.ok(!modules.some((m) => m.includes(`${path.sep}${lazy}`)), `${lazy} is not loaded at start-up`);
      }
      console.log(`      start-up: ${plugin.ms.toFixed(0)} ms from spawn to the port line (${modules.length} modules)`);
    } finally {
      client.close();
      await stop(plugin.child);
    }

    const again = await startPlugin(wrapper);
    const client2 = new ResourceProviderClient(`127.0.0.1:${again.port}`, grpc.credentials.createInsecure());
    try {
      const request = new GetSchemaRequest();
      const schema = await new Promise<string>((resolve, reject) =>
        client2.getSchema(request, (err, r) => (err ? reject(err) : resolve(r.getSchema()))),
      );
      const parsed = JSON.parse(schema) as { name: string; resources: Record<string, unknown> };
      assert.equal(parsed.name, "cce-autopilot");
      assert.ok(parsed.resources["cce-autopilot:index:AddonVersionRollback"]);
    } finally {
      client2.close();
      await stop(again.child);
    }
  });

  it("runs through a symlink (from its real location's dist/ and node_modules)", async () => {
    const link = path.join(tmp, "pulumi-resource-cce-autopilot");
    fs.symlinkSync(wrapper, link);
    const plugin = await startPlugin(link);
    await stop(plugin.child);
  });

  it("fails with a clear message when node on PATH is older than 22, or missing", async () => {
    const fakeBin = path.join(tmp, "old-node");
    fs.mkdirSync(fakeBin);
    fs.writeFileSync(path.join(fakeBin, "node"), "#!/bin/sh\necho v18.19.1\n", { mode: 0o755 });
    const run = (PATH: string) =>
      execFileAsync(wrapper, ["127.0.0.1:1"], { env: { PATH } }).then(
        () => assert.fail("the wrapper should fail"),
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
    const old = await run(`${fakeBin}:/usr/bin:/bin`);
    assert.equal(old.code, 1);
    assert.equal(old.stdout, "");
    assert.match(old.stderr, /Node\.js >= 22 is needed; `node` on PATH \(.*old-node\/node\) is v18\.19\.1/);

    const none = await run(path.join(tmp, "empty"));
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Node\.js >= 22 is needed on PATH; no `node` found/);
  });

  it("is not loaded by the TypeScript package: require('pulumi-cce-addon-rollback') loads no plugin code", async () => {
    const script = [
      'require("pulumi-cce-addon-rollback");',
      'require("pulumi-cce-addon-rollback/provider");',
      "process.stdout.write(JSON.stringify(Object.keys(require.cache)));",
    ].join("");
    const { stdout } = await execFileAsync(process.execPath, ["-e", script], { cwd: repoRoot });
    const modules = JSON.parse(stdout) as string[];
    assert.ok(modules.some((m) => m.includes(`${path.sep}sdk${path.sep}index.js`)));
    assert.deepEqual(
      modules.filter((m) => m.includes(`${path.sep}provider${path.sep}native${path.sep}`)),
      [],
    );
  });
});
