// The plugin process (bin/pulumi-resource-cce-autopilot, as the engine starts it) between a stand-in engine, which
// takes its progress lines, and the emulator: what main.ts composes (the engine-log sink, which configuration the
// implementation gets) is seen here without the end-to-end suite's Pulumi CLI.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { fakeEngine } from "../support/fake-engine";
import { pluginExecutable, requireBuiltPlugin, ROLLBACK_TYPE } from "../support/native-plugin";

type Props = Record<string, unknown>;
const URN = `urn:pulumi:dev::proj::${ROLLBACK_TYPE}::coredns-rollback`;

/** A key pair of another account, which only the Configure test's endpoint accepts. */
const CONFIGURE_CREDENTIALS = {
  accessKey: "CONFIGUREACCESSKEY002",
  secretKey: "configure-secret-key-do-not-use",
  projectId: TEST_CREDENTIALS.projectId,
};

/**
 * Starts the plugin as the engine does (the engine's address as its argument), with nothing of this process's
 * environment but PATH (Node.js 22) and the temporary folder, plus `env`.
 */
function startPlugin(engine: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(pluginExecutable, [engine], {
    env: {
      PATH: process.env.PATH ?? "",
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`plugin exited (${code}) before its port line: ${stderr}`)));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (!stdout.includes("\n")) return;
      child.removeAllListeners("exit");
      resolve({ child, port: Number(stdout.trim()) });
    });
  });
}

function rpc<Req, Res>(client: ResourceProviderClient, method: string, request: Req): Promise<Res> {
  const fn = (
    client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void>
  )[method]!;
  return new Promise((resolve, reject) => fn.call(client, request, (err, res) => (err ? reject(err) : resolve(res))));
}

const struct = (props: Props) => Struct.fromJavaScript(props as never);

describe("the plugin process between a stand-in engine and the emulator", function () {
  this.timeout(30_000);
  const cleanups: (() => unknown)[] = [];
  before(() => requireBuiltPlugin());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function plugin(engineAddress: string, env: Record<string, string> = {}) {
    const { child, port } = await startPlugin(engineAddress, env);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    );
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    cleanups.push(() => client.close());
    return client;
  }

  async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
    const emu = await startEmulator(options);
    cleanups.push(() => emu.close());
    return emu;
  }

  it("a create's last progress line, logged after a silence longer than a delivery, reaches the engine before the answer", async function () {
    // Each line takes the engine 150 ms; between the line announcing the rollback and the last ones the plugin
    // waits about a second for the add-on (the waiter's first read), so that no earlier line is still on its way
    // when the rollback finishes and the create answers.
    const engine = await fakeEngine(150);
    cleanups.push(() => engine.close());
    const emu = await emulator({ seed: [{ ...DEFAULT_SEED, rollbackDurationMs: 300 }] });
    const client = await plugin(engine.address);
    await rpc(
      client,
      "configure",
      new pb.ConfigureRequest().setArgs(
        struct({
          endpoint: emu.url,
          accessKey: TEST_CREDENTIALS.accessKey,
          secretKey: TEST_CREDENTIALS.secretKey,
          projectId: TEST_CREDENTIALS.projectId,
        }),
      ),
    );
    const res = await rpc<pb.CreateRequest, pb.CreateResponse>(
      client,
      "create",
      new pb.CreateRequest()
        .setUrn(URN)
        .setProperties(struct({ clusterId: DEFAULT_SEED.clusterId, addonId: DEFAULT_SEED.id })),
    );
    const lines = engine.received.map((r) => r.message);
    assert.equal(res.getProperties()?.toJavaScript().outcome, "rolled-back");
    assert.match(lines[0] ?? "", /rolling back 1\.28\.6 -> 1\.28\.4/, lines.join("\n"));
    assert.match(lines.at(-1) ?? "", /rollback finished: running at 1\.28\.4/, lines.join("\n"));
    assert.ok(
      engine.received.every((r) => r.urn === URN),
      "each line under the resource's URN",
    );
  });

  it("uses the settings Configure sends, not PULUMI_CONFIG: the read goes to Configure's endpoint, signed with its key", async function () {
    const engine = await fakeEngine(0);
    cleanups.push(() => engine.close());
    // The stack config's endpoint accepts the stack config's key; Configure's endpoint accepts Configure's key only.
    const fromEnv = await emulator();
    const fromConfigure = await emulator({
      credentials: [{ ...CONFIGURE_CREDENTIALS, projectIds: [CONFIGURE_CREDENTIALS.projectId] }],
    });
    const client = await plugin(engine.address, {
      PULUMI_CONFIG: JSON.stringify({
        endpoint: fromEnv.url,
        accessKey: TEST_CREDENTIALS.accessKey,
        secretKey: TEST_CREDENTIALS.secretKey,
        projectId: TEST_CREDENTIALS.projectId,
      }),
    });
    await rpc(
      client,
      "configure",
      new pb.ConfigureRequest().setArgs(struct({ endpoint: fromConfigure.url, ...CONFIGURE_CREDENTIALS })),
    );
    const res = await rpc<pb.InvokeRequest, pb.InvokeResponse>(
      client,
      "invoke",
      new pb.InvokeRequest()
        .setTok("cce-autopilot:index:getAddonInstance")
        .setArgs(struct({ clusterId: DEFAULT_SEED.clusterId, addonId: DEFAULT_SEED.id })),
    );
    assert.equal(res.getFailuresList().length, 0);
    assert.equal((res.getReturn()?.toJavaScript() as Props).currentVersion, "1.28.6");
    assert.deepEqual(
      fromConfigure.requests.map((r) => [r.method, r.auth, r.accessKey, r.projectId]),
      [["GET", "aksk", CONFIGURE_CREDENTIALS.accessKey, CONFIGURE_CREDENTIALS.projectId]],
    );
    assert.deepEqual(fromEnv.requests, [], "nothing went to PULUMI_CONFIG's endpoint");
  });
});
