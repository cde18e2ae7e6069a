/**
 * Tests of `CceAutopilotClient` against the emulator over real HTTP: parsing, signing, token and temporary
 * credentials, retries per request kind, timeouts, error shapes and redaction. Time is an injected clock shared by
 * the client and the emulator; its `sleep` records the pause asked for and returns at once.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { type Connection, resolveConnection } from "../../provider/connection/resolve";
import { signRequest } from "../../provider/auth/signer";
import type { Clock } from "../../provider/clock";
import { CceAutopilotClient, type ClientOptions } from "../../provider/client/client";
import {
  CceApiError,
  CceNetworkError,
  CceTimeoutError,
  ResponseValidationError,
  isCceApiError,
  isCceNetworkError,
  isCceTimeoutError,
  isNotFound,
} from "../../provider/client/errors";
import type { AddonInstance } from "../../provider/client/schemas";
import {
  DEFAULT_SEED,
  TEST_CREDENTIALS,
  TEST_TOKEN,
  startEmulator,
  type AddonJson,
  type Emulator,
  type EmulatorOptions,
} from "../emulator";
import { CLUSTER, ID, ROLLBACK_PATH, SHOW_PATH, T0 } from "../support/default-addon";
import { VirtualTimeouts } from "../support/virtual-timeouts";
import { type Runtime, makeRuntime } from "../../provider/runtime";
import { Deadline } from "../../provider/deadline";

const NO_CONFIG = (): undefined => undefined;
/** The security token of temporary credentials (sent as X-Security-Token; the emulator checks only the signature). */
const SECURITY_TOKEN = "temporary-security-token-0123456789";
const TWENTY_MINUTES = 20 * 60 * 1000;

/** Time for both the client and the emulator. `sleep` records the pause and moves time by it (plus `extraPerSleep`). */
class TestClock implements Clock {
  ms = T0;
  readonly sleeps: number[] = [];
  /** Added to the clock on every sleep, on top of the requested pause. */
  extraPerSleep = 0;
  private readonly timeouts = new VirtualTimeouts(() => this.ms);
  readonly now = (): number => this.ms;
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    this.sleeps.push(ms);
    this.ms += ms + this.extraPerSleep;
    this.timeouts.fire();
    return Promise.resolve();
  };
  readonly timeout = (ms: number): AbortSignal => this.timeouts.timeout(ms);
  advance(ms: number): void {
    this.ms += ms;
    this.timeouts.fire();
  }
}

/** Real time plus the pauses asked for, which return at once: attempts really take time, retry pauses do not. */
class RealPlusSleptClock implements Clock {
  slept = 0;
  readonly sleeps: number[] = [];
  private readonly timeouts = new VirtualTimeouts(() => this.now(), true);
  readonly now = (): number => Date.now() + this.slept;
  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.slept += ms;
    this.timeouts.fire();
    return Promise.resolve();
  };
  readonly timeout = (ms: number): AbortSignal => this.timeouts.timeout(ms);
}

function akskConnection(
  url: string,
  credentials: { accessKey: string; secretKey: string; securityToken?: string } = TEST_CREDENTIALS,
): Connection {
  const env: Record<string, string | undefined> = {
    HW_ACCESS_KEY: credentials.accessKey,
    HW_SECRET_KEY: credentials.secretKey,
    HW_SECURITY_TOKEN: credentials.securityToken,
  };
  return resolveConnection({ endpoint: url, projectId: TEST_CREDENTIALS.projectId }, NO_CONFIG, env);
}

function tokenConnection(url: string, token = TEST_TOKEN): Connection {
  return resolveConnection({ endpoint: url, projectId: TEST_CREDENTIALS.projectId }, NO_CONFIG, {
    HW_AUTH_TOKEN: token,
  });
}

/** The fields these tests pin down; others (e.g. `updatedAt`) are checked where they matter. */
type InstanceFields = Omit<AddonInstance, "updatedAt">;

/** Compares the fields of `expected` only, so that an added output field does not break every test. */
function assertInstance(actual: AddonInstance, expected: InstanceFields): void {
  const fields = actual as unknown as Record<string, unknown>;
  assert.deepEqual(Object.fromEntries(Object.keys(expected).map((key) => [key, fields[key]])), expected);
}

