/**
 * The fault matrix: every promise of the provider on a network or a service that misbehaves. Each scenario runs
 * over real HTTP against the emulator (extended with hangs, huge and endless bodies, redirects), through a real
 * CONNECT proxy where it says so, and asserts by counting requests and comparing elapsed time to the deadline.
 *
 * Time: deadline scenarios share one clock between the provider and the emulator, and no verdict may depend on how
 * busy the machine is. Where a request hangs, the deadline itself has to pass in real time: the clock runs
 * HANG_SCALE times faster than real time, so a 10 s `timeoutSeconds` is 4 s of real time, and bounds are "the
 * deadline plus 5 s of that clock" (2 s of real time), against the 100 s and more that these faults used to take.
 * Where pauses fill the time (a throttled wait), the clock follows real time and jumps over each pause: every
 * request has the whole deadline of real time to be answered in, and the wait takes none. A read that fails at
 * once runs on the real clock.
 */
import assert from "node:assert/strict";
import { type Connection, resolveConnection } from "../../provider/connection/resolve";
import { CceAutopilotClient } from "../../provider/client/client";
import { CceApiError, ResponseValidationError, isCceNetworkError } from "../../provider/client/errors";
import { RollbackInitError } from "../../provider/rollback/errors";
import { MAX_RESPONSE_BYTES } from "../../provider/client/http";
import type { Clock } from "../../provider/clock";
import { Deadline } from "../../provider/deadline";
import { createRollback } from "../../provider/rollback/create";
import { MAX_TRIGGER_BYTES } from "../../provider/rollback/properties";
import { type ProviderEnvironment, RollbackProviderImplementation } from "../../provider/rollback/provider";
import { DEFAULT_SEED, TEST_CREDENTIALS, startEmulator, type AddonSeed, type Emulator } from "../emulator";
import { EMULATOR_ENV } from "../support/test-env";
import { type ConnectProxy, startConnectProxy } from "../support/connect-proxy";
import { CLUSTER, ID, SHOW_PATH } from "../support/default-addon";
import { scaledClock } from "../support/scaled-clock";
import { makeRuntime } from "../../provider/runtime";
import { AdvancingClock } from "../support/advancing-clock";

const TO = "1.28.4";
/** The clock of "hang on the POST", which is being reworked on its own; the other hangs use HANG_SCALE. */
const SCALE = 5;
/** Hangs end only at the deadline: 4 s of real time for 10 s, enough for the reads before it on a busy machine. */
const HANG_SCALE = 2.5;
/** What "a small constant" past the deadline may be, on the scaled clock. */
const MARGIN_MS = 5_000;
const PROXY_PASSWORD = "proxy-pass-word-0042";
const ENV = EMULATOR_ENV;
const FAST = { minDelayMs: 20, maxDelayMs: 500 };

type Props = Record<string, unknown>;

