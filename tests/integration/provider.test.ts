/**
 * Tests of the AddonVersionRollback provider implementation against the local CCE Autopilot emulator, over real
 * HTTP with signed requests. Each scenario asserts what reached the emulator (the request log) and what the engine
 * would get back (outputs or error). Rollbacks are short (150-400 ms of real time); the timeout scenario shares one
 * virtual clock between emulator and provider so that 10 s of waiting pass in a moment.
 */
import assert from "node:assert/strict";
import { resolveConnection } from "../../provider/connection/resolve";
import { CceAutopilotClient } from "../../provider/client/client";
import type { RollbackOutputs } from "../../provider/rollback/outputs";
import { RollbackInitError } from "../../provider/rollback/errors";
import { type ProviderEnvironment, RollbackProviderImplementation } from "../../provider/rollback/provider";
import {
  DEFAULT_SEED,
  TEST_CREDENTIALS,
  startEmulator,
  type AddonSeed,
  type Emulator,
  type EmulatorOptions,
} from "../emulator";
import { EMULATOR_ENV } from "../support/test-env";
import { makeRuntime } from "../../provider/runtime";
import type { Clock } from "../../provider/clock";
import { AdvancingClock } from "../support/advancing-clock";

const ID = DEFAULT_SEED.id;
const CLUSTER = DEFAULT_SEED.clusterId;
const FROM = "1.28.6";
const TO = "1.28.4";
const ENV = EMULATOR_ENV;
const FAST = { minDelayMs: 20, maxDelayMs: 200 };
const SECURITY_TOKEN = "stack-config-security-token-0123456789";
const SECRETS = [TEST_CREDENTIALS.secretKey, "wrong-secret-value-0123456789", SECURITY_TOKEN];

type Props = Record<string, unknown>;

