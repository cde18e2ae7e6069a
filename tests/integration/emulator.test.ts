/**
 * Tests of the CCE Autopilot add-on API emulator itself, over real HTTP with requests signed by the project's
 * signer. The emulator's clock is injected; the only real waiting is the `delay` fault's.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import * as net from "node:net";
import * as path from "node:path";
import { request } from "undici";
import { signRequest, type AkSkCredentials } from "../../provider/auth/signer";
import {
  DEFAULT_SEED,
  MAX_BODY_BYTES,
  PROJECT_MISMATCH_MESSAGE,
  ROLLBACK_ALLOWED_STATUSES,
  ADDON_STATUSES,
  TEST_CREDENTIALS,
  TEST_TOKEN,
  startEmulator,
  type AddonJson,
  type AddonSeed,
  type Emulator,
  type EmulatorOptions,
} from "../emulator";
import { CLUSTER, ID, ROLLBACK_PATH, SHOW_PATH, T0 } from "../support/default-addon";

const ROLLBACK_BODY = JSON.stringify({ clusterID: CLUSTER });

/** The emulator's clock, moved by hand. */
class TestClock {
  ms = T0;
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

interface CallOptions {
  body?: string;
  /** Default `aksk`. */
  auth?: "aksk" | "token" | "none";
  token?: string;
  credentials?: AkSkCredentials;
  /** Signing date; default: the test clock's time. */
  date?: Date;
  /** Headers given to the signer (signed) in addition to content-type and X-Project-Id. */
  headers?: Record<string, string>;
  /** The signed `X-Project-Id`; default `TEST_CREDENTIALS.projectId`, `null` sends none. */
  projectId?: string | null;
  /** Signs for this origin instead of the emulator's (the request still goes to the emulator). */
  signedOrigin?: string;
  /** Changes the body after signing. */
  sendBody?: string;
  /** Headers added after signing (unsigned). */
  sendHeaders?: Record<string, string>;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function json<T = Record<string, unknown>>(reply: Reply): T {
  return JSON.parse(reply.text) as T;
}

function header(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

describe("CCE Autopilot add-on emulator", function () {
  let clock: TestClock;
  let emulator: Emulator | undefined;

  async function start(options: EmulatorOptions = {}): Promise<Emulator> {
    emulator = await startEmulator({ now: clock.now, ...options });
    return emulator;
  }

  beforeEach(function () {
    clock = new TestClock();
  });

  afterEach(async function () {
    await emulator?.close();
    emulator = undefined;
  });

  /** Sends one request to the emulator, signed (by default) with the test credentials at the test clock's time. */
  async function call(emu: Emulator, method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply> {
    const body = options.body ?? "";
    const auth = options.auth ?? "aksk";
    const base: Record<string, string> = { "content-type": "application/json", ...options.headers };
    let headers: Record<string, string>;
    if (auth === "aksk") {
      const projectId = options.projectId === undefined ? TEST_CREDENTIALS.projectId : options.projectId;
      if (projectId !== null) base["X-Project-Id"] = projectId;
      const url = new URL(pathAndQuery, options.signedOrigin ?? emu.url);
      headers = signRequest(
        { method, url, headers: base, body },
        options.credentials ?? TEST_CREDENTIALS,
        options.date ?? new Date(clock.now()),
      );
    } else if (auth === "token") {
      headers = { ...base, "X-Auth-Token": options.token ?? TEST_TOKEN };
    } else {
      headers = base;
    }
    const sent = options.sendBody ?? body;
    const res = await request(new URL(pathAndQuery, emu.url), {
      method: method as "GET",
      headers: { ...headers, ...options.sendHeaders },
      body: sent === "" ? null : sent,
    });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  }

  const show = (emu: Emulator, query = "", options?: CallOptions): Promise<Reply> =>
    call(emu, "GET", SHOW_PATH + query, options);
  const rollback = (emu: Emulator, options?: CallOptions): Promise<Reply> =>
    call(emu, "POST", ROLLBACK_PATH, { body: ROLLBACK_BODY, ...options });

  function assertCceError(reply: Reply, status: number, errorCode: string, messageIncludes: string): void {
    assert.equal(reply.status, status, reply.text);
    const body = json(reply);
    assert.equal(body["kind"], "Status");
    assert.equal(body["apiVersion"], "v1");
    assert.equal(body["status"], "Failure");
    assert.equal(body["code"], status);
    assert.equal(body["errorCode"], errorCode);
    assert.equal(typeof body["errorMessage"], "string");
    assert.match(String(body["message"]), new RegExp(escapeRegExp(messageIncludes)));
    const nested = body["error"] as { code: string; message: string };
    assert.match(nested.code, /^SVCSTG\.CCE-ADDONMGR\./);
    assert.equal(nested.message, body["message"]);
  }

  function assertGatewayError(reply: Reply, status: number, errorCode: string, messageIncludes: string): void {
    assert.equal(reply.status, status, reply.text);
    const body = json(reply);
    assert.deepEqual(Object.keys(body).sort(), ["error_code", "error_msg", "request_id"]);
    assert.equal(body["error_code"], errorCode);
    assert.match(String(body["error_msg"]), new RegExp(escapeRegExp(messageIncludes)));
    assert.equal(body["request_id"], header(reply, "x-request-id"));
  }

  describe("rollback", function () {
    it("basic: the POST answers rollbacking on the target version, then the instance runs it after the duration", async function () {
      const emu = await start();
      const before = emu.addon(ID);
      assert.equal(before?.status.status, "running");
      assert.equal(before?.spec.version, "1.28.6");

      const accepted = await rollback(emu);
      assert.equal(accepted.status, 200, accepted.text);
      assert.match(header(accepted, "content-type") ?? "", /^application\/json/);
      const body = json<AddonJson>(accepted);
      assert.equal(body.kind, "Addon");
      assert.equal(body.apiVersion, "v3");
      assert.equal(body.metadata.uid, ID);
      assert.equal(body.metadata.name, "coredns");
      assert.equal(body.spec.clusterID, CLUSTER);
      assert.equal(body.spec.version, "1.28.4");
      assert.deepEqual(
        {
          status: body.status.status,
          Reason: body.status.Reason,
          message: body.status.message,
          current: body.status.currentVersion.version,
          previousVersion: body.status.previousVersion,
          isRollbackable: body.status.isRollbackable,
          targetVersions: body.status.targetVersions,
        },
        {
          status: "rollbacking",
          Reason: "Rollback to 1.28.4",
          message: "",
          current: "1.28.4",
          previousVersion: "1.28.6",
          isRollbackable: false,
          targetVersions: ["1.28.6"],
        },
      );

      clock.advance(1999);
      assert.equal(json<AddonJson>(await show(emu)).status.status, "rollbacking");

      clock.advance(1);
      const done = json<AddonJson>(await show(emu));
      assert.equal(done.status.status, "running");
      assert.equal(done.status.Reason, "");
      assert.equal(done.status.message, "");
      assert.equal(done.spec.version, "1.28.4");
      assert.equal(done.status.currentVersion.version, "1.28.4");
      assert.equal(done.status.previousVersion, "1.28.6");
      assert.equal(done.status.isRollbackable, false);
      assert.equal(done.metadata.updateTimestamp, "2024-07-18T03:03:19Z");
      assert.deepEqual(emu.addon(ID), done);
    });

    it("failed: a seeded failure ends in rollbackFailed with its Reason and message, on the source version, retryable", async function () {
      const failure = { reason: "InstallFailed", message: "helm rollback failed: timed out waiting for the condition" };
      const emu = await start({ seed: [{ ...DEFAULT_SEED, rollbackDurationMs: 500, rollbackOutcome: failure }] });

      assert.equal((await rollback(emu)).status, 200);
      clock.advance(500);
      const failed = json<AddonJson>(await show(emu));
      assert.equal(failed.status.status, "rollbackFailed");
      assert.equal(failed.status.Reason, failure.reason);
      assert.equal(failed.status.message, failure.message);
      assert.equal(failed.spec.version, "1.28.6");
      assert.equal(failed.status.currentVersion.version, "1.28.6");
      assert.equal(failed.status.previousVersion, "1.28.4");
      assert.equal(failed.status.isRollbackable, true);

      // rollbackFailed is one of the documented statuses that allow a retry.
      emu.patchAddon(ID, { rollbackOutcome: "success" });
      assert.equal((await rollback(emu)).status, 200);
      clock.advance(500);
      assert.equal(emu.addon(ID)?.status.status, "running");
      assert.equal(emu.addon(ID)?.spec.version, "1.28.4");
    });

    it("not rollbackable: 400 CCE.03400001 saying why, and the instance is unchanged", async function () {
      const emu = await start({ seed: [{ ...DEFAULT_SEED, isRollbackable: false }] });
      const before = emu.addon(ID);
      const reply = await rollback(emu);
      assertCceError(reply, 400, "CCE.03400001", "addon coredns is not rollbackable");
      assert.equal(json(reply)["reason"], "BadRequest");
      assert.deepEqual(emu.addon(ID), before);
    });

    it("upgrading: 400 naming the status, and the instance is unchanged", async function () {
      const emu = await start({ seed: [{ ...DEFAULT_SEED, status: "upgrading" }] });
      const before = emu.addon(ID);
      assertCceError(await rollback(emu), 400, "CCE.03400001", "addon status upgrading does not allow rollback");
      assert.deepEqual(emu.addon(ID), before);
    });

    it("preconditions: exactly the documented statuses allow a rollback", async function () {
      const emu = await start({ seed: [] });
      for (const [i, status] of ADDON_STATUSES.entries()) {
        emu.addAddon({ ...DEFAULT_SEED, id: `addon-${i}`, status });
        const reply = await call(emu, "POST", `/autopilot/v3/addons/addon-${i}/operation/rollback`, {
          body: ROLLBACK_BODY,
        });
        const allowed = (ROLLBACK_ALLOWED_STATUSES as readonly string[]).includes(status);
        assert.equal(reply.status, allowed ? 200 : 400, `${status}: ${reply.text}`);
      }
    });

    it("twice: a second POST while rollbacking is refused", async function () {
      const emu = await start();
      assert.equal((await rollback(emu)).status, 200);
      assertCceError(await rollback(emu), 400, "CCE.03400001", "addon status rollbacking does not allow rollback");
    });

    it("invalid body: 400 CCE.01400001 for anything but {clusterID}, with no state change", async function () {
      const emu = await start();
      const bodies = ["", "{", "[]", "null", '"c"', "{}", '{"clusterID":""}', '{"clusterID":7}', '{"cluster_id":"x"}'];
      bodies.push(JSON.stringify({ clusterID: CLUSTER, extra: true }));
      for (const body of bodies) {
        const reply = await rollback(emu, { body });
        assertCceError(reply, 400, "CCE.01400001", "clusterID");
      }
      assert.equal(emu.addon(ID)?.status.status, "running");
    });

    it("GO SDK body: JSON with a trailing newline is accepted", async function () {
      const emu = await start();
      assert.equal((await rollback(emu, { body: ROLLBACK_BODY + "\n" })).status, 200);
    });

    it("content type: a non-JSON Content-Type is 400 CCE.01400006", async function () {
      const emu = await start();
      const reply = await rollback(emu, { headers: { "content-type": "text/plain" } });
      assertCceError(reply, 400, "CCE.01400006", "text/plain");
      assert.equal(emu.addon(ID)?.status.status, "running");
    });

    it("wrong cluster: 404 and no state change", async function () {
      const emu = await start();
      const reply = await rollback(emu, { body: JSON.stringify({ clusterID: "other-cluster" }) });
      assertCceError(reply, 404, "CCE.03404001", `addon instance ${ID} not found in cluster other-cluster`);
      assert.equal(emu.addon(ID)?.status.status, "running");
    });

    it("huge body: more than 1 MiB is 413 and the emulator keeps serving", async function () {
      const emu = await start();
      const reply = await rollback(emu, { body: " ".repeat(MAX_BODY_BYTES + 1) });
      assertGatewayError(reply, 413, "APIG.0201", "too large");
      assert.equal(emu.requests.at(-1)?.body, "");
      assert.equal((await show(emu)).status, 200);
    });
  });

  describe("robustness", function () {
    it("hostile input: a hung-up upload and a request that is not HTTP leave the emulator serving", async function () {
      const emu = await start();
      const port = Number(new URL(emu.url).port);

      const upload = net.connect(port, "127.0.0.1");
      await once(upload, "connect");
      upload.write(`POST ${ROLLBACK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"clus`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      upload.destroy();

      const garbage = net.connect(port, "127.0.0.1");
      garbage.resume();
      garbage.write("NOT HTTP AT ALL\r\n\r\n");
      await once(garbage, "close");

      assert.equal((await show(emu)).status, 200);
      assert.equal(emu.addon(ID)?.status.status, "running");
      assert.equal(emu.count({ method: "POST" }), 0, "an unfinished request is not logged");
    });

    it("close: is idempotent and ends a delayed answer's wait", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "delay", ms: 60_000 } });
      const pending = show(emu);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      await emu.close();
      await emu.close();
      await assert.rejects(pending);
      // Generous on a busy machine: the answer it no longer waits for was 60 s away.
      assert.ok(performance.now() - started < 10_000);
    });
  });

  describe("show", function () {
    it("unknown id: 404 CCE.03404001 naming the instance, for GET and POST", async function () {
      const emu = await start();
      assertCceError(
        await call(emu, "GET", "/autopilot/v3/addons/nope"),
        404,
        "CCE.03404001",
        "addon instance nope not found",
      );
      const post = await call(emu, "POST", "/autopilot/v3/addons/nope/operation/rollback", { body: ROLLBACK_BODY });
      assertCceError(post, 404, "CCE.03404001", "addon instance nope not found");
    });

    it("cluster_id: optional, and a different cluster is 404", async function () {
      const emu = await start();
      assert.equal((await show(emu)).status, 200);
      assert.equal((await show(emu, `?cluster_id=${CLUSTER}`)).status, 200);
      assertCceError(await show(emu, "?cluster_id=other"), 404, "CCE.03404001", "not found in cluster other");
    });

    it("addon body: status, Reason, message and currentVersion are always present", async function () {
      const emu = await start({
        seed: [{ id: "fresh", clusterId: CLUSTER, name: "everest", currentVersion: "2.1.0" }],
      });
      const body = json<AddonJson>(await call(emu, "GET", "/autopilot/v3/addons/fresh"));
      assert.equal(body.status.status, "running");
      assert.equal(body.status.Reason, "");
      assert.equal(body.status.message, "");
      assert.equal(body.status.currentVersion.version, "2.1.0");
      assert.equal(body.status.isRollbackable, false);
      assert.equal("previousVersion" in body.status, false);
      assert.match(body.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it("unknown route: 404 APIG.0101 for other paths and methods", async function () {
      const emu = await start();
      for (const [method, p] of [
        ["GET", `/api/v3/addons/${ID}`],
        ["DELETE", SHOW_PATH],
        ["GET", ROLLBACK_PATH],
        ["GET", `${SHOW_PATH}/`],
        ["GET", "/"],
      ] as const) {
        assertGatewayError(await call(emu, method, p), 404, "APIG.0101", "does not exist");
      }
    });

    it("prefixed host: a request signed for {clusterid}.host is accepted", async function () {
      const emu = await start();
      const reply = await show(emu, "", { signedOrigin: `http://${CLUSTER}.cce.emulator.invalid` });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(emu.requests.at(-1)?.host, `${CLUSTER}.cce.emulator.invalid`);
    });
  });

  describe("authentication", function () {
    it("bad signature: a body changed after signing is 401 APIG.0301, and nothing happens", async function () {
      const emu = await start();
      const reply = await rollback(emu, { sendBody: JSON.stringify({ clusterID: CLUSTER }, null, 1) });
      assertGatewayError(reply, 401, "APIG.0301", "verify aksk signature fail");
      assert.equal(emu.addon(ID)?.status.status, "running");
      const entry = emu.requests.at(-1);
      assert.equal(entry?.auth, "rejected");
      assert.equal(entry?.accessKey, TEST_CREDENTIALS.accessKey);
      assert.equal(entry?.authError, "signature mismatch");
    });

    it("wrong secret key: 401 APIG.0301", async function () {
      const emu = await start();
      const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: "not-the-secret" };
      assertGatewayError(await show(emu, "", { credentials }), 401, "APIG.0301", "verify aksk signature fail");
    });

    it("unknown access key: 401 naming the access key id", async function () {
      const emu = await start();
      const credentials = { accessKey: "SOMEONEELSE", secretKey: TEST_CREDENTIALS.secretKey };
      assertGatewayError(await show(emu, "", { credentials }), 401, "APIG.0301", "ak:SOMEONEELSE,err:ak not exist");
    });

    it("stale date: a signature 16 minutes off the emulator's clock is expired, 14 minutes is fine", async function () {
      const emu = await start();
      const minutes = (n: number): Date => new Date(clock.now() + n * 60_000);
      assertGatewayError(await show(emu, "", { date: minutes(-16) }), 401, "APIG.0301", "signature expired");
      assertGatewayError(await show(emu, "", { date: minutes(16) }), 401, "APIG.0301", "signature expired");
      assert.equal((await show(emu, "", { date: minutes(-14) })).status, 200);
      // The window follows the injected clock, not the machine's.
      clock.advance(60 * 60_000);
      assertGatewayError(await show(emu, "", { date: new Date(T0) }), 401, "APIG.0301", "signature expired");
    });

    it("no credentials: 401 APIG.0301", async function () {
      const emu = await start();
      const reply = await show(emu, "", { auth: "none" });
      assertGatewayError(reply, 401, "APIG.0301", "Incorrect IAM authentication information");
      assert.equal(emu.requests.at(-1)?.auth, "none");
    });

    it("token: an accepted X-Auth-Token works, another is refused with decrypt token fail", async function () {
      const emu = await start({ tokens: ["token-a", "token-b"] });
      assert.equal((await rollback(emu, { auth: "token", token: "token-b" })).status, 200);
      assert.equal(emu.requests.at(-1)?.auth, "token");
      const refused = await show(emu, "", { auth: "token", token: "token-c" });
      assertGatewayError(refused, 401, "APIG.0301", "decrypt token fail");
      assert.equal(emu.requests.at(-1)?.auth, "rejected");
    });

    it("X-Project-Id of another account's project: 401 APIG.0301, signed correctly or not, and nothing happens", async function () {
      const emu = await start();
      const other = "fedcba9876543210fedcba9876543210";
      const refused = await rollback(emu, { projectId: other });
      assertGatewayError(refused, 401, "APIG.0301", PROJECT_MISMATCH_MESSAGE);
      assert.equal(emu.addon(ID)?.status.status, "running");
      assert.equal(emu.count({ method: "POST" }), 1);
      const entry = emu.requests.at(-1);
      assert.equal(entry?.auth, "rejected");
      assert.equal(entry?.projectId, other);
      assert.equal(entry?.authError, "X-Project-Id is not a project of the access key's account");
      // Unsigned (added after signing, as Huawei's Terraform client does) changes nothing: the project is checked.
      const unsigned = await call(emu, "GET", SHOW_PATH, { projectId: null, sendHeaders: { "X-Project-Id": other } });
      assertGatewayError(unsigned, 401, "APIG.0301", PROJECT_MISMATCH_MESSAGE);
      // The account's own project, signed or added after signing, is accepted.
      assert.equal((await show(emu)).status, 200);
      const own = await call(emu, "GET", SHOW_PATH, {
        projectId: null,
        sendHeaders: { "X-Project-Id": TEST_CREDENTIALS.projectId },
      });
      assert.equal(own.status, 200, own.text);
    });

    it("no X-Project-Id: accepted (the signing guide asks for it only for sub-projects)", async function () {
      const emu = await start();
      const reply = await show(emu, "", { projectId: null });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(emu.requests.at(-1)?.projectId, undefined);
    });

    it("projectIds: a key accepts each project of its account; a key without projectIds accepts any", async function () {
      const scoped = { accessKey: "SCOPEDKEY", secretKey: "scoped-secret", projectIds: ["p-one", "p-two"] };
      const open = { accessKey: "OPENKEY", secretKey: "open-secret" };
      const emu = await start({ credentials: [scoped, open] });
      assert.equal((await show(emu, "", { credentials: scoped, projectId: "p-two" })).status, 200);
      assertGatewayError(
        await show(emu, "", { credentials: scoped, projectId: TEST_CREDENTIALS.projectId }),
        401,
        "APIG.0301",
        PROJECT_MISMATCH_MESSAGE,
      );
      assert.equal((await show(emu, "", { credentials: open, projectId: "anything" })).status, 200);
    });

    it("extra credentials: every configured AK/SK pair is accepted", async function () {
      const second = { accessKey: "SECONDKEY", secretKey: "second-secret" };
      const emu = await start({ credentials: [TEST_CREDENTIALS, second] });
      assert.equal((await show(emu, "", { credentials: second })).status, 200);
      assert.equal(emu.requests.at(-1)?.accessKey, "SECONDKEY");
    });
  });

  describe("faults", function () {
    it("throttled with Retry-After: 429 APIG.0308 with the header, then a normal answer", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "status", status: 429, retryAfter: "3" } });
      const throttled = await show(emu);
      assertGatewayError(throttled, 429, "APIG.0308", "policy user over ratelimit,limit:5,time:1 second");
      assert.equal(header(throttled, "retry-after"), "3");
      assert.equal(emu.requests.at(-1)?.fault, "status 429");
      assert.equal((await show(emu)).status, 200);
    });

    it("throttled without Retry-After: 429 and no header", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "status", status: 429 } });
      const throttled = await rollback(emu);
      assertGatewayError(throttled, 429, "APIG.0308", "throttling threshold");
      assert.equal(header(throttled, "retry-after"), undefined);
      // A throttled POST is not processed.
      assert.equal(emu.addon(ID)?.status.status, "running");
    });

    it("503: a CCE Status body, and the POST is not processed", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "status", status: 503 } });
      const reply = await rollback(emu);
      assertCceError(reply, 503, "CCE.03500001", "injected fault");
      assert.equal(json(reply)["reason"], "ServiceUnavailable");
      assert.equal(emu.addon(ID)?.status.status, "running");
    });

    it("custom body: the given text is sent verbatim", async function () {
      const emu = await start();
      const body = '{"error_code":"CCE.01429003","error_msg":"concurrency limit of tasks reached"}';
      emu.injectFaults({ fault: { kind: "status", status: 429, body } });
      const reply = await show(emu);
      assert.equal(reply.status, 429);
      assert.equal(reply.text, body);
    });

    it("reset: the socket is destroyed without an answer, and the rollback is not processed", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "reset" } });
      await assert.rejects(rollback(emu), (err: Error & { code?: string }) => {
        assert.match(String(err.code), /^(UND_ERR_SOCKET|ECONNRESET)$/);
        return true;
      });
      assert.equal(emu.addon(ID)?.status.status, "running");
      const entry = emu.requests.at(-1);
      assert.equal(entry?.status, 0);
      assert.equal(entry?.fault, "reset");
    });

    it("reset after processing: the client sees a reset, but the rollback was accepted", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "reset", afterProcessing: true } });
      await assert.rejects(rollback(emu));
      assert.equal(emu.addon(ID)?.status.status, "rollbacking");
    });

    it("delay: the normal answer arrives late, and the state changed on arrival", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "delay", ms: 150 } });
      const started = performance.now();
      const reply = await rollback(emu);
      assert.ok(performance.now() - started >= 140, "answered too early");
      assert.equal(reply.status, 200);
      assert.equal(json<AddonJson>(reply).status.status, "rollbacking");
      assert.equal(emu.requests.at(-1)?.fault, "delay 150ms");
    });

    it("malformed JSON: status 200 with a body JSON.parse rejects, and the rollback was accepted", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "malformed-json" } });
      const reply = await rollback(emu);
      assert.equal(reply.status, 200);
      assert.throws(() => JSON.parse(reply.text), SyntaxError);
      assert.equal(emu.addon(ID)?.status.status, "rollbacking");
    });

    it("times and match: a rule fires only on matching requests, as many times as asked", async function () {
      const emu = await start();
      emu.injectFaults(
        {
          match: { method: "get", pathIncludes: "/autopilot/v3/addons/" },
          times: 2,
          fault: { kind: "status", status: 502 },
        },
        { fault: { kind: "status", status: 504 } },
      );
      assert.equal((await rollback(emu)).status, 504, "the POST skips the GET rule and takes the next one");
      assert.equal((await show(emu)).status, 502);
      assert.equal((await show(emu)).status, 502);
      assert.equal((await show(emu)).status, 200);
      emu.injectFaults({ times: Infinity, fault: { kind: "status", status: 500 } });
      assert.equal((await show(emu)).status, 500);
      assert.equal((await show(emu)).status, 500);
      emu.clearFaults();
      assert.equal((await show(emu)).status, 200);
    });

    it("faults come after authentication: an unsigned request is 401 and leaves the rule pending", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "status", status: 429 } });
      assert.equal((await show(emu, "", { auth: "none" })).status, 401);
      assert.equal((await show(emu)).status, 429);
    });

    it("stale reads (per instance): GETs show the pre-rollback state for staleReadMs, then the truth", async function () {
      const emu = await start({ seed: [{ ...DEFAULT_SEED, staleReadMs: 1000 }] });
      const before = json<AddonJson>(await show(emu));
      clock.advance(5_000);
      assert.equal((await rollback(emu)).status, 200);
      const stale = json<AddonJson>(await show(emu));
      assert.equal(stale.status.status, "running");
      assert.equal(stale.spec.version, "1.28.6");
      assert.equal(emu.requests.at(-1)?.fault, "stale-read");
      // Not a copy of an earlier answer: stamped with the time it was read, newer than the pre-rollback state.
      assert.ok(Date.parse(stale.metadata.updateTimestamp) > Date.parse(before.metadata.updateTimestamp));
      // The test API always shows the truth.
      assert.equal(emu.addon(ID)?.status.status, "rollbacking");
      clock.advance(999);
      assert.equal(json<AddonJson>(await show(emu)).spec.version, "1.28.6");
      clock.advance(1);
      const fresh = json<AddonJson>(await show(emu));
      assert.equal(fresh.status.status, "rollbacking");
      assert.equal(fresh.spec.version, "1.28.4");
      assert.equal(emu.requests.at(-1)?.fault, undefined);
    });

    it("stale reads (global option): apply to every instance unless its seed says otherwise", async function () {
      const emu = await start({
        staleReadMs: 500,
        seed: [DEFAULT_SEED, { ...DEFAULT_SEED, id: "fresh-reads", staleReadMs: 0 }],
      });
      assert.equal((await rollback(emu)).status, 200);
      assert.equal(json<AddonJson>(await show(emu)).status.status, "running");
      const other = "/autopilot/v3/addons/fresh-reads";
      assert.equal((await call(emu, "POST", `${other}/operation/rollback`, { body: ROLLBACK_BODY })).status, 200);
      assert.equal(json<AddonJson>(await call(emu, "GET", other)).status.status, "rollbacking");
    });

    it("X-Request-Id: every answer carries a distinct one, errors and faults included", async function () {
      const emu = await start({ seed: [{ ...DEFAULT_SEED, isRollbackable: false }] });
      emu.injectFaults(
        { match: { pathIncludes: "fault-429" }, fault: { kind: "status", status: 429 } },
        { match: { pathIncludes: "fault-503" }, fault: { kind: "status", status: 503 } },
        { match: { pathIncludes: "fault-delay" }, fault: { kind: "delay", ms: 1 } },
        { match: { pathIncludes: "fault-bad-json" }, fault: { kind: "malformed-json" } },
      );
      const replies = [
        await show(emu), // 200
        await rollback(emu), // 400
        await show(emu, "", { auth: "none" }), // 401
        await call(emu, "GET", "/autopilot/v3/addons/missing"), // 404 CCE
        await call(emu, "GET", "/nowhere"), // 404 gateway
        await rollback(emu, { body: "x".repeat(MAX_BODY_BYTES + 1) }), // 413
        await call(emu, "GET", "/autopilot/v3/addons/fault-429"),
        await call(emu, "GET", "/autopilot/v3/addons/fault-503"),
        await call(emu, "GET", "/autopilot/v3/addons/fault-delay"),
        await call(emu, "GET", "/autopilot/v3/addons/fault-bad-json"),
        await call(emu, "GET", "/__emulator/addons", { auth: "none" }),
      ];
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 400, 401, 404, 404, 413, 429, 503, 404, 404, 200],
      );
      const ids = replies.map((r) => header(r, "x-request-id") ?? "");
      for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual(
        emu.requests.map((r) => r.requestId),
        ids.slice(0, -1),
        "the log records the id each API answer carried",
      );
    });
  });

  describe("request log", function () {
    it("records who called what and how it was answered", async function () {
      const emu = await start();
      await show(emu, `?cluster_id=${CLUSTER}`);
      clock.advance(10);
      const accepted = await rollback(emu);
      await show(emu, "", { auth: "token" });

      assert.equal(emu.requests.length, 3);
      const [get, post, byToken] = emu.requests;
      assert.deepEqual(get, {
        at: T0,
        method: "GET",
        path: SHOW_PATH,
        query: { cluster_id: CLUSTER },
        status: 200,
        requestId: get?.requestId,
        auth: "aksk",
        accessKey: TEST_CREDENTIALS.accessKey,
        signedHeaders: ["content-type", "host", "x-project-id", "x-sdk-date"],
        projectId: TEST_CREDENTIALS.projectId,
        host: new URL(emu.url).host,
        body: "",
      });
      assert.equal(post?.at, T0 + 10);
      assert.equal(post?.method, "POST");
      assert.equal(post?.path, ROLLBACK_PATH);
      assert.equal(post?.body, ROLLBACK_BODY);
      assert.equal(post?.requestId, header(accepted, "x-request-id"));
      assert.equal(byToken?.auth, "token");
      assert.equal(byToken?.accessKey, undefined);
      assert.equal(emu.count({ method: "GET" }), 2);
      assert.equal(emu.count({ pathIncludes: "/operation/rollback" }), 1);
      assert.equal(emu.count(), 3);
    });

    it("never holds a secret: no secret key, token or signature", async function () {
      const emu = await start();
      await show(emu);
      await show(emu, "", { auth: "token" });
      await show(emu, "", { auth: "token", token: "wrong-token-value" });
      await show(emu, "", { credentials: { accessKey: TEST_CREDENTIALS.accessKey, secretKey: "wrong-secret-value" } });
      const text = JSON.stringify(emu.requests);
      for (const secret of [TEST_CREDENTIALS.secretKey, TEST_TOKEN, "wrong-token-value", "wrong-secret-value"]) {
        assert.equal(text.includes(secret), false, `log contains ${secret}`);
      }
      assert.doesNotMatch(text, /Signature=|SDK-HMAC-SHA256|[0-9a-f]{64}/);
    });

    it("clearLog empties the same array", async function () {
      const emu = await start();
      const log = emu.requests;
      await show(emu);
      emu.clearLog();
      assert.equal(log.length, 0);
      assert.equal(emu.requests, log);
    });
  });

  describe("out-of-band changes", function () {
    it("patchAddon: the next read shows the change, and a status change cancels a rollback in flight", async function () {
      const emu = await start();
      assert.equal((await rollback(emu)).status, 200);
      emu.patchAddon(ID, { status: "abnormal", reason: "PodsNotReady", message: "0/2 pods ready" });
      clock.advance(10_000);
      const body = json<AddonJson>(await show(emu));
      assert.equal(body.status.status, "abnormal");
      assert.equal(body.status.Reason, "PodsNotReady");
      assert.equal(body.status.message, "0/2 pods ready");
      assert.throws(() => emu.patchAddon("nope", { status: "running" }), /not found/);
    });

    it("removeAddon: later requests get 404", async function () {
      const emu = await start();
      emu.removeAddon(ID);
      assert.equal((await show(emu)).status, 404);
      assert.equal(emu.addon(ID), undefined);
    });

    it("addAddon: refuses an invalid seed or a duplicate id", async function () {
      const emu = await start();
      assert.throws(() => emu.addAddon(DEFAULT_SEED), /already exists/);
      assert.throws(() => emu.addAddon({ ...DEFAULT_SEED, id: "x", currentVersion: "" }), /currentVersion/);
      const noPrevious: AddonSeed = { id: "y", clusterId: CLUSTER, name: "coredns", currentVersion: "1.0.0" };
      assert.throws(() => emu.addAddon({ ...noPrevious, isRollbackable: true }), /previousVersion/);
    });
  });

  describe("control API", function () {
    it("seeds, patches, faults and the log over HTTP, without appearing in the log", async function () {
      const emu = await start({ seed: [] });
      const control = async (method: string, p: string, body?: unknown): Promise<Reply> => {
        const res = await request(`${emu.url}/__emulator${p}`, {
          method: method as "GET",
          body: body === undefined ? null : JSON.stringify(body),
        });
        return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
      };
      const added = await control("POST", "/addons", DEFAULT_SEED);
      assert.equal(added.status, 201, added.text);
      assert.equal(json<AddonJson>(added).metadata.uid, ID);
      assert.equal((await control("POST", "/addons", DEFAULT_SEED)).status, 409);
      assert.equal((await control("POST", "/addons", { id: "bad" })).status, 400);
      assert.equal((await control("POST", "/addons", "{")).status, 400);
      const listed = json<AddonJson[]>(await control("GET", "/addons"));
      assert.deepEqual(
        listed.map((a) => a.metadata.uid),
        [ID],
      );

      const patched = await control("PATCH", `/addons/${ID}`, { status: "upgradeFailed" });
      assert.equal(json<AddonJson>(patched).status.status, "upgradeFailed");
      assert.equal((await control("PATCH", `/addons/${ID}`, { bogus: 1 })).status, 400);

      const faults = await control("POST", "/faults", [{ fault: { kind: "status", status: 429, retryAfter: "1" } }]);
      assert.equal(faults.status, 201, faults.text);
      assert.equal((await control("POST", "/faults", { fault: { kind: "nope" } })).status, 400);
      assert.equal((await show(emu)).status, 429);
      assert.equal((await show(emu)).status, 200);

      const log = json<{ path: string }[]>(await control("GET", "/requests"));
      assert.equal(log.length, 2);
      assert.ok(log.every((e) => !e.path.startsWith("/__emulator")));
      assert.equal((await control("DELETE", "/log")).status, 204);
      assert.equal(emu.requests.length, 0);
      assert.equal((await control("DELETE", `/addons/${ID}`)).status, 204);
      assert.equal((await control("GET", "/nothing-here")).status, 404);
    });
  });

  describe("cli", function () {
    const cli = path.join(__dirname, "..", "emulator", "cli.js");

    function run(args: string[]): ReturnType<typeof spawn> {
      return spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    }

    it("basic: prints the URL and the access key id (not the secret), serves, and exits 0 on SIGTERM", async function () {
      const child = run(["--port", "0", "--rollback-ms", "100"]);
      const exited = once(child, "exit");
      try {
        const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
        const line = chunk.toString("utf8");
        assert.match(line, /listening on http:\/\/127\.0\.0\.1:\d+ /);
        assert.ok(line.includes(TEST_CREDENTIALS.accessKey));
        assert.ok(!line.includes(TEST_CREDENTIALS.secretKey));
        const url = /(http:\/\/\S+)/.exec(line)?.[1] ?? "";
        const res = await request(`${url}/__emulator/addons`);
        assert.equal(res.statusCode, 200);
        assert.equal((JSON.parse(await res.body.text()) as AddonJson[])[0]?.metadata.uid, ID);
      } finally {
        child.kill("SIGTERM");
      }
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    });

    for (const [args, flag] of [
      [["--port", "http"], "--port"],
      [["--rollback-ms", "-1"], "--rollback-ms"],
      [["--stale-read-ms", "1.5"], "--stale-read-ms"],
      [["--rate-limit", "0"], "--rate-limit"],
      [["--seed", "/nonexistent/seed.json"], "--seed"],
      [["--faults", "/nonexistent/faults.json"], "--faults"],
      [["--bogus"], "--bogus"],
    ] as const) {
      it(`bad arguments: ${args.join(" ")} exits 2 naming ${flag}`, async function () {
        const child = run([...args]);
        let stderr = "";
        child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
        const [code] = (await once(child, "exit")) as [number | null];
        assert.equal(code, 2);
        assert.ok(stderr.includes(flag), stderr);
      });
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