/** Resolves to the rejection of `promise`; fails if it fulfils. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail("expected a rejection");
}

describe(CceAutopilotClient.name, function () {
  let clock: TestClock;
  let emulator: Emulator | undefined;
  let clients: CceAutopilotClient[];
  let logLines: string[];

  async function start(options: EmulatorOptions = {}): Promise<Emulator> {
    emulator = await startEmulator({ now: clock.now, ...options });
    return emulator;
  }

  function client(
    connection: Connection,
    { clock: ownClock, random, ...options }: Partial<ClientOptions> & Partial<Pick<Runtime, "clock" | "random">> = {},
  ): CceAutopilotClient {
    const c = new CceAutopilotClient({
      connection,
      runtime: makeRuntime({
        clock: ownClock ?? clock,
        random: random ?? (() => 0.5),
        log: (line) => logLines.push(line),
      }),
      ...options,
    });
    clients.push(c);
    return c;
  }

  beforeEach(function () {
    clock = new TestClock();
    clients = [];
    logLines = [];
  });

  afterEach(async function () {
    await Promise.all(clients.map((c) => c.close()));
    await emulator?.close();
    emulator = undefined;
  });

  const EXPECTED_RUNNING: InstanceFields = {
    id: ID,
    clusterId: CLUSTER,
    name: "coredns",
    alias: "coredns",
    templateName: "coredns",
    status: "running",
    reason: "",
    message: "",
    isRollbackable: true,
    currentVersion: "1.28.6",
    previousVersion: "1.28.4",
    specVersion: "1.28.6",
  };

  const EXPECTED_ROLLBACKING: InstanceFields = {
    id: ID,
    clusterId: CLUSTER,
    name: "coredns",
    alias: "coredns",
    templateName: "coredns",
    status: "rollbacking",
    reason: "Rollback to 1.28.4",
    message: "",
    isRollbackable: false,
    currentVersion: "1.28.4",
    previousVersion: "1.28.6",
    specVersion: "1.28.4",
  };

  const SIGNED = ["content-type", "host", "x-project-id", "x-sdk-date"];

  describe("showAddonInstance", function () {
    it("basic: should return the parsed instance and send one signed GET with cluster_id", async function () {
      const emu = await start();
      const instance = await client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID);
      assertInstance(instance, EXPECTED_RUNNING);
      assert.equal(instance.updatedAt, emu.addon(ID)?.metadata.updateTimestamp);

      assert.equal(emu.requests.length, 1);
      const [entry] = emu.requests;
      assert.ok(entry);
      assert.equal(entry.method, "GET");
      assert.equal(entry.path, SHOW_PATH);
      assert.deepEqual(entry.query, { cluster_id: CLUSTER });
      assert.equal(entry.body, "");
      assert.equal(entry.status, 200);
      assert.equal(entry.auth, "aksk", entry.authError);
      assert.equal(entry.accessKey, TEST_CREDENTIALS.accessKey);
      for (const name of SIGNED) assert.ok(entry.signedHeaders?.includes(name), `${name} is not signed`);
      assert.equal(entry.projectId, TEST_CREDENTIALS.projectId);
      assert.equal(entry.host, new URL(emu.url).host);
      assert.equal(entry.at, T0);
      assert.deepEqual(clock.sleeps, []);
    });

    it("stale read: should return what the service said, then the truth once the window closes", async function () {
      const emu = await start({ staleReadMs: 10_000, defaultRollbackDurationMs: 30_000 });
      const c = client(akskConnection(emu.url));
      assert.equal((await c.rollbackAddonInstance(CLUSTER, ID)).status, "rollbacking");

      assertInstance(await c.showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assert.equal(emu.requests.at(-1)?.fault, "stale-read");

      clock.advance(10_000);
      assertInstance(await c.showAddonInstance(CLUSTER, ID), EXPECTED_ROLLBACKING);
      assert.equal(emu.requests.at(-1)?.fault, undefined);

      clock.advance(20_000);
      assertInstance(await c.showAddonInstance(CLUSTER, ID), {
        ...EXPECTED_RUNNING,
        isRollbackable: false,
        currentVersion: "1.28.4",
        previousVersion: "1.28.6",
        specVersion: "1.28.4",
      });
    });

    it("not found: should reject with a 404 CceApiError for an unknown id, without retrying", async function () {
      const emu = await start();
      const err = await rejection(client(akskConnection(emu.url)).showAddonInstance(CLUSTER, "no-such-addon"));
      assert.ok(err instanceof CceApiError);
      assert.ok(isNotFound(err));
      assert.equal(err.status, 404);
      assert.equal(err.errorCode, "CCE.03404001");
      assert.match(err.errorMessage, /addon instance no-such-addon not found/);
      assert.equal(err.fault, "client");
      assert.equal(err.requestId, emu.requests[0]?.requestId);
      assert.equal(emu.count({ method: "GET" }), 1);
      assert.deepEqual(clock.sleeps, []);
    });

    it("wrong cluster: should reject with a 404 that names the cluster", async function () {
      const emu = await start();
      const err = await rejection(client(akskConnection(emu.url)).showAddonInstance("other-cluster", ID));
      assert.ok(isCceApiError(err));
      assert.equal(err.status, 404);
      assert.match(err.message, /not found in cluster other-cluster/);
      assert.deepEqual(emu.requests[0]?.query, { cluster_id: "other-cluster" });
      assert.equal(emu.requests.length, 1);
    });
  });

  describe("rollbackAddonInstance", function () {
    it("basic: should POST exactly {clusterID} signed and return the rollbacking instance", async function () {
      const emu = await start();
      const instance = await client(akskConnection(emu.url)).rollbackAddonInstance(CLUSTER, ID);
      assertInstance(instance, EXPECTED_ROLLBACKING);
      assert.equal(emu.addon(ID)?.status.status, "rollbacking");

      assert.equal(emu.requests.length, 1);
      const [entry] = emu.requests;
      assert.ok(entry);
      assert.equal(entry.method, "POST");
      assert.equal(entry.path, ROLLBACK_PATH);
      assert.deepEqual(entry.query, {});
      assert.equal(entry.body, `{"clusterID":"${CLUSTER}"}`);
      assert.equal(entry.status, 200);
      assert.equal(entry.auth, "aksk", entry.authError);
      for (const name of SIGNED) assert.ok(entry.signedHeaders?.includes(name), `${name} is not signed`);
      assert.equal(entry.projectId, TEST_CREDENTIALS.projectId);
    });

    it("precondition: should surface a 400 as CceApiError with status, code, message and request id", async function () {
      const emu = await start({ seed: [{ ...DEFAULT_SEED, status: "upgrading" }] });
      const err = await rejection(client(akskConnection(emu.url)).rollbackAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof CceApiError);
      assert.equal(err.status, 400);
      assert.equal(err.errorCode, "CCE.03400001");
      assert.equal(err.errorMessage, "Invalid request.: addon status upgrading does not allow rollback");
      assert.equal(err.method, "POST");
      assert.equal(err.path, ROLLBACK_PATH);
      assert.equal(err.fault, "client");
      assert.equal(err.retryable, false);
      const requestId = emu.requests[0]?.requestId;
      assert.ok(requestId);
      assert.equal(err.requestId, requestId);
      assert.equal(
        err.message,
        `POST ${ROLLBACK_PATH}: 400 CCE.03400001 Invalid request.: addon status upgrading does not allow rollback (request id ${requestId})`,
      );
      assert.equal(emu.count({ method: "POST" }), 1);
      assert.equal(emu.addon(ID)?.status.status, "upgrading");
    });

    it("not rollbackable: should say why", async function () {
      const emu = await start({ seed: [{ ...DEFAULT_SEED, isRollbackable: false }] });
      const err = await rejection(client(akskConnection(emu.url)).rollbackAddonInstance(CLUSTER, ID));
      assert.ok(isCceApiError(err));
      assert.equal(err.status, 400);
      assert.match(err.errorMessage, /addon coredns is not rollbackable/);
    });

    it("not found: should reject with a 404 for an unknown id and for a wrong cluster, POSTing once each", async function () {
      const emu = await start();
      const c = client(akskConnection(emu.url));
      const unknown = await rejection(c.rollbackAddonInstance(CLUSTER, "no-such-addon"));
      assert.ok(isCceApiError(unknown));
      assert.equal(unknown.status, 404);
      assert.equal(unknown.errorCode, "CCE.03404001");
      const wrongCluster = await rejection(c.rollbackAddonInstance("other-cluster", ID));
      assert.ok(isCceApiError(wrongCluster));
      assert.equal(wrongCluster.status, 404);
      assert.match(wrongCluster.errorMessage, /not found in cluster other-cluster/);
      assert.equal(emu.requests.at(-1)?.body, '{"clusterID":"other-cluster"}');
      assert.equal(emu.count({ method: "POST" }), 2);
      assert.equal(emu.addon(ID)?.status.status, "running");
    });
  });

  describe("authentication", function () {
    it("token: should send X-Auth-Token and no signature", async function () {
      const emu = await start();
      const c = client(tokenConnection(emu.url));
      assertInstance(await c.showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assertInstance(await c.rollbackAddonInstance(CLUSTER, ID), EXPECTED_ROLLBACKING);
      assert.deepEqual(
        emu.requests.map((r) => [r.method, r.auth, r.signedHeaders, r.projectId]),
        [
          ["GET", "token", undefined, TEST_CREDENTIALS.projectId],
          ["POST", "token", undefined, TEST_CREDENTIALS.projectId],
        ],
      );
    });

    it("temporary credentials: should sign X-Security-Token along with the rest", async function () {
      const temporary = {
        accessKey: "TEMPORARYACCESSKEY01",
        secretKey: "temporary-secret-key-do-not-use",
        securityToken: "temporary-security-token-do-not-use",
      };
      const emu = await start({ credentials: [{ accessKey: temporary.accessKey, secretKey: temporary.secretKey }] });
      const c = client(akskConnection(emu.url, temporary));
      assertInstance(await c.showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assert.equal((await c.rollbackAddonInstance(CLUSTER, ID)).status, "rollbacking");
      for (const entry of emu.requests) {
        assert.equal(entry.auth, "aksk", entry.authError);
        assert.equal(entry.accessKey, temporary.accessKey);
        for (const name of [...SIGNED, "x-security-token"]) {
          assert.ok(entry.signedHeaders?.includes(name), `${name} is not signed`);
        }
      }
    });

    it("bad signature: should not retry a 401 (GET or POST) and report APIG.0301", async function () {
      const emu = await start();
      const wrong = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: "wrong-secret-key-0123456789" };
      const c = client(akskConnection(emu.url, wrong));
      for (const call of [() => c.showAddonInstance(CLUSTER, ID), () => c.rollbackAddonInstance(CLUSTER, ID)]) {
        emu.clearLog();
        const err = await rejection(call());
        assert.ok(err instanceof CceApiError);
        assert.equal(err.status, 401);
        assert.equal(err.errorCode, "APIG.0301");
        assert.match(err.errorMessage, /Incorrect IAM authentication information: verify aksk signature fail/);
        assert.ok(!err.message.includes(wrong.secretKey));
        assert.equal(emu.requests.length, 1);
        assert.equal(emu.requests[0]?.auth, "rejected");
      }
      assert.deepEqual(clock.sleeps, []);
      assert.equal(emu.addon(ID)?.status.status, "running");
    });

    it("bad token: should not retry and should not quote the token", async function () {
      const emu = await start();
      const badToken = "expired-iam-token-0123456789";
      const err = await rejection(client(tokenConnection(emu.url, badToken)).showAddonInstance(CLUSTER, ID));
      assert.ok(isCceApiError(err));
      assert.equal(err.status, 401);
      assert.equal(err.errorCode, "APIG.0301");
      assert.match(err.errorMessage, /decrypt token fail/);
      assert.ok(!err.message.includes(badToken));
      assert.equal(emu.requests.length, 1);
    });
  });

  describe("read retries", function () {
    it("throttled: should retry a GET after 429 with a jittered backoff when there is no Retry-After", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 429 } });
      assertInstance(await client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assert.deepEqual(
        emu.requests.map((r) => [r.method, r.status]),
        [
          ["GET", 429],
          ["GET", 200],
        ],
      );
      // random() = 0.5 of the first ceiling, minDelayMs = 500.
      assert.deepEqual(clock.sleeps, [250]);
      assert.equal(logLines.length, 1);
      assert.match(
        logLines[0] ?? "",
        /^retrying GET \/autopilot\/v3\/addons\/7a8b9c0d-coredns in 250 ms: .*429 APIG\.0308/,
      );
    });

    it("throttled: should wait exactly Retry-After (delta-seconds), with no jitter", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 429, retryAfter: "3" } });
      await client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID);
      assert.deepEqual(clock.sleeps, [3000]);
      assert.equal(emu.count({ method: "GET" }), 2);
    });

    it("throttled within a caller's deadline: 429s do not use up the attempts, nor one request's 120 s budget", async function () {
      const emu = await start();
      // Ten 429s of 30 s each: 300 s, past both six attempts and the 120 s budget of one request.
      emu.injectFaults({
        match: { method: "GET" },
        times: 10,
        fault: { kind: "status", status: 429, retryAfter: "30" },
      });
      const c = client(akskConnection(emu.url));
      const deadline = new Deadline(clock, 3_600_000, "timeoutSeconds (3600 s)");
      assertInstance(await c.showAddonInstance(CLUSTER, ID, deadline), EXPECTED_RUNNING);
      assert.equal(emu.count({ method: "GET" }), 11);
      assert.equal(clock.sleeps.filter((ms) => ms === 30_000).length, 10);
      // Without a deadline of its caller's, a request keeps its attempt budget, 429s included.
      emu.injectFaults({
        match: { method: "GET" },
        times: 10,
        fault: { kind: "status", status: 429, retryAfter: "0" },
      });
      const err = await rejection(c.showAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof CceApiError && err.status === 429, String(err));
    });

    it("throttled: should wait until a Retry-After HTTP date on the injected clock", async function () {
      const emu = await start();
      const retryAfter = new Date(T0 + 4000).toUTCString();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 429, retryAfter } });
      await client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID);
      assert.deepEqual(clock.sleeps, [4000]);
    });

    it("throttled: should cap a long Retry-After at maxRetryAfterMs", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 429, retryAfter: "3600" } });
      await client(akskConnection(emu.url), { retry: { maxRetryAfterMs: 10_000 } }).showAddonInstance(CLUSTER, ID);
      assert.deepEqual(clock.sleeps, [10_000]);
    });

    it("throttled: should give up at once when Retry-After goes past the total budget, naming the 429", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 429, retryAfter: "30" } });
      const err = await rejection(
        client(akskConnection(emu.url), { totalTimeoutMs: 20_000 }).showAddonInstance(CLUSTER, ID),
      );
      assert.ok(isCceTimeoutError(err), String(err));
      assert.equal(err.scope, "operation");
      assert.match(err.message, /the next try was due in 30 s, past the end of the 20 s budget of one request/);
      assert.match(err.lastSeen ?? "", /^429 APIG\.0308 .*\(Retry-After 30 s\)$/);
      const cause = err.cause;
      assert.ok(isCceApiError(cause));
      assert.equal(cause.status, 429);
      assert.equal(cause.retryAfterMs, 30_000);
      assert.deepEqual(clock.sleeps, []);
      assert.equal(emu.requests.length, 1);
    });

    it("server error: should retry a GET after 503", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 503 } });
      assertInstance(await client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assert.deepEqual(
        emu.requests.map((r) => r.status),
        [503, 200],
      );
      assert.deepEqual(clock.sleeps, [250]);
    });

    it("server error: should stop after maxAttempts with the last 503, backing off exponentially", async function () {
      const emu = await start();
      emu.injectFaults({ times: Infinity, fault: { kind: "status", status: 503 } });
      const err = await rejection(
        client(akskConnection(emu.url), { retry: { maxAttempts: 3 } }).showAddonInstance(CLUSTER, ID),
      );
      assert.ok(err instanceof CceApiError);
      assert.equal(err.status, 503);
      assert.equal(err.errorCode, "CCE.03500001");
      assert.equal(err.fault, "server");
      assert.equal(emu.count({ method: "GET" }), 3);
      assert.deepEqual(clock.sleeps, [250, 500]);
    });

    it("not implemented: should not retry a GET after 501", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "status", status: 501 } });
      const err = await rejection(client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID));
      assert.ok(isCceApiError(err));
      assert.equal(err.status, 501);
      assert.equal(emu.requests.length, 1);
    });

    it("reset: should retry a GET whose connection was reset", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "reset" } });
      assertInstance(await client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assert.deepEqual(
        emu.requests.map((r) => [r.status, r.fault]),
        [
          [0, "reset"],
          [200, undefined],
        ],
      );
      assert.deepEqual(clock.sleeps, [250]);
    });

    it("malformed JSON: should reject with a ResponseValidationError saying so, without retrying", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "malformed-json" } });
      const err = await rejection(client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof ResponseValidationError);
      const requestId = emu.requests[0]?.requestId;
      assert.ok(requestId);
      assert.equal(err.requestId, requestId);
      assert.equal(err.method, "GET");
      assert.equal(err.path, SHOW_PATH);
      assert.equal(err.issues.length, 1);
      assert.match(err.issues[0] ?? "", /^\(body\): not JSON: "\{\\"kind\\":\\"Addon\\"/);
      assert.ok(
        err.message.startsWith(
          `GET ${SHOW_PATH}: unexpected response body (request id ${requestId}): (body): not JSON`,
        ),
        err.message,
      );
      assert.equal(emu.requests.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });

    it("wrong shape: should list the fields that are missing", async function () {
      const emu = await start();
      emu.injectFaults({ fault: { kind: "status", status: 200, body: '{"kind":"Addon","spec":{},"status":{}}' } });
      const err = await rejection(client(akskConnection(emu.url)).showAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof ResponseValidationError);
      assert.deepEqual(
        err.issues.map((i) => i.split(":")[0]),
        ["spec.version", "status.status", "status.currentVersion"],
      );
    });

    it("timeout: should retry a GET that outlives requestTimeoutMs, then fail once totalTimeoutMs is spent", async function () {
      const emu = await start({ now: Date.now });
      emu.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "delay", ms: 5_000 } });
      const realClock = new RealPlusSleptClock();
      // The pauses are on the clock, the attempts in real time: a budget of 10 s with pauses of 5 s and 10 s leaves
      // the two 100 ms attempts almost 5 s of real time to end in, however busy the machine.
      const c = client(akskConnection(emu.url), {
        clock: realClock,
        random: () => 0.999,
        retry: { minDelayMs: 5_000 },
        requestTimeoutMs: 100,
        totalTimeoutMs: 10_000,
      });
      const started = Date.now();
      const err = await rejection(c.showAddonInstance(CLUSTER, ID));
      const elapsed = Date.now() - started;
      assert.ok(err instanceof CceTimeoutError, String(err));
      assert.equal(err.retryable, err.scope === "attempt");
      assert.match(
        err.message,
        new RegExp(
          `^GET ${SHOW_PATH}: gave up after 2 attempts: the next try was due in 10\\.0 s, past the end of the 10 s budget of one request \\([\\d.]+ s left\\); last seen: no complete answer within 100 ms$`,
        ),
      );
      // Attempt 1 (~100 ms), pause 4995, attempt 2 (~100 ms); a pause of 9990 would end past the 10 s budget.
      assert.deepEqual(realClock.sleeps, [4995]);
      assert.equal(emu.count({ method: "GET" }), 2);
      // Generous on a loaded machine: the point is that no attempt waited for the 5 s answer.
      assert.ok(elapsed < 4_000, `took ${elapsed} ms of real time`);
    });

    it("timeout: should cut the last attempt to what is left of totalTimeoutMs", async function () {
      const emu = await start({ now: Date.now });
      emu.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "delay", ms: 5_000 } });
      // The first attempt really takes its 1 s; the 900 ms after it leave room for a timer that fires late.
      const c = client(akskConnection(emu.url), {
        clock: new RealPlusSleptClock(),
        random: () => 0,
        requestTimeoutMs: 1_000,
        totalTimeoutMs: 1_900,
      });
      const started = Date.now();
      const err = await rejection(c.showAddonInstance(CLUSTER, ID));
      const elapsed = Date.now() - started;
      assert.ok(isCceTimeoutError(err), String(err));
      assert.ok(err.timeoutMs <= 1_900);
      // At least the budget (the last attempt is cut, not dropped); far below the 5 s answer however loaded.
      assert.ok(elapsed >= 1_850 && elapsed < 4_000, `took ${elapsed} ms of real time`);
      assert.ok(emu.count({ method: "GET" }) >= 2);
    });
  });

  describe("rollback retries", function () {
    it("throttled: should retry the POST after 429 (exactly 2 POSTs)", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "status", status: 429, retryAfter: "2" } });
      assertInstance(await client(akskConnection(emu.url)).rollbackAddonInstance(CLUSTER, ID), EXPECTED_ROLLBACKING);
      assert.deepEqual(
        emu.requests.map((r) => [r.method, r.status]),
        [
          ["POST", 429],
          ["POST", 200],
        ],
      );
      assert.deepEqual(clock.sleeps, [2000]);
    });

    // The same answers make a GET retry (see "read retries"): the POST may have been processed before the error.
    for (const status of [500, 502, 503, 504]) {
      it(`server error: should not retry the POST after ${status} (exactly 1 POST)`, async function () {
        const emu = await start();
        emu.injectFaults({ match: { method: "POST" }, times: Infinity, fault: { kind: "status", status } });
        const err = await rejection(client(akskConnection(emu.url)).rollbackAddonInstance(CLUSTER, ID));
        assert.ok(err instanceof CceApiError);
        assert.equal(err.status, status);
        assert.equal(err.fault, "server");
        assert.equal(emu.count({ method: "POST" }), 1);
        assert.deepEqual(clock.sleeps, []);
        assert.deepEqual(logLines, []);
      });
    }

    it("reset: should not retry the POST after a connection reset (exactly 1 POST)", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "reset" } });
      const err = await rejection(client(akskConnection(emu.url)).rollbackAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof CceNetworkError, String(err));
      assert.equal(err.notSent, false);
      assert.ok(err.cause !== undefined);
      assert.match(err.message, new RegExp(`^POST ${ROLLBACK_PATH}: `));
      assert.equal(emu.count({ method: "POST" }), 1);
      assert.deepEqual(clock.sleeps, []);
    });

    it("reset after processing: should surface the error although the service accepted the rollback", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "reset", afterProcessing: true } });
      const c = client(akskConnection(emu.url));
      assert.ok(isCceNetworkError(await rejection(c.rollbackAddonInstance(CLUSTER, ID))));
      assert.equal(emu.count({ method: "POST" }), 1);
      // The outcome is unknown to the client; reading tells.
      assert.equal((await c.showAddonInstance(CLUSTER, ID)).status, "rollbacking");
    });

    it("timeout: should not retry a POST that outlives requestTimeoutMs", async function () {
      const emu = await start({ now: Date.now });
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "delay", ms: 5_000 } });
      const c = client(akskConnection(emu.url), { clock: new RealPlusSleptClock(), requestTimeoutMs: 100 });
      const err = await rejection(c.rollbackAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof CceTimeoutError);
      assert.equal(err.scope, "attempt");
      assert.equal(err.timeoutMs, 100);
      assert.equal(emu.count({ method: "POST" }), 1);
    });

    it("refused: should retry the POST when the connection is refused, which proves it was not sent", async function () {
      const probe = createServer();
      probe.listen(0, "127.0.0.1");
      await once(probe, "listening");
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));

      const c = client(akskConnection(`http://127.0.0.1:${port}`), { retry: { maxAttempts: 3 } });
      const err = await rejection(c.rollbackAddonInstance(CLUSTER, ID));
      assert.ok(err instanceof CceNetworkError, String(err));
      assert.equal(err.code, "ECONNREFUSED");
      assert.equal(err.notSent, true);
      assert.match(err.message, /\(ECONNREFUSED\)$/);
      assert.deepEqual(clock.sleeps, [250, 500]);
    });
  });

  describe("signing", function () {
    it("should sign each attempt afresh: an attempt 20 minutes after the first is accepted", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 503 } });
      clock.extraPerSleep = TWENTY_MINUTES;
      const c = client(akskConnection(emu.url), { totalTimeoutMs: 60 * 60 * 1000 });
      assertInstance(await c.showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
      assert.deepEqual(
        emu.requests.map((r) => [r.status, r.auth, r.at]),
        [
          [503, "aksk", T0],
          [200, "aksk", T0 + 250 + TWENTY_MINUTES],
        ],
      );

      // Control: the emulator does refuse a signature made at the first attempt's time when sent now.
      const url = new URL(`${SHOW_PATH}?cluster_id=${CLUSTER}`, emu.url);
      const stale = signRequest(
        { method: "GET", url, headers: { "content-type": "application/json" }, body: "" },
        TEST_CREDENTIALS,
        new Date(T0),
      );
      const res = await request(url, { method: "GET", headers: stale });
      assert.equal(res.statusCode, 401);
      assert.match(await res.body.text(), /signature expired/);
    });
  });

  describe("connections", function () {
    // undici 7 marks a connection free only after the body promise resolves, so the second of two back-to-back
    // requests opens a second socket; from then on the two are reused. What matters: not one connection per request.
    it("keep-alive: should reuse pooled connections for sequential reads", async function () {
      const body: AddonJson | undefined = (await start()).addon(ID);
      await emulator?.close();
      let connections = 0;
      let requests = 0;
      const server: Server = createServer((req, res) => {
        requests++;
        req.resume();
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(body));
      });
      server.on("connection", () => connections++);
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      try {
        const { port } = server.address() as AddressInfo;
        const c = client(tokenConnection(`http://127.0.0.1:${port}`));
        for (let i = 0; i < 10; i++) assertInstance(await c.showAddonInstance(CLUSTER, ID), EXPECTED_RUNNING);
        assert.equal(requests, 10);
        assert.ok(connections >= 1 && connections <= 2, `${connections} connections for 10 reads`);
        // With a pause between reads, as a waiter polls, every read goes over the same connection.
        connections = 0;
        const fresh = client(tokenConnection(`http://127.0.0.1:${port}`));
        for (let i = 0; i < 5; i++) {
          await fresh.showAddonInstance(CLUSTER, ID);
          await new Promise((resolve) => setImmediate(resolve));
        }
        assert.equal(connections, 1);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe("input validation", function () {
    const bad: [string, string, RegExp][] = [
      [CLUSTER, "../x", /^addonId /],
      [CLUSTER, "a/b", /^addonId /],
      [CLUSTER, "a?b", /^addonId /],
      [CLUSTER, "a#b", /^addonId /],
      [CLUSTER, "a%2Fb", /^addonId /],
      [CLUSTER, "", /^addonId /],
      ["c/../d", ID, /^clusterId /],
      ["c&cluster_id=x", ID, /^clusterId /],
      [" ", ID, /^clusterId /],
    ];
    for (const [clusterId, addonId, message] of bad) {
      it(`should refuse clusterId ${JSON.stringify(clusterId)}, addonId ${JSON.stringify(addonId)} before any request`, async function () {
        const emu = await start();
        const c = client(akskConnection(emu.url));
        await assert.rejects(c.showAddonInstance(clusterId, addonId), (err: unknown) => {
          assert.ok(err instanceof TypeError);
          assert.match(err.message, message);
          return true;
        });
        await assert.rejects(c.rollbackAddonInstance(clusterId, addonId), TypeError);
        assert.deepEqual(emu.requests, []);
      });
    }
  });

  describe("redaction", function () {
    // The token is masked by its header name even when the client does not know it; the client's credential by value.
    const echo = (secret: string): string => `X-Auth-Token: ${TEST_TOKEN} echoed=${secret}`;

    /** Checks the error's message, its own fields and the retry log lines. */
    function assertClean(err: unknown, secrets: readonly string[] = [TEST_CREDENTIALS.secretKey, TEST_TOKEN]): void {
      assert.ok(err instanceof Error);
      const everything = [err.message, String(err), JSON.stringify(err), ...logLines].join("\n");
      for (const secret of secrets) {
        // Also no 8-character piece of it, e.g. the start of a secret cut off by truncation.
        for (let i = 0; i + 8 <= secret.length; i++) {
          assert.ok(!everything.includes(secret.slice(i, i + 8)), `leaks part of ${secret}: ${everything}`);
        }
      }
    }

    for (const [name, connection, secret] of [
      ["AK/SK", (url: string) => akskConnection(url), TEST_CREDENTIALS.secretKey],
      ["token", (url: string) => tokenConnection(url), TEST_TOKEN],
      [
        "security token",
        (url: string) => akskConnection(url, { ...TEST_CREDENTIALS, securityToken: SECURITY_TOKEN }),
        SECURITY_TOKEN,
      ],
    ] as const) {
      it(`should keep the credentials (${name}) out of an error body that echoes them`, async function () {
        const emu = await start();
        emu.injectFaults({
          fault: { kind: "status", status: 400, body: JSON.stringify({ error_code: "X.1", error_msg: echo(secret) }) },
        });
        const err = await rejection(client(connection(emu.url)).showAddonInstance(CLUSTER, ID));
        assert.ok(isCceApiError(err));
        assert.equal(err.errorMessage, "X-Auth-Token: *** echoed=***");
        assertClean(err, [secret]);
      });

      it(`should keep the credentials (${name}) out of a retried 5xx and its log line`, async function () {
        const emu = await start();
        emu.injectFaults({ times: 2, fault: { kind: "status", status: 502, body: echo(secret) } });
        const err = await rejection(
          client(connection(emu.url), { retry: { maxAttempts: 2 } }).showAddonInstance(CLUSTER, ID),
        );
        assert.ok(isCceApiError(err));
        assert.equal(logLines.length, 1);
        assertClean(err, [secret]);
      });

      it(`should keep the credentials (${name}) out of a ResponseValidationError on a 200 that echoes them`, async function () {
        const emu = await start();
        emu.injectFaults({ fault: { kind: "status", status: 200, body: echo(secret) } });
        const err = await rejection(client(connection(emu.url)).showAddonInstance(CLUSTER, ID));
        assert.ok(err instanceof ResponseValidationError);
        assert.match(err.message, /not JSON: "X-Auth-Token: \*\*\* echoed=\*\*\*"$/);
        assertClean(err, [secret]);
      });

      it(`should not leave a piece of the ${name} credential where a long body is cut`, async function () {
        const emu = await start();
        // Plain-text bodies are cut to 300 characters (errors) and 120 (validation): put the secret across both cuts.
        const across = (cut: number) => `${"x".repeat(cut - 10)} ${secret} ${"y".repeat(400)}`;
        emu.injectFaults(
          { fault: { kind: "status", status: 502, body: across(300) } },
          { fault: { kind: "status", status: 200, body: across(120) } },
        );
        const c = client(connection(emu.url), { retry: { maxAttempts: 1 } });
        const apiError = await rejection(c.showAddonInstance(CLUSTER, ID));
        assert.ok(isCceApiError(apiError));
        assertClean(apiError, [secret]);
        const validationError = await rejection(c.showAddonInstance(CLUSTER, ID));
        assert.ok(validationError instanceof ResponseValidationError);
        assertClean(validationError, [secret]);
      });
    }

    it("should refuse a connection whose secrets leave out a credential it signs with, before any request", async function () {
      // Connection and CceAutopilotClient are public: a connection built by hand may leave `secrets` short. Its
      // credentials would then show in the first error that echoes them, so the client refuses it at once.
      const emu = await start();
      const temporary = akskConnection(emu.url, { ...TEST_CREDENTIALS, securityToken: SECURITY_TOKEN });
      const iam = tokenConnection(emu.url);
      const cases: [string, Connection][] = [
        ["no secrets", { ...temporary, secrets: [] }],
        [
          "the security token left out",
          { ...temporary, secrets: temporary.secrets.filter((s) => s !== SECURITY_TOKEN) },
        ],
        ["the IAM token left out", { ...iam, secrets: [] }],
      ];
      for (const [name, connection] of cases) {
        assert.throws(
          () => new CceAutopilotClient({ connection }),
          (err: Error) =>
            err instanceof TypeError &&
            /connection\.secrets must list every credential of connection\.auth/.test(err.message),
          name,
        );
      }
      assert.equal(emu.requests.length, 0);
      // Connections from resolveConnection list every credential they hold.
      for (const connection of [temporary, iam]) await client(connection).showAddonInstance(CLUSTER, ID);
      assert.equal(emu.requests.length, 2);
    });

    it("should keep the secret key out of every failure of a run of faults", async function () {
      const emu = await start();
      const c = client(akskConnection(emu.url), { retry: { maxAttempts: 1 } });
      const faults = [
        { kind: "status", status: 429 },
        { kind: "status", status: 503 },
        { kind: "reset" },
        { kind: "malformed-json" },
      ] as const;
      for (const fault of faults) {
        emu.injectFaults({ fault });
        assertClean(await rejection(c.showAddonInstance(CLUSTER, ID)));
      }
      assertClean(await rejection(c.showAddonInstance(CLUSTER, "no-such-addon")));
      const wrong = client(akskConnection(emu.url, { ...TEST_CREDENTIALS, secretKey: "another-secret-key-99" }));
      const err = await rejection(wrong.rollbackAddonInstance(CLUSTER, ID));
      assertClean(err);
      assert.ok(!(err as Error).message.includes("another-secret-key-99"));
    });
  });
});