describe(RollbackProviderImplementation.name, function () {
  let emulator: Emulator | undefined;
  let providers: RollbackProviderImplementation[];
  let lines: string[];
  /** Every error text the engine would show, checked for secrets after each test. */
  let shown: string[];
  let onLog: ((line: string) => void) | undefined;

  beforeEach(function () {
    providers = [];
    lines = [];
    shown = [];
    onLog = undefined;
  });

  afterEach(async function () {
    await Promise.all(providers.map((p) => p.close()));
    await emulator?.close();
    emulator = undefined;
    const text = [...lines, ...shown].join("\n");
    for (const secret of SECRETS) assert.equal(text.includes(secret), false, `a log line or error shows ${secret}`);
  });

  async function start(seed: Partial<AddonSeed> = {}, options: EmulatorOptions = {}): Promise<Emulator> {
    emulator = await startEmulator({ seed: [{ ...DEFAULT_SEED, rollbackDurationMs: 300, ...seed }], ...options });
    return emulator;
  }

  function provider({
    clock,
    ...environment
  }: ProviderEnvironment & { clock?: Clock } = {}): RollbackProviderImplementation {
    const p = new RollbackProviderImplementation({
      env: { ...ENV },
      runtime: makeRuntime({
        ...(clock ? { clock } : {}),
        log: (line) => {
          lines.push(line);
          onLog?.(line);
        },
      }),
      schedule: FAST,
      reconcileWindowMs: 1000,
      ...environment,
    });
    providers.push(p);
    return p;
  }

  function inputs(emu: Emulator, extra: Props = {}): Props {
    return { clusterId: CLUSTER, addonId: ID, endpoint: emu.url, ...extra };
  }

  /** What the engine does: check, then create with the checked inputs. */
  async function create(p: RollbackProviderImplementation, raw: Props): Promise<{ id: string; outs: RollbackOutputs }> {
    const checked = await p.check({}, raw);
    assert.deepEqual(checked.failures, []);
    return p.create(checked.inputs);
  }

  async function createError(p: RollbackProviderImplementation, raw: Props): Promise<Error> {
    try {
      await create(p, raw);
    } catch (err) {
      assert.ok(err instanceof Error, String(err));
      for (let e: unknown = err; e instanceof Error; e = e.cause) shown.push(e.message, e.stack ?? "");
      if (err instanceof RollbackInitError) shown.push(JSON.stringify(err.properties), ...err.reasons);
      return err;
    }
    assert.fail("create succeeded");
  }

  const posts = (emu: Emulator) => emu.count({ method: "POST" });
  const gets = (emu: Emulator) => emu.count({ method: "GET" });

  function assertRolledBack(outs: RollbackOutputs): void {
    assert.equal(outs.fromVersion, FROM);
    assert.equal(outs.toVersion, TO);
    assert.equal(outs.status, "running");
    assert.equal(outs.currentVersion, TO);
    assert.equal(outs.addonName, "coredns");
    assert.ok(outs.finishedAt !== undefined, "a finished rollback says when");
    assert.ok(
      Date.parse(outs.startedAt ?? "") <= Date.parse(outs.finishedAt),
      `${outs.startedAt} > ${outs.finishedAt}`,
    );
  }

  describe("create", function () {
    it("basic: one POST, waits until running at the previous version, and logs start, changes and end", async function () {
      // The first read after the POST must find the rollback in progress: a 5 s rollback whose pauses are jumped
      // over leaves that read seconds of real time however busy the machine, and the wait takes none.
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 5_000 }, { now: clock.now });
      const { id, outs } = await create(provider({ clock }), inputs(emu));

      assert.equal(posts(emu), 1);
      assert.ok(gets(emu) >= 2, "read first, then at least one read after the POST");
      assert.match(id, /^rollback-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
      assert.ok(!id.includes(ID), "the ID holds no input");
      assertRolledBack(outs);
      assert.equal(outs.outcome, "rolled-back");
      assert.equal(outs.schemaVersion, 1);
      assert.equal(outs.clusterId, CLUSTER);
      assert.equal(outs.timeoutSeconds, 1800);
      assert.equal(emu.addon(ID)?.status.status, "running");
      assert.equal(emu.addon(ID)?.status.currentVersion.version, TO);
      // It returned only once the service had finished: no earlier than the emulator's transition.
      const postAt = emu.requests.find((r) => r.method === "POST")?.at ?? 0;
      assert.ok(Date.parse(outs.finishedAt ?? "") >= postAt + 5_000 - 1, "finished after the rollback ended");

      assert.equal(lines.length, 4, lines.join("\n"));
      assert.match(lines[0] ?? "", /rolling back 1\.28\.6 -> 1\.28\.4 in cluster c0ffee00-cluster-1/);
      assert.match(lines[1] ?? "", /rollbacking at 1\.28\.4 after/);
      assert.match(lines[2] ?? "", /running at 1\.28\.4 after/);
      assert.match(lines[3] ?? "", /rollback finished: running at 1\.28\.4/);
    });

    it("basic: matching guards let the rollback run", async function () {
      const emu = await start();
      const { outs } = await create(provider(), inputs(emu, { expectCurrentVersion: FROM, expectTargetVersion: TO }));
      assert.equal(posts(emu), 1);
      assertRolledBack(outs);
      assert.equal(outs.expectTargetVersion, TO);
    });

    it("retry: from rollbackFailed (an earlier failed rollback), a new rollback runs and succeeds", async function () {
      const emu = await start({ status: "rollbackFailed" });
      const { outs } = await create(provider(), inputs(emu));
      assert.equal(posts(emu), 1);
      assertRolledBack(outs);
    });

    it("already_rollbacking: no POST, waits for the rollback in progress (outcome resumed)", async function () {
      // create's first read must still find the rollback in progress: 5 s of it, the wait's pauses jumped over.
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 5_000 }, { now: clock.now });
      const client = new CceAutopilotClient({
        connection: resolveConnection({ endpoint: emu.url }, () => undefined, ENV),
      });
      await client.rollbackAddonInstance(CLUSTER, ID);
      await client.close();
      emu.clearLog();

      const { outs } = await create(provider({ clock }), inputs(emu));
      assert.equal(posts(emu), 0);
      assert.ok(gets(emu) >= 2);
      assertRolledBack(outs);
      assert.equal(outs.outcome, "resumed");
      assert.match(lines[0] ?? "", /already in progress/);
    });

    it("already_rollbacking: expectTargetVersion that differs from the rollback in progress refuses, no POST", async function () {
      const emu = await start({ rollbackDurationMs: 60_000 });
      const client = new CceAutopilotClient({
        connection: resolveConnection({ endpoint: emu.url }, () => undefined, ENV),
      });
      await client.rollbackAddonInstance(CLUSTER, ID);
      await client.close();
      emu.clearLog();

      const err = await createError(provider(), inputs(emu, { expectTargetVersion: "1.28.3" }));
      assert.equal(posts(emu), 0);
      assert.equal(gets(emu), 1);
      assert.match(err.message, /would roll back to 1\.28\.4, not 1\.28\.3 \(expectTargetVersion\)/);
      assert.equal(err instanceof RollbackInitError, false);
    });

    it("not_rollbackable: no POST; the message names the status, says nothing was sent, and hints at expectTargetVersion", async function () {
      // The state an interrupted earlier run leaves behind: rolled back already.
      const emu = await start({ currentVersion: TO, previousVersion: FROM, isRollbackable: false });
      const err = await createError(provider(), inputs(emu));
      assert.equal(posts(emu), 0);
      assert.equal(gets(emu), 1);
      assert.match(err.message, /cannot be rolled back now \(status running at version 1\.28\.4/);
      assert.match(err.message, /isRollbackable=false/);
      assert.match(err.message, /Nothing was sent/);
      assert.match(err.message, /expectTargetVersion: "1\.28\.4"/);
      assert.equal("id" in err, false, "not a partial-state error: nothing was created");
    });

    for (const status of ["upgrading", "installing", "deleteFailed", "someNewStatus"]) {
      it(`status_not_allowed: ${status} refuses before any POST and lists the allowed statuses`, async function () {
        const emu = await start({ status });
        const err = await createError(provider(), inputs(emu));
        assert.equal(posts(emu), 0);
        assert.ok(err.message.includes(`status ${status} at version 1.28.6`), err.message);
        assert.match(err.message, /allowed only from running, available, abnormal, upgradeFailed, rollbackFailed/);
        assert.match(err.message, /Nothing was sent/);
      });
    }

    it("guard: expectCurrentVersion mismatch refuses before any POST and names both versions", async function () {
      const emu = await start();
      const err = await createError(provider(), inputs(emu, { expectCurrentVersion: "1.28.5" }));
      assert.equal(posts(emu), 0);
      assert.match(
        err.message,
        /is at version 1\.28\.6, not 1\.28\.5 \(expectCurrentVersion\): nothing was rolled back/,
      );
      assert.equal(emu.addon(ID)?.status.currentVersion.version, FROM);
    });

    it("guard: expectTargetVersion mismatch refuses before any POST and names both versions", async function () {
      const emu = await start();
      const err = await createError(provider(), inputs(emu, { expectTargetVersion: "1.28.3" }));
      assert.equal(posts(emu), 0);
      assert.match(
        err.message,
        /would roll back to 1\.28\.4, not 1\.28\.3 \(expectTargetVersion\): nothing was rolled back/,
      );
    });

    it("already_rolled_back: not rollbackable but running at expectTargetVersion is recorded without a POST", async function () {
      const emu = await start({ currentVersion: TO, previousVersion: FROM, isRollbackable: false });
      const { outs } = await create(provider(), inputs(emu, { expectTargetVersion: TO }));
      assert.equal(posts(emu), 0);
      assert.equal(gets(emu), 1);
      assert.equal(outs.outcome, "already-rolled-back");
      assertRolledBack(outs);
      assert.match(lines.join("\n"), /already running at 1\.28\.4/);
    });

    it("rollback_failed: one POST, then an error with id and partial properties carrying Reason, message and __provider", async function () {
      const failure = { reason: "InstallFailed", message: "helm rollback failed: timed out waiting for the condition" };
      const emu = await start({ rollbackDurationMs: 200, rollbackOutcome: failure });
      const stub = "exports.handler = __provider_stub;";
      const err = await createError(provider(), inputs(emu, { __provider: stub, trigger: { ticket: "INC-1" } }));

      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(err.id, /^rollback-/);
      assert.equal(err.properties["status"], "rollbackFailed");
      assert.equal(err.properties["__provider"], stub);
      assert.equal(err.properties["fromVersion"], FROM);
      assert.equal(err.properties["toVersion"], TO);
      assert.equal(err.properties["outcome"], "failed", "the record says the rollback failed");
      assert.ok(typeof err.properties["finishedAt"] === "string", "a failed rollback has ended");
      assert.deepEqual(err.properties["trigger"], { ticket: "INC-1" });
      assert.ok(err.message.includes(failure.reason), err.message);
      assert.ok(err.message.includes(failure.message), err.message);
      assert.match(err.message, /change `trigger`/);
      assert.deepEqual(err.reasons, [err.message]);
      assert.match(lines.at(-1) ?? "", /rollback failed/);
    });

    it("stale_reads: reads that still show the old state are never success; one POST", async function () {
      const emu = await start({ rollbackDurationMs: 150, staleReadMs: 800 });
      const { outs } = await create(provider(), inputs(emu));
      const returnedAt = Date.now();

      assert.equal(posts(emu), 1);
      assertRolledBack(outs);
      const postAt = emu.requests.find((r) => r.method === "POST")?.at ?? Infinity;
      const staleGets = emu.requests.filter((r) => r.fault === "stale-read");
      assert.ok(staleGets.length >= 2, `the race was exercised (${staleGets.length} stale reads)`);
      assert.ok(returnedAt >= postAt + 800, "create returned only after the stale window closed");
      const last = emu.requests.at(-1);
      assert.equal(last?.method, "GET");
      assert.equal(last?.fault, undefined, "success came from a fresh read");
      assert.ok((last?.at ?? 0) >= postAt + 800);
      assert.equal(
        lines.some((l) => / running at 1\.28\.6/.test(l)),
        false,
        "the stale state is not reported as a change",
      );
    });

    for (const [name, fault] of [
      ["reset", { kind: "reset", afterProcessing: true }],
      ["500", { kind: "status", status: 500, afterProcessing: true }],
      ["503", { kind: "status", status: 503, afterProcessing: true }],
    ] as const) {
      it(`post_answer_lost: ${name} after the rollback was accepted is reconciled by reading; exactly one POST`, async function () {
        const emu = await start();
        emu.injectFaults({ match: { method: "POST" }, fault });
        const { outs } = await create(provider(), inputs(emu));

        assert.equal(posts(emu), 1);
        assert.match(emu.requests.find((r) => r.method === "POST")?.fault ?? "", /after processing/);
        assertRolledBack(outs);
        assert.equal(outs.outcome, "rolled-back");
        const text = lines.join("\n");
        assert.match(text, /outcome is unknown/);
        assert.match(text, /shows the rollback was accepted/);
      });
    }

    it("post_answer_garbled: a 200 with a cut body is reconciled by reading; exactly one POST", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "malformed-json" } });
      const { outs } = await create(provider(), inputs(emu));
      assert.equal(posts(emu), 1);
      assertRolledBack(outs);
      assert.match(lines.join("\n"), /outcome is unknown/);
    });

    it("abnormal: pods restarting during the rollback keep the wait going until it runs at the target", async function () {
      const emu = await start({ rollbackDurationMs: 60_000 });
      let timer: NodeJS.Timeout | undefined;
      onLog = (line) => {
        if (/rollbacking at/.test(line)) {
          emu.patchAddon(ID, { status: "abnormal", reason: "PodsNotReady", message: "1/2 pods ready" });
          timer = setTimeout(() => emu.patchAddon(ID, { status: "running", reason: "", message: "" }), 250);
        }
      };
      try {
        const { outs } = await create(provider(), inputs(emu));
        assertRolledBack(outs);
        assert.equal(posts(emu), 1);
        assert.ok(
          lines.some((l) => /abnormal at 1\.28\.4/.test(l)),
          lines.join("\n"),
        );
      } finally {
        clearTimeout(timer);
      }
    });

    it("undocumented: a status the API does not list is waited through with a progress line naming it, then success", async function () {
      const emu = await start({ rollbackDurationMs: 60_000 });
      onLog = (line) => {
        if (/rollbacking at/.test(line)) emu.patchAddon(ID, { status: "someNewStatus" });
        if (/someNewStatus/.test(line)) emu.patchAddon(ID, { status: "running", version: TO, isRollbackable: false });
      };
      const { outs } = await create(provider(), inputs(emu));
      assert.equal(posts(emu), 1);
      assertRolledBack(outs);
      assert.ok(
        lines.some((l) => /someNewStatus \(a status the API does not document; still waiting\) at 1\.28\.4/.test(l)),
        lines.join("\n"),
      );
    });

    it("undocumented: a status that never ends is never success; the deadline ends the wait naming it", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 3_600_000 }, { now: clock.now });
      onLog = (line) => {
        if (/rollbacking at/.test(line)) emu.patchAddon(ID, { status: "someNewStatus", version: TO });
      };
      const err = await createError(provider({ clock }), inputs(emu, { timeoutSeconds: 10 }));
      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.equal(err.properties["status"], "someNewStatus");
      assert.match(
        err.message,
        /did not finish within timeoutSeconds \(10 s\) \(last status someNewStatus \(a status the API does not document\) at version 1\.28\.4/,
      );
    });

    it("post_refused_before_processing: 503 before processing is a plain error saying nothing changed; a rerun succeeds", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "status", status: 503 } });
      const p = provider();
      const err = await createError(p, inputs(emu));

      assert.equal(posts(emu), 1, "a POST with an unknown outcome is never repeated blindly");
      assert.equal(err instanceof RollbackInitError, false);
      assert.equal("id" in err, false, "no partial state: nothing was started");
      assert.match(err.message, /503/);
      assert.match(err.message, /still shows no rollback after [\d.]+ s \(running at 1\.28\.6\)/);
      assert.match(err.message, /Run `pulumi up` again/);
      assert.equal(emu.addon(ID)?.status.status, "running");
      assert.equal(emu.addon(ID)?.status.currentVersion.version, FROM);

      const { outs } = await create(p, inputs(emu));
      assert.equal(posts(emu), 2);
      assertRolledBack(outs);
    });

    it("post_throttled: a 429 on the POST is retried (it was not processed); one POST accepted", async function () {
      const emu = await start();
      emu.injectFaults({ match: { method: "POST" }, fault: { kind: "status", status: 429, retryAfter: "0" } });
      const { outs } = await create(provider(), inputs(emu));
      assert.deepEqual(
        emu.requests.filter((r) => r.method === "POST").map((r) => r.status),
        [429, 200],
      );
      assertRolledBack(outs);
    });

    it("throttled: 429s on the reads during the wait, more than one read's retries, do not fail it", async function () {
      const emu = await start({ rollbackDurationMs: 300 });
      onLog = (line) => {
        if (/rolling back/.test(line)) {
          emu.injectFaults({
            match: { method: "GET" },
            times: 8,
            fault: { kind: "status", status: 429, retryAfter: "0" },
          });
        }
      };
      const { outs } = await create(provider(), inputs(emu));

      assert.equal(posts(emu), 1);
      assertRolledBack(outs);
      assert.equal(emu.requests.filter((r) => r.status === 429).length, 8);
      assert.ok(lines.some((l) => /retrying GET/.test(l)));
    });

    it("timeout: the wait ends at the deadline with an error naming the last status; one POST", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 3_600_000 }, { now: clock.now });
      const realStart = performance.now();
      const err = await createError(provider({ clock }), inputs(emu, { timeoutSeconds: 10 }));

      assert.ok(performance.now() - realStart < 10_000, "virtual time: no real 10 s wait");
      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(
        err.message,
        /did not finish within timeoutSeconds \(10 s\) \(last status rollbacking at version 1\.28\.4, \d+ reads\)\. The rollback was accepted/,
      );
      assert.equal(err.properties["status"], "rollbacking");
      const getsAt = emu.requests.filter((r) => r.method === "GET").map((r) => r.at);
      const span = (getsAt.at(-1) ?? 0) - (getsAt[0] ?? 0);
      // Reads are paced at 10 % of the time waited (about 1 s here); none is sent after the deadline.
      assert.ok(span >= 8_500 && span <= 10_000, `the last read is in the last pause before the deadline (${span} ms)`);
      assert.ok(getsAt.length <= 80, `${getsAt.length} reads`);
    });

    it("timeout: no read after the POST succeeds; the error says so and names the last read error", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 3_600_000 }, { now: clock.now });
      onLog = (line) => {
        if (/rolling back/.test(line)) {
          emu.injectFaults({ match: { method: "GET" }, times: Infinity, fault: { kind: "status", status: 503 } });
        }
      };
      const err = await createError(provider({ clock }), inputs(emu, { timeoutSeconds: 10 }));
      assert.equal(posts(emu), 1);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(
        err.message,
        /did not finish within timeoutSeconds \(10 s\) \(no successful read, \d+ reads; last read error: GET \S+: .*503/,
      );
    });

    it("progress: a version change while the status stays rollbacking is reported", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 3_600_000 }, { now: clock.now });
      onLog = (line) => {
        if (/rollbacking at 1\.28\.4/.test(line)) emu.patchAddon(ID, { status: "rollbacking", version: "1.28.5" });
        // Ends the rollback only once the hop was reported: without that line the wait would time out.
        if (/rollbacking at 1\.28\.5/.test(line)) {
          emu.patchAddon(ID, { status: "running", version: TO, isRollbackable: false });
        }
      };
      const { outs } = await create(provider({ clock }), inputs(emu, { timeoutSeconds: 600 }));
      assertRolledBack(outs);
      assert.equal(lines.filter((l) => /rollbacking at 1\.28\.5/.test(l)).length, 1, lines.join("\n"));
    });

    it("progress: a read lost to throttling does not repeat the line of the state before it", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 60_000 }, { now: clock.now });
      let throttled = false;
      onLog = (line) => {
        if (/rollbacking at/.test(line) && !throttled) {
          throttled = true;
          // Six attempts: one whole read lost; the next read shows the same rollbacking state again.
          emu.injectFaults({
            match: { method: "GET" },
            times: 6,
            fault: { kind: "status", status: 429, retryAfter: "0" },
          });
        }
      };
      const { outs } = await create(provider({ clock }), inputs(emu, { timeoutSeconds: 600 }));
      assertRolledBack(outs);
      assert.equal(emu.requests.filter((r) => r.status === 429).length, 6);
      assert.equal(lines.filter((l) => /rollbacking at 1\.28\.4/.test(l)).length, 1, lines.join("\n"));
    });

    it("disappears: the add-on removed mid-wait (404) fails the wait with a partial-state error", async function () {
      const emu = await start({ rollbackDurationMs: 5000 });
      onLog = (line) => {
        if (/rollbacking at/.test(line)) emu.removeAddon(ID);
      };
      const err = await createError(provider(), inputs(emu));

      assert.equal(posts(emu), 1);
      assert.equal(gets(emu), 3, "read first, rollbacking, 404");
      assert.equal(emu.requests.at(-1)?.status, 404);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(err.message, /was not found in cluster c0ffee00-cluster-1/);
      assert.equal(err.properties["status"], "notFound", "the record says the add-on is gone, not its last status");
    });

    it("not found: an add-on that does not exist is refused with a hint, before any POST", async function () {
      const emu = await start();
      const err = await createError(provider(), inputs(emu, { addonId: "no-such-addon" }));
      assert.equal(posts(emu), 0);
      assert.match(err.message, /add-on instance no-such-addon was not found.*check addonId/);
      assert.equal("id" in err, false);
    });
  });

  describe("read", function () {
    it("refresh: an out-of-band change updates status and currentVersion and keeps the rollback record", async function () {
      const emu = await start({ rollbackDurationMs: 150 });
      const p = provider();
      const { id, outs } = await create(p, inputs(emu));
      emu.patchAddon(ID, { status: "upgrading", version: "1.28.7" });
      emu.clearLog();

      const refreshed = await p.read(id, { ...outs });
      assert.equal(refreshed.id, id);
      assert.equal(refreshed.props["status"], "upgrading");
      assert.equal(refreshed.props["currentVersion"], "1.28.7");
      assert.equal(refreshed.props["fromVersion"], FROM);
      assert.equal(refreshed.props["toVersion"], TO);
      assert.equal(refreshed.props["outcome"], "rolled-back");
      assert.equal(refreshed.props["addonName"], "coredns");
      assert.equal(posts(emu), 0);
      assert.equal(gets(emu), 1);
    });

    it("disappears: after the add-on is removed the resource is kept with status notFound", async function () {
      const emu = await start({ rollbackDurationMs: 150 });
      const p = provider();
      const { id, outs } = await create(p, inputs(emu));
      emu.removeAddon(ID);
      emu.clearLog();

      const refreshed = await p.read(id, { ...outs });
      assert.equal(refreshed.id, id, "the resource does not disappear");
      assert.equal(refreshed.props["status"], "notFound");
      assert.equal(refreshed.props["currentVersion"], TO);
      assert.equal(refreshed.props["fromVersion"], FROM);
      assert.equal(gets(emu), 1);
      assert.equal(posts(emu), 0);
      assert.match(lines.at(-1) ?? "", /no longer exists/);
    });

    it("errors: a read that fails for another reason (401) is an error, not notFound", async function () {
      const emu = await start();
      const p = provider({ env: { ...ENV, HW_SECRET_KEY: SECRETS[1] } });
      const props = { ...inputs(emu), timeoutSeconds: 1800, status: "running", currentVersion: TO };
      await assert.rejects(p.read(`${ID}@x`, props), (err: Error) => {
        shown.push(err.message);
        return /401/.test(err.message) && /Check the credentials/.test(err.message);
      });
    });
  });

  describe("update, delete, check and diff", function () {
    it("update: records the new inputs, keeps the outputs and makes no request", async function () {
      const emu = await start({ rollbackDurationMs: 150 });
      const p = provider();
      const { id, outs } = await create(p, inputs(emu, { expectTargetVersion: TO }));
      emu.clearLog();

      const news = (await p.check(outs, inputs(emu, { timeoutSeconds: 600 }))).inputs;
      const { outs: updated } = await p.update(id, { ...outs }, news);
      assert.equal(updated["timeoutSeconds"], 600);
      assert.equal(updated["expectTargetVersion"], undefined, "a removed input is removed");
      assert.equal(updated["fromVersion"], FROM);
      assert.equal(updated["outcome"], "rolled-back");
      assert.equal(emu.requests.length, 0);
    });

    it("delete: makes no request and leaves the add-on as it is", async function () {
      const emu = await start({ rollbackDurationMs: 150 });
      const p = provider();
      const { id, outs } = await create(p, inputs(emu));
      emu.clearLog();
      await p.delete(id, { ...outs });
      assert.equal(emu.requests.length, 0);
      assert.equal(emu.addon(ID)?.status.currentVersion.version, TO);
    });

    it("check and diff: never call the cloud, whatever the inputs", async function () {
      const emu = await start();
      const p = provider();
      const good = inputs(emu);
      assert.deepEqual((await p.check({}, good)).failures, []);
      assert.equal((await p.check({}, { ...good, addonId: "a/b" })).failures.length, 1);
      assert.deepEqual((await p.check({}, { ...good, addonId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).failures, []);
      assert.equal((await p.diff(`${ID}@x`, good, { ...good })).changes, false);
      assert.deepEqual((await p.diff(`${ID}@x`, good, { ...good, trigger: 2 })).replaces, ["trigger"]);
      assert.equal(emu.requests.length, 0);
    });
  });

  describe("credentials", function () {
    it("configure: stack-config credentials (temporary, with a security token) are used when the environment has none", async function () {
      const emu = await start({ rollbackDurationMs: 150 });
      const config: Record<string, string> = {
        "huaweicloud:accessKey": TEST_CREDENTIALS.accessKey,
        "huaweicloud:secretKey": TEST_CREDENTIALS.secretKey,
        "huaweicloud:securityToken": SECURITY_TOKEN,
        "huaweicloud:projectId": TEST_CREDENTIALS.projectId,
      };
      const p = provider({ env: {} });
      await p.configure({ config: { get: (key) => config[key] } });
      const { outs } = await create(p, inputs(emu));

      assertRolledBack(outs);
      assert.equal(posts(emu), 1);
      for (const r of emu.requests) {
        assert.equal(r.auth, "aksk");
        assert.equal(r.accessKey, TEST_CREDENTIALS.accessKey);
        assert.equal(r.projectId, TEST_CREDENTIALS.projectId);
        assert.ok(r.signedHeaders?.includes("x-security-token"), "the security token is sent, signed");
      }
      for (const secret of [TEST_CREDENTIALS.secretKey, SECURITY_TOKEN]) {
        assert.equal(JSON.stringify(outs).includes(secret), false, `${secret} in the outputs`);
      }
    });

    it("configure: stack config wins over the environment", async function () {
      const emu = await start({ rollbackDurationMs: 150 });
      const config: Record<string, string> = {
        "huaweicloud:accessKey": TEST_CREDENTIALS.accessKey,
        "huaweicloud:secretKey": TEST_CREDENTIALS.secretKey,
      };
      const p = provider({ env: { HW_ACCESS_KEY: "OTHERACCESSKEY", HW_SECRET_KEY: SECRETS[1] } });
      await p.configure({ config: { get: (key) => config[key] } });
      assertRolledBack((await create(p, inputs(emu))).outs);
      assert.ok(emu.requests.every((r) => r.auth === "aksk" && r.accessKey === TEST_CREDENTIALS.accessKey));
    });

    it("missing: no credentials anywhere is an error listing every way to give them, with no request", async function () {
      const emu = await start();
      const err = await createError(provider({ env: {} }), inputs(emu));
      assert.match(err.message, /No Huawei Cloud credentials found/);
      assert.match(err.message, /huaweicloud:secretKey/);
      assert.match(err.message, /HW_SECRET_KEY/);
      assert.equal(emu.requests.length, 0);
    });

    it("wrong secret (environment): 401 with a hint; no log line or error shows the secret", async function () {
      const emu = await start();
      const err = await createError(provider({ env: { ...ENV, HW_SECRET_KEY: SECRETS[1] } }), inputs(emu));
      assert.match(err.message, /401/);
      assert.match(err.message, /Check the credentials/);
      assert.equal(posts(emu), 0, "refused at the first read");
      assert.equal(gets(emu), 1, "401 is never retried");
    });

    it("wrong secret (stack config): 401 with a hint; no log line or error shows the secret", async function () {
      const emu = await start();
      const config: Record<string, string> = {
        "huaweicloud:accessKey": TEST_CREDENTIALS.accessKey,
        "huaweicloud:secretKey": SECRETS[1] as string,
      };
      const p = provider({ env: {} });
      await p.configure({ config: { get: (key) => config[key] } });
      const err = await createError(p, inputs(emu));
      assert.match(err.message, /401/);
      assert.match(err.message, /Check the credentials/);
      assert.equal(posts(emu), 0, "refused at the first read");
      assert.equal(gets(emu), 1, "401 is never retried");
      assert.ok(
        emu.requests.every((r) => r.accessKey === TEST_CREDENTIALS.accessKey),
        "signed with the key from stack config, not from the environment",
      );
    });
  });

  describe("measurement", function () {
    it("lag: a 3 s rollback with the default schedule is seen within max(1 s, 10%) and a handful of reads", async function () {
      // Virtual time: the pauses of the schedule take no real time, so a loaded machine cannot stretch them; what
      // real time remains (the requests themselves) is small against the margin.
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: 3000 }, { now: clock.now });
      const p = new RollbackProviderImplementation({
        env: { ...ENV },
        runtime: makeRuntime({ clock, log: (line) => lines.push(line) }),
      });
      providers.push(p);
      const { outs } = await create(p, inputs(emu));
      const returnedAt = clock.now();

      assertRolledBack(outs);
      const post = emu.requests.find((r) => r.method === "POST");
      assert.ok(post);
      const transitionAt = post.at + 3000;
      const lagMs = returnedAt - transitionAt;
      const waitGets = emu.requests.filter((r) => r.method === "GET" && r.at >= post.at).length;
      console.log(
        `      measured: 3 s rollback seen ${lagMs} ms after the emulator's transition; ${gets(emu)} GETs in all (${waitGets} after the POST), 1 POST`,
      );
      assert.ok(lagMs >= 0, "never before the transition");
      assert.ok(lagMs <= 1000 + 750, `lag ${lagMs} ms (schedule at most 1000 ms, the rest real request time)`);
      assert.ok(waitGets <= 6, `${waitGets} reads during a 3 s wait`);
    });
  });
});