describe("hostile network", function () {
  this.timeout(30_000);
  let emulator: Emulator | undefined;
  let proxy: ConnectProxy | undefined;
  let closers: (() => Promise<void>)[];
  let lines: string[];
  let onLog: ((line: string) => void) | undefined;

  beforeEach(function () {
    closers = [];
    lines = [];
    onLog = undefined;
  });

  afterEach(async function () {
    await Promise.all(closers.map((close) => close()));
    await proxy?.close();
    proxy = undefined;
    await emulator?.close();
    emulator = undefined;
  });

  async function start(clock: Clock, seeds: Partial<AddonSeed>[] = [{}]): Promise<Emulator> {
    emulator = await startEmulator({
      seed: seeds.map((s) => ({ ...DEFAULT_SEED, rollbackDurationMs: 2_000, ...s })),
      now: () => clock.now(),
    });
    return emulator;
  }

  function provider(clock: Clock, environment: ProviderEnvironment = {}): RollbackProviderImplementation {
    const p = new RollbackProviderImplementation({
      env: { ...ENV },
      runtime: makeRuntime({
        clock,
        log: (line) => {
          lines.push(line);
          onLog?.(line);
        },
      }),
      schedule: FAST,
      reconcileWindowMs: 1000,
      ...environment,
    });
    closers.push(() => p.close());
    return p;
  }

  function client(connection: Connection, clock: Clock): CceAutopilotClient {
    const c = new CceAutopilotClient({ connection, runtime: makeRuntime({ clock, log: (line) => lines.push(line) }) });
    closers.push(() => c.close());
    return c;
  }

  function connection(url: string, env: Record<string, string> = {}): Connection {
    return resolveConnection({ endpoint: url }, () => undefined, { ...ENV, ...env });
  }

  async function createError(p: RollbackProviderImplementation, props: Props): Promise<Error> {
    const checked = await p.check({}, props);
    assert.deepEqual(checked.failures, []);
    try {
      await p.create(checked.inputs);
    } catch (err) {
      assert.ok(err instanceof Error);
      return err;
    }
    assert.fail("create succeeded");
  }

  /** Runs `fn` and returns how long it took on `clock`. */
  async function timed<T>(clock: Clock, fn: () => Promise<T>): Promise<{ value: T; elapsedMs: number }> {
    const started = clock.now();
    const value = await fn();
    return { value, elapsedMs: clock.now() - started };
  }

  const inputs = (emu: Emulator, extra: Props = {}): Props => ({
    clusterId: CLUSTER,
    addonId: ID,
    endpoint: emu.url,
    timeoutSeconds: 10,
    ...extra,
  });
  const posts = (emu: Emulator) => emu.count({ method: "POST" });
  const gets = (emu: Emulator) => emu.count({ method: "GET" });

  describe("one deadline, end to end", function () {
    it("throttled first read: Retry-After 20 s with timeoutSeconds 10 fails at once, naming the 429 and the deadline; no POST", async function () {
      // Real time: nothing waits, so "at once" is measured in real seconds, with the whole deadline for the read.
      const clock = scaledClock(1);
      const emu = await start(clock);
      emu.injectFaults({
        match: { method: "GET" },
        times: Infinity,
        fault: { kind: "status", status: 429, retryAfter: "20" },
      });
      const { value: err, elapsedMs } = await timed(clock, () => createError(provider(clock), inputs(emu)));

      assert.ok(elapsedMs < MARGIN_MS, `took ${elapsedMs} ms`);
      assert.equal(posts(emu), 0);
      assert.equal(gets(emu), 1, "no request is sent that could not be answered in time");
      assert.match(err.message, /next try was due in 20 s, past the end of timeoutSeconds \(10 s\)/);
      assert.match(err.message, /last seen: 429 APIG\.0308 .*\(Retry-After 20 s\)/);
    });

    it("throttled wait: reads answered 429 Retry-After 20 s after the POST end at the deadline, not 100 s later", async function () {
      // The pause to the deadline is jumped over; the reads before it take real time, as many seconds as they need.
      const clock = new AdvancingClock();
      const emu = await start(clock, [{ rollbackDurationMs: 3_600_000 }]);
      onLog = (line) => {
        if (/rolling back/.test(line)) {
          emu.injectFaults({
            match: { method: "GET" },
            times: Infinity,
            fault: { kind: "status", status: 429, retryAfter: "20" },
          });
        }
      };
      const { value: err, elapsedMs } = await timed(clock, () => createError(provider(clock), inputs(emu)));

      assert.ok(elapsedMs <= 10_000 + MARGIN_MS, `took ${elapsedMs} ms`);
      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(err.message, /did not finish within timeoutSeconds \(10 s\)/);
      assert.match(err.message, /last seen: 429 APIG\.0308 .*\(Retry-After 20 s\)/);
      // One read before the POST, one throttled read after it: the wait asks no sooner than the service said.
      assert.equal(gets(emu), 2);
    });

    it("hang: a first GET that is never answered ends at the deadline, saying so; no POST", async function () {
      const clock = scaledClock(HANG_SCALE);
      const emu = await start(clock);
      emu.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "hang" } });
      const { value: err, elapsedMs } = await timed(clock, () => createError(provider(clock), inputs(emu)));

      assert.ok(elapsedMs >= 9_000 && elapsedMs <= 10_000 + MARGIN_MS, `took ${elapsedMs} ms`);
      assert.equal(posts(emu), 0);
      assert.equal(gets(emu), 1);
      assert.match(
        err.message,
        /timeoutSeconds \(10 s\) ran out after 1 attempt; last seen: no complete answer within/,
      );
    });

    it("hang after the POST: reads that stop answering end the wait at the deadline; the resource is recorded", async function () {
      const clock = scaledClock(HANG_SCALE);
      const emu = await start(clock, [{ rollbackDurationMs: 3_600_000 }]);
      onLog = (line) => {
        if (/rolling back/.test(line)) {
          emu.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "hang" } });
        }
      };
      const { value: err, elapsedMs } = await timed(clock, () => createError(provider(clock), inputs(emu)));

      assert.ok(elapsedMs <= 10_000 + MARGIN_MS, `took ${elapsedMs} ms`);
      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(err.message, /did not finish within timeoutSeconds \(10 s\)/);
      assert.match(err.message, /no complete answer within/);
    });

    it("hang on the POST until the deadline: it ends there, saying the outcome is unknown; no read is sent after it", async function () {
      const clock = scaledClock(SCALE);
      const emu = await start(clock, [{ rollbackDurationMs: 3_600_000 }]);
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "hang", afterProcessing: true } });
      const { value: err, elapsedMs } = await timed(clock, () => createError(provider(clock), inputs(emu)));

      assert.ok(elapsedMs <= 10_000 + MARGIN_MS, `took ${elapsedMs} ms`);
      assert.equal(posts(emu), 1);
      // The POST used the whole deadline: there is no time left to read the add-on, so none is sent.
      assert.equal(gets(emu), 1, "only the read before the POST");
      assert.match(
        err.message,
        /the rollback request's outcome is unknown \(POST \S+: timeoutSeconds \(10 s\) ran out/,
      );
    });

    it("hang on the POST: an unanswered rollback request is given up after its attempt's timeout, reconciled by reading, never resent", async function () {
      // The provider's client gives one attempt 30 s of real time, longer than any deadline of this file, and
      // the provider has no hook to shorten it: the rollback runs as the provider runs it (createRollback, after
      // its one-at-a-time queue), with a client whose attempt timeout ends well before the deadline.
      const clock = scaledClock(SCALE);
      const emu = await start(clock, [{ rollbackDurationMs: 3_600_000 }]);
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "hang", afterProcessing: true } });
      const attemptMs = 400; // real time: 2 s on the clock
      const runtime = makeRuntime({ clock, log: (line) => lines.push(line) });
      const c = new CceAutopilotClient({ connection: connection(emu.url), runtime, requestTimeoutMs: attemptMs });
      closers.push(() => c.close());
      const started = clock.now();
      const deadline = new Deadline(clock, 20_000, "timeoutSeconds (20 s)");
      const err = await createRollback(
        { clusterId: CLUSTER, addonId: ID, endpoint: emu.url, timeoutSeconds: 20 },
        {
          client: c,
          runtime,
          deadline,
          schedule: FAST,
          reconcileWindowMs: 1_000,
        },
      ).then(
        () => assert.fail("create succeeded"),
        (e: unknown) => e,
      );
      const elapsedMs = clock.now() - started;

      assert.equal(posts(emu), 1, "the POST is never resent");
      const post = emu.requests.find((r) => r.method === "POST");
      assert.equal(post?.fault, "hang after processing");
      const readsAfter = emu.requests.filter((r) => r.method === "GET" && r.at > (post?.at ?? Infinity));
      assert.ok(readsAfter.length >= 2, `${readsAfter.length} reads after the POST: reconcile, then the wait`);
      const firstAfter = (readsAfter[0]?.at ?? Infinity) - (post?.at ?? 0);
      // No sooner than the attempt's end (2 s on the clock), and long before the deadline.
      assert.ok(firstAfter >= attemptMs * SCALE - 500, `the first read after the POST came ${firstAfter} ms after it`);
      assert.ok(
        firstAfter <= 15_000,
        `the first read after the POST came ${firstAfter} ms after it, too close to the deadline`,
      );
      const text = lines.join("\n");
      assert.match(text, /the rollback request's outcome is unknown \(POST \S+: no complete answer within \d+ ms\)/);
      assert.match(text, /the add-on shows the rollback was accepted \(rollbacking at 1\.28\.4\)/);
      // Accepted, so the resource is recorded when the wait ends at the deadline.
      assert.ok(err instanceof RollbackInitError, String(err));
      assert.match(err.message, /did not finish within timeoutSeconds \(20 s\)/);
      assert.equal(err.properties["status"], "rollbacking");
      assert.ok(elapsedMs >= 19_000 && elapsedMs <= 20_000 + MARGIN_MS, `took ${elapsedMs} ms`);
    });

    it("getAddonInstance-style read with its own deadline: a hung GET ends there", async function () {
      const clock = scaledClock(HANG_SCALE);
      const emu = await start(clock);
      emu.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "hang" } });
      const c = client(connection(emu.url), clock);
      const { value: err, elapsedMs } = await timed(clock, () =>
        c.showAddonInstance(CLUSTER, ID, new Deadline(clock, 5_000, "the test's 5 s")).then(
          () => assert.fail("read succeeded"),
          (e: unknown) => e as Error,
        ),
      );
      assert.ok(elapsedMs >= 4_500 && elapsedMs <= 5_000 + MARGIN_MS, `took ${elapsedMs} ms`);
      assert.match(err.message, new RegExp(`^GET ${SHOW_PATH}: the test's 5 s ran out after 1 attempt`));
    });
  });

  describe("one rule for a read that says nothing", function () {
    it("a lost rollback answer, then a garbled read: the reconcile looks again and finds the rollback; one POST", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock, [{ rollbackDurationMs: 300 }]);
      onLog = (line) => {
        if (/rolling back 1\.28\.6/.test(line)) {
          emu.injectFaults(
            { match: { method: "POST" }, fault: { kind: "reset", afterProcessing: true } },
            { match: { method: "GET" }, fault: { kind: "malformed-json" } },
          );
        }
      };
      const p = provider(clock);
      const { outs } = await p.create((await p.check({}, inputs(emu, { timeoutSeconds: 60 }))).inputs);
      assert.equal(outs.currentVersion, TO);
      assert.equal(posts(emu), 1);
      assert.ok(
        emu.requests.some((r) => r.fault === "malformed-json"),
        "the garbled read happened",
      );
    });
  });

  describe("bounded responses", function () {
    for (const [name, bytes] of [
      ["a 50 MB body", 50 * 1024 * 1024],
      ["an endless body", undefined],
    ] as const) {
      it(`${name} is cut at ${MAX_RESPONSE_BYTES} bytes while streaming, not retried, and the error names the limit`, async function () {
        const clock = scaledClock(1);
        const emu = await start(clock);
        emu.injectFaults({
          match: { method: "GET" },
          times: Infinity,
          fault: { kind: "huge-body", ...(bytes ? { bytes } : {}) },
        });
        const err = await client(connection(emu.url), clock)
          .showAddonInstance(CLUSTER, ID)
          .then(
            () => assert.fail("read succeeded"),
            (e: unknown) => e,
          );
        assert.ok(err instanceof ResponseValidationError, String(err));
        assert.match(err.message, new RegExp(`larger than ${MAX_RESPONSE_BYTES} bytes`));
        assert.equal(emu.count({ method: "GET" }), 1, "a body that is too large is not downloaded again");
        const sent = emu.requests[0]?.bodyBytesSent ?? 0;
        // What the server could write before the client hung up: the limit plus socket buffers, not 50 MB.
        assert.ok(sent < 8 * MAX_RESPONSE_BYTES, `the server wrote ${sent} bytes`);
      });
    }
  });

  describe("redirects", function () {
    it("a 302 is not followed, and the error names the status and the Location (without user info)", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock);
      emu.injectFaults({
        match: { method: "GET" },
        fault: {
          kind: "status",
          status: 302,
          location: "https://sso:hunter2-pw@login.example.com/auth?next=cce",
          body: "",
        },
      });
      const err = await client(connection(emu.url), clock)
        .showAddonInstance(CLUSTER, ID)
        .then(
          () => assert.fail("read succeeded"),
          (e: unknown) => e,
        );
      assert.ok(err instanceof CceApiError, String(err));
      assert.equal(err.status, 302);
      assert.match(err.message, /302 redirect to "https:\/\/login\.example\.com\/auth\?next=cce" not followed/);
      assert.ok(!err.message.includes("hunter2"), err.message);
      assert.equal(emu.requests.length, 1, "not followed, not retried");
    });
  });

  describe("proxies", function () {
    it("HTTP_PROXY: requests go through CONNECT tunnels that are kept alive, each request signed", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock);
      proxy = await startConnectProxy();
      const conn = connection(emu.url, { HTTP_PROXY: proxy.url });
      assert.equal(conn.proxy.display, `${proxy.url}/ (HTTP_PROXY)`);
      const c = client(conn, clock);
      for (let i = 0; i < 4; i++) await c.showAddonInstance(CLUSTER, ID);

      const target = new URL(emu.url).host;
      assert.ok(
        proxy.connects.length >= 1 && proxy.connects.length < 4,
        `${proxy.connects.length} tunnels for 4 requests`,
      );
      assert.ok(
        proxy.connects.every((x) => x.target === target && x.status === 200),
        JSON.stringify(proxy.connects),
      );
      assert.deepEqual(
        emu.requests.map((r) => r.auth),
        ["aksk", "aksk", "aksk", "aksk"],
      );
    });

    it("lower case wins: http_proxy is used over HTTP_PROXY, as undici and curl read them", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock);
      proxy = await startConnectProxy();
      const conn = connection(emu.url, { http_proxy: proxy.url, HTTP_PROXY: "http://127.0.0.1:9" });
      await client(conn, clock).showAddonInstance(CLUSTER, ID);
      assert.equal(proxy.connects.length, 1);
    });

    for (const noProxy of ["127.0.0.1", "localhost,127.0.0.1", "*"]) {
      it(`NO_PROXY=${noProxy}: the endpoint is reached directly`, async function () {
        const clock = scaledClock(1);
        const emu = await start(clock);
        proxy = await startConnectProxy();
        const conn = connection(emu.url, { HTTP_PROXY: proxy.url, NO_PROXY: noProxy });
        assert.equal(conn.proxy.display, undefined);
        await client(conn, clock).showAddonInstance(CLUSTER, ID);
        assert.deepEqual(proxy.connects, []);
        assert.equal(emu.requests.length, 1);
      });
    }

    it("a proxy that needs credentials: they go in the URL, are sent, and are never shown", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock);
      proxy = await startConnectProxy({ user: "sre", password: PROXY_PASSWORD });
      const withCredentials = proxy.url.replace("http://", `http://sre:${PROXY_PASSWORD}@`);
      const good = connection(emu.url, { HTTP_PROXY: withCredentials });
      assert.equal(good.proxy.display, `${proxy.url.replace("http://", "http://***@")}/ (HTTP_PROXY)`);
      assert.ok(good.secrets.includes(PROXY_PASSWORD));
      await client(good, clock).showAddonInstance(CLUSTER, ID);
      assert.equal(proxy.connects.at(-1)?.status, 200);

      const wrong = connection(emu.url, { HTTP_PROXY: withCredentials.replace(PROXY_PASSWORD, "not-the-password-77") });
      const err = await client(wrong, clock)
        .showAddonInstance(CLUSTER, ID)
        .then(
          () => assert.fail("read succeeded"),
          (e: unknown) => e,
        );
      assert.ok(isCceNetworkError(err), String(err));
      assert.match(err.message, /the proxy asks for credentials/);
      assert.equal(err.code, "PROXY_REFUSED");
      assert.equal(proxy.connects.filter((x) => x.status === 407).length, 1, "a refusing proxy is not asked again");
      assert.ok(!err.message.includes("not-the-password-77"));
      assert.equal(emu.requests.length, 1, "nothing reached the endpoint past the refusing proxy");
    });

    it("provider: says which proxy it goes through, with the password masked", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock);
      proxy = await startConnectProxy({ user: "sre", password: PROXY_PASSWORD });
      const p = provider(clock, {
        env: { ...ENV, HTTP_PROXY: proxy.url.replace("http://", `http://sre:${PROXY_PASSWORD}@`) },
      });
      const checked = await p.check({}, inputs(emu));
      const { outs } = await p.create(checked.inputs);
      assert.equal(outs.currentVersion, TO);
      assert.ok(
        lines.some((l) => l.includes(`through proxy http://***@127.0.0.1:`)),
        lines.join("\n"),
      );
      assert.ok(!lines.join("\n").includes(PROXY_PASSWORD));
      assert.equal(posts(emu), 1);
      assert.ok(proxy.connects.every((c) => c.status === 200));
    });
  });

  describe("one rollback per add-on per process", function () {
    it("two creates for the same add-on: one POST; the second waits, reads, and refuses saying why", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock, [{ rollbackDurationMs: 300 }]);
      const p = provider(clock);
      const props = (await p.check({}, inputs(emu, { timeoutSeconds: 60 }))).inputs;
      const [first, second] = await Promise.allSettled([p.create(props), p.create(props)]);

      assert.equal(posts(emu), 1);
      assert.equal(first.status, "fulfilled");
      assert.equal(second.status, "rejected");
      const reason = second.reason as Error;
      assert.match(
        reason.message,
        /another AddonVersionRollback in this deployment targets the same add-on and ran first/,
      );
      assert.match(reason.message, /cannot be rolled back now/);
      assert.ok(
        lines.some((l) => /is rolling it back; waiting for it to finish/.test(l)),
        lines.join("\n"),
      );
    });

    it("a third create that arrives after the first finished, while the second rolls back, waits for the second", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock, [{ rollbackDurationMs: 300 }]);
      const p = provider(clock);
      const props = (await p.check({}, inputs(emu, { timeoutSeconds: 60 }))).inputs;
      let firstDone = false;
      let third: Promise<PromiseSettledResult<unknown>> | undefined;
      onLog = (line) => {
        if (!firstDone && /rollback finished/.test(line)) {
          firstDone = true;
          // Upgraded again out of band: the second, queued behind the first, finds a rollback to run, and runs
          // long enough for the third to arrive meanwhile.
          emu.patchAddon(ID, {
            status: "running",
            version: "1.28.6",
            previousVersion: TO,
            isRollbackable: true,
            rollbackDurationMs: 1_500,
          });
        } else if (firstDone && !third && /rollbacking at 1\.28\.4/.test(line)) {
          // The second's rollback is under way (the first's has finished): now the third arrives.
          third = Promise.allSettled([p.create(props)]).then(([settled]) => settled);
        }
      };
      const [first, second] = await Promise.all([p.create(props), p.create(props)]);
      assert.ok(third, "the third create was started while the second was rolling back");
      const last = await third;

      assert.equal(first.outs.outcome, "rolled-back");
      assert.equal(second.outs.outcome, "rolled-back");
      // Queued behind the second, the third reads the add-on only once the second has finished: rolled back
      // already, not rollbackable. Run beside it, it would have found the second's rollback and waited for it
      // as its own ("resumed").
      assert.equal(last.status, "rejected", `the third ${JSON.stringify(last)} did not wait for the second`);
      assert.match(
        (last.reason as Error).message,
        /another AddonVersionRollback in this deployment targets the same add-on and ran first/,
      );
      assert.equal(lines.filter((l) => /is rolling it back; waiting for it to finish/.test(l)).length, 2);
      assert.equal(posts(emu), 2, "one POST for the first, one for the second, none for the third");
    });

    it("the second one with expectTargetVersion is recorded as already rolled back, still one POST", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock, [{ rollbackDurationMs: 300 }]);
      const p = provider(clock);
      const props = (await p.check({}, inputs(emu, { timeoutSeconds: 60, expectTargetVersion: TO }))).inputs;
      const results = await Promise.all([p.create(props), p.create(props)]);
      assert.equal(posts(emu), 1);
      assert.deepEqual(results.map((r) => r.outs.outcome).sort(), ["already-rolled-back", "rolled-back"]);
    });

    it("the second one's deadline runs out while the first still runs: it fails saying so, having sent nothing", async function () {
      const clock = scaledClock(20);
      const emu = await start(clock, [{ rollbackDurationMs: 30_000 }]);
      const p = provider(clock);
      const first = (await p.check({}, inputs(emu, { timeoutSeconds: 120 }))).inputs;
      const second = (await p.check({}, inputs(emu, { timeoutSeconds: 10 }))).inputs;
      const [a, b] = await Promise.allSettled([p.create(first), p.create(second)]);
      assert.equal(a.status, "fulfilled");
      assert.equal(b.status, "rejected");
      assert.match(
        (b.reason as Error).message,
        /timeoutSeconds \(10 s\) ran out while another AddonVersionRollback of the same add-on was still running; nothing was sent for this one/,
      );
      assert.equal(posts(emu), 1);
    });

    it("different add-ons are not serialized: both POST while the other is still rolling back", async function () {
      // A clock 4 times slower than real time: the 500 ms rollbacks last 2 s, and the two POSTs have 2 s of real
      // time to come within 500 ms of each other, however busy the machine.
      const clock = scaledClock(0.25);
      const other = { id: "8b9c0d1e-log-agent", name: "log-agent" };
      const emu = await start(clock, [{ rollbackDurationMs: 500 }, { ...other, rollbackDurationMs: 500 }]);
      const p = provider(clock);
      const a = (await p.check({}, inputs(emu, { timeoutSeconds: 60 }))).inputs;
      const b = (await p.check({}, inputs(emu, { timeoutSeconds: 60, addonId: other.id }))).inputs;
      await Promise.all([p.create(a), p.create(b)]);
      const postTimes = emu.requests.filter((r) => r.method === "POST").map((r) => r.at);
      assert.equal(postTimes.length, 2);
      assert.ok(
        Math.abs((postTimes[0] ?? 0) - (postTimes[1] ?? 0)) < 500,
        "the second POST did not wait for the first rollback",
      );
    });
  });

  describe("check refuses what create would refuse", function () {
    const base = { clusterId: CLUSTER, addonId: ID, region: "cn-north-4" };
    const cases: [string, Props, Record<string, string | undefined>, string, RegExp][] = [
      ["plain http to a remote host", { endpoint: "http://evil.example.com" }, ENV, "endpoint", /must use https:\/\//],
      [
        "user info in the endpoint",
        { endpoint: "https://user:pw-secret-9@cce.example.org" },
        ENV,
        "endpoint",
        /must not hold user info/,
      ],
      [
        "a trigger over the limit",
        { trigger: { blob: "x".repeat(MAX_TRIGGER_BYTES) } },
        ENV,
        "trigger",
        new RegExp(`over the limit of ${MAX_TRIGGER_BYTES}: use a short value`),
      ],
      [
        "a lone security token",
        {},
        { HW_SECURITY_TOKEN: "lone-security-token-123" },
        "credentials",
        /HW_SECURITY_TOKEN is set but HW_ACCESS_KEY and HW_SECRET_KEY are not/,
      ],
      [
        "a security token pasted as the region",
        { region: undefined },
        { ...ENV, HW_SECURITY_TOKEN: "Pasted_Security_Token_0045", HW_REGION_NAME: "Pasted_Security_Token_0045" },
        "region",
        /^region from HW_REGION_NAME must look like "cn-north-4" or "ap-southeast-3"; got "\*\*\*"$/,
      ],
      [
        "half an AK/SK pair",
        {},
        { HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey },
        "credentials",
        /HW_ACCESS_KEY is set but HW_SECRET_KEY is not/,
      ],
      [
        "a proxy URL that is not one",
        {},
        { ...ENV, HTTPS_PROXY: "http://[broken" },
        "proxy",
        /HTTPS_PROXY is not a proxy URL/,
      ],
      [
        "a malformed region in the environment",
        { region: undefined },
        { ...ENV, HW_REGION_NAME: "North 4" },
        "region",
        /region from HW_REGION_NAME/,
      ],
    ];
    for (const [name, extra, env, property, reason] of cases) {
      it(`${name}: refused on ${property}, nothing sent`, async function () {
        const p = provider(scaledClock(1), { env: { ...env } });
        const { failures } = await p.check({}, { ...base, ...extra });
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0]?.property, property);
        assert.match(failures[0]?.reason ?? "", reason);
        for (const secret of [
          "pw-secret-9",
          "lone-security-token-123",
          "Pasted_Security_Token_0045",
          TEST_CREDENTIALS.accessKey,
        ]) {
          assert.ok(!(failures[0]?.reason ?? "").includes(secret), `${failures[0]?.reason} shows ${secret}`);
        }
      });
    }

    it("absent credentials pass check (an up with nothing to do needs none); create names them", async function () {
      const p = provider(scaledClock(1), { env: {} });
      const checked = await p.check({}, base);
      assert.deepEqual(checked.failures, []);
      await assert.rejects(p.create(checked.inputs), /No Huawei Cloud credentials found/);
    });

    it("an endpoint unknown during preview is not judged yet", async function () {
      const p = provider(scaledClock(1), { env: {} });
      const { failures } = await p.check({}, { ...base, endpoint: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
      assert.deepEqual(failures, []);
    });
  });

  describe("secrets in one place", function () {
    // Temporary credentials (the security token is sent, signed, with every request), and a second set in the
    // environment that is not used: every credential value found is kept out of what a user sees or the state.
    const SECURITY_TOKEN = "temporary-security-token-0042";
    const UNUSED = {
      HUAWEICLOUD_SDK_AK: "UNUSEDSDKACCESSKEY01",
      HUAWEICLOUD_SDK_SK: "unused-sdk-secret-key-0043",
      HUAWEICLOUD_SDK_SECURITY_TOKEN: "unused-sdk-security-token-0044",
    };
    const TEMPORARY_ENV = { ...ENV, HW_SECURITY_TOKEN: SECURITY_TOKEN, ...UNUSED };
    const CREDENTIALS = [
      TEST_CREDENTIALS.accessKey,
      TEST_CREDENTIALS.secretKey,
      SECURITY_TOKEN,
      ...Object.values(UNUSED),
    ];
    const echo =
      `bad request from ${TEST_CREDENTIALS.accessKey} signed with ${TEST_CREDENTIALS.secretKey} session ` +
      `${SECURITY_TOKEN}; also set: ${Object.values(UNUSED).join(" ")}`;

    function assertClean(texts: string[]): void {
      const text = texts.join("\n");
      for (const credential of CREDENTIALS) assert.ok(!text.includes(credential), `shows ${credential}: ${text}`);
    }

    it("every credential value, the access key and the security tokens included, is redacted from an error that echoes it", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock);
      emu.injectFaults({ match: { method: "GET" }, fault: { kind: "status", status: 400, body: echo } });
      const err = await createError(provider(clock, { env: TEMPORARY_ENV }), inputs(emu));
      assert.ok(
        emu.requests.every((r) => r.signedHeaders?.includes("x-security-token")),
        "signed with the temporary credentials",
      );
      const chain: string[] = [];
      for (let e: unknown = err; e instanceof Error; e = e.cause) chain.push(e.message, e.stack ?? "");
      assertClean([...chain, ...lines]);
      assert.match(
        err.message,
        /bad request from \*\*\* signed with \*\*\* session \*\*\*; also set: \*\*\* \*\*\* \*\*\*/,
      );
    });

    it("a read that echoes the credentials after the rollback was accepted: the recorded state and the lines hold none", async function () {
      const clock = scaledClock(1);
      const emu = await start(clock, [{ rollbackDurationMs: 60_000 }]);
      onLog = (line) => {
        if (/rolling back 1\.28\.6/.test(line)) {
          emu.injectFaults({
            match: { method: "GET" },
            times: Infinity,
            fault: { kind: "status", status: 400, body: echo },
          });
        }
      };
      const err = await createError(provider(clock, { env: TEMPORARY_ENV }), inputs(emu, { timeoutSeconds: 30 }));
      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.ok(err.message.includes("session ***"), err.message);
      assertClean([err.message, JSON.stringify(err.properties), ...err.reasons, ...lines]);
    });
  });
});
