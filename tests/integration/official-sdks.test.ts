/**
 * Huawei's official SDKs against the emulator, so that the emulator stays faithful to what real clients send and
 * parse: the Python SDK (huaweicloudsdkcce, tests/official-sdks/python) and the Go SDK (huaweicloud-sdk-go-v3,
 * tests/official-sdks/go). Each program shows the add-on, lists the cluster's add-ons, rolls it back, shows it again,
 * and makes the two gateway errors (wrong secret key, wrong project ID), printing one JSON line per step with what
 * the SDK parsed into its own models. Here every line is checked against the emulator's state and request log.
 *
 * Nothing is skipped: without the Python virtual environment or Go's module cache the test fails and says to run
 * scripts/setup-toolchain.sh.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  DEFAULT_SEED,
  PROJECT_MISMATCH_MESSAGE,
  TEST_CREDENTIALS,
  startEmulator,
  type AddonJson,
  type Emulator,
  type RequestLogEntry,
} from "../emulator";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../../..");
const SETUP = "run scripts/setup-toolchain.sh (it installs Huawei's Python SDK and downloads the Go SDK's modules)";
const WRONG_PROJECT = "fedcba9876543210fedcba9876543210";
const STEPS = ["show", "list", "rollback", "show-after-rollback", "wrong-secret-key", "wrong-project-id"];

/** One line of a program's output. */
interface Step {
  step: string;
  ok: boolean;
  model?: string;
  status?: number;
  exception?: string;
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
  addon?: Record<string, unknown>;
  kind?: string;
  itemClass?: string;
  items?: Record<string, unknown>[];
}

/** An official SDK's program: how to start it, and how that SDK names things. */
interface Sdk {
  name: string;
  /** Prepares the program; returns the command. Fails with what to run when a tool is missing. */
  prepare(): Promise<string[]>;
  /** The class the SDK raises for a 4xx answer. */
  clientError: string;
  /** Exactly the headers this SDK signs, when the public source says so; otherwise the ones it must sign. */
  signedHeaders: { exactly?: string[]; atLeast: string[] };
  /** Whether the SDK's JSON encoder ends the rollback body with a newline. */
  bodyNewline: boolean;
}

const python: Sdk = {
  name: "Python (huaweicloudsdkcce)",
  prepare() {
    const interpreter = path.join(ROOT, ".toolchain", "huaweicloud-python", "bin", "python");
    assert.ok(existsSync(interpreter), `Huawei's Python SDK is not installed at ${interpreter}: ${SETUP}`);
    return Promise.resolve([interpreter, path.join(ROOT, "tests", "official-sdks", "python", "cce_steps.py")]);
  },
  clientError: "ClientRequestException",
  // huaweicloudsdkcore's signer signs every header it sends, host and content-type included.
  signedHeaders: { atLeast: ["content-type", "host", "user-agent", "x-project-id", "x-sdk-date"] },
  bodyNewline: false,
};

let goBuildDir: string | undefined;
const go: Sdk = {
  name: "Go (huaweicloud-sdk-go-v3)",
  async prepare() {
    goBuildDir = mkdtempSync(path.join(tmpdir(), "cce-official-sdk-go-"));
    const out = path.join(goBuildDir, "cce-official-sdk-go");
    try {
      // Offline and read-only: the modules come from the cache setup-toolchain.sh filled, go.sum is not rewritten.
      await run("go", ["build", "-o", out, "."], {
        cwd: path.join(ROOT, "tests", "official-sdks", "go"),
        env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly", GOPROXY: "off", GOSUMDB: "off" },
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (err) {
      const e = err as { code?: string; stderr?: string; message: string };
      const why = e.code === "ENOENT" ? "go is not on PATH" : (e.stderr ?? e.message).trim();
      assert.fail(`building tests/official-sdks/go failed: ${why}\n${SETUP}`);
    }
    return [out];
  },
  clientError: "*sdkerr.ServiceResponseError",
  // core/auth/signer/signer.go signs every header but content-type; host is not among the request's headers.
  signedHeaders: { exactly: ["user-agent", "x-project-id", "x-sdk-date"], atLeast: [] },
  bodyNewline: true,
};

describe("Huawei's official SDKs against the emulator", function () {
  for (const sdk of [python, go]) {
    describe(sdk.name, function () {
      let emulator: Emulator | undefined;
      let command: string[] = [];

      before(async function () {
        this.timeout(600_000); // a cold Go build of the SDK takes minutes on 2 cores
        command = await sdk.prepare();
      });

      after(function () {
        if (sdk === go && goBuildDir !== undefined) rmSync(goBuildDir, { recursive: true, force: true });
      });

      afterEach(async function () {
        await emulator?.close();
        emulator = undefined;
      });

      it("shows, lists and rolls back; the wrong secret key and the wrong project get the gateway's 401", async function () {
        this.timeout(120_000);
        // A long rollback, so that the show after it still sees `rollbacking` however slow the machine is.
        emulator = await startEmulator({ defaultRollbackDurationMs: 10 * 60_000 });
        const before = emulator.addon(DEFAULT_SEED.id);
        assert.ok(before !== undefined);

        const [file, ...args] = command as [string, ...string[]];
        const { stdout, stderr } = await run(file, args, {
          env: {
            PATH: process.env["PATH"] ?? "",
            HOME: process.env["HOME"] ?? tmpdir(),
            CCE_ENDPOINT: emulator.url,
            HUAWEICLOUD_SDK_AK: TEST_CREDENTIALS.accessKey,
            HUAWEICLOUD_SDK_SK: TEST_CREDENTIALS.secretKey,
            HUAWEICLOUD_SDK_PROJECT_ID: TEST_CREDENTIALS.projectId,
            CCE_ADDON_ID: DEFAULT_SEED.id,
            CCE_CLUSTER_ID: DEFAULT_SEED.clusterId,
            CCE_WRONG_PROJECT_ID: WRONG_PROJECT,
          },
          timeout: 90_000,
        });
        // The programs must never print the secret, whatever they fail on.
        assert.ok(!stdout.includes(TEST_CREDENTIALS.secretKey) && !stderr.includes(TEST_CREDENTIALS.secretKey));
        const steps = stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as Step);
        assert.deepEqual(
          steps.map((s) => s.step),
          STEPS,
          stdout + stderr,
        );
        const [show, list, rollback, showAfter, wrongKey, wrongProject] = steps as [Step, Step, Step, Step, Step, Step];
        const after = emulator.addon(DEFAULT_SEED.id);
        assert.ok(after !== undefined);
        const log = emulator.requests;

        // The emulator verified every signature of the good client and saw the project it sent.
        assert.equal(log.length, STEPS.length, JSON.stringify(log.map((r) => `${r.method} ${r.path} ${r.status}`)));
        for (const entry of log.slice(0, 4)) {
          assert.equal(entry.auth, "aksk", `${entry.method} ${entry.path}: ${entry.authError ?? ""}`);
          assert.equal(entry.accessKey, TEST_CREDENTIALS.accessKey);
          assert.equal(entry.projectId, TEST_CREDENTIALS.projectId);
          assertSigned(sdk, entry);
        }

        // Show and list parsed into the SDK's models, with the add-on as the emulator holds it before the rollback.
        assertOk(show, "ShowAutopilotAddonInstanceResponse");
        assert.deepEqual(show.addon, expectedFields(before), "show");
        assertOk(list, "ListAutopilotAddonInstancesResponse");
        assert.equal(list.kind, "List");
        assert.equal(list.itemClass, "AddonInstance");
        assert.deepEqual(list.items, [expectedFields(before)], "list");
        for (const entry of [log[0], log[1], log[3]])
          assert.deepEqual(entry?.query, { cluster_id: DEFAULT_SEED.clusterId });

        // One rollback was sent and accepted: the version went back to the previous one, as the emulator models it.
        const posts = log.filter((r) => r.method === "POST");
        assert.equal(posts.length, 1);
        assert.equal(posts[0]?.path, `/autopilot/v3/addons/${DEFAULT_SEED.id}/operation/rollback`);
        assert.deepEqual(JSON.parse(posts[0]?.body ?? ""), { clusterID: DEFAULT_SEED.clusterId });
        assert.equal(posts[0]?.body.endsWith("\n"), sdk.bodyNewline, "the SDK's JSON body as sent");
        assert.equal(after.status.status, "rollbacking");
        assert.equal(after.spec.version, before.status.previousVersion);
        assert.notEqual(after.spec.version, before.spec.version);
        assertOk(rollback, "RollbackAutopilotAddonInstanceResponse");
        assert.deepEqual(rollback.addon, expectedFields(after), "rollback answer");
        assertOk(showAfter, "ShowAutopilotAddonInstanceResponse");
        assert.deepEqual(showAfter.addon, expectedFields(after), "show after the rollback");

        // The gateway's errors, as the SDK surfaces them, with the request id of the emulator's answer.
        assertGatewayError(
          sdk,
          wrongKey,
          log[4],
          "Incorrect IAM authentication information: verify aksk signature fail",
        );
        assert.equal(log[4]?.authError, "signature mismatch");
        assertGatewayError(sdk, wrongProject, log[5], PROJECT_MISMATCH_MESSAGE);
        assert.equal(log[5]?.projectId, WRONG_PROJECT);
        assert.equal(
          emulator.addon(DEFAULT_SEED.id)?.spec.version,
          after.spec.version,
          "the refused calls changed nothing",
        );
      });
    });
  }
});

/** The fields the programs print for an add-on, from the emulator's own JSON. */
function expectedFields(addon: AddonJson): Record<string, unknown> {
  return {
    kind: addon.kind,
    uid: addon.metadata.uid,
    name: addon.metadata.name,
    clusterID: addon.spec.clusterID,
    version: addon.spec.version,
    status: addon.status.status,
    isRollbackable: addon.status.isRollbackable,
    previousVersion: addon.status.previousVersion,
    currentVersion: addon.status.currentVersion.version,
    specClass: "InstanceSpec",
    statusClass: "AddonInstanceStatus",
  };
}

function assertOk(step: Step, model: string): void {
  assert.equal(step.ok, true, `${step.step}: ${JSON.stringify(step)}`);
  assert.equal(step.model, model);
  assert.equal(step.status, 200);
}

function assertSigned(sdk: Sdk, entry: RequestLogEntry): void {
  const signed = entry.signedHeaders ?? [];
  if (sdk.signedHeaders.exactly !== undefined) assert.deepEqual(signed, sdk.signedHeaders.exactly);
  for (const name of sdk.signedHeaders.atLeast)
    assert.ok(signed.includes(name), `${name} not signed: ${signed.join(";")}`);
}

function assertGatewayError(sdk: Sdk, step: Step, entry: RequestLogEntry | undefined, message: string): void {
  assert.equal(step.ok, false, `${step.step}: ${JSON.stringify(step)}`);
  assert.equal(step.exception, sdk.clientError);
  assert.equal(step.status, 401);
  assert.equal(step.errorCode, "APIG.0301");
  assert.equal(step.errorMsg, message);
  assert.equal(entry?.status, 401);
  assert.equal(entry?.auth, "rejected");
  assert.equal(entry?.accessKey, TEST_CREDENTIALS.accessKey);
  assert.equal(step.requestId, entry?.requestId);
}
