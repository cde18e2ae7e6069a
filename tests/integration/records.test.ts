// What a record says and what a preview says, against the emulator: the outcome of a rollback that did not finish
// well (failed, timed out, cancelled) and the next up that finishes it; the engine's timeout and cancellation; the
// strict wait (`available` is only partially ready); and a preview that plans from the add-on as it is, reading only.
import assert from "node:assert/strict";
import { OperationCancelledError } from "../../provider/deadline";
import { RollbackInitError } from "../../provider/rollback/errors";
import { type OperationOptions, RollbackProviderImplementation } from "../../provider/rollback/provider";
import { makeRuntime } from "../../provider/runtime";
import { type AddonSeed, DEFAULT_SEED, type Emulator, startEmulator } from "../emulator";
import { AdvancingClock } from "../support/advancing-clock";
import { EMULATOR_ENV } from "../support/test-env";

type Props = Record<string, unknown>;
const ID = DEFAULT_SEED.id;
const FROM = "1.28.6";
const TO = "1.28.4";
const HOUR_MS = 3_600_000;

describe("records that say what happened, and previews that say what will", function () {
  let emulator: Emulator | undefined;
  let providers: RollbackProviderImplementation[] = [];
  let lines: string[] = [];
  let onLog: ((line: string) => void) | undefined;

  beforeEach(() => {
    providers = [];
    lines = [];
    onLog = undefined;
  });
  afterEach(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await emulator?.close();
    emulator = undefined;
  });

  async function start(seed: Partial<AddonSeed> = {}, clock?: AdvancingClock): Promise<Emulator> {
    emulator = await startEmulator({
      seed: [{ ...DEFAULT_SEED, rollbackDurationMs: 300, ...seed }],
      ...(clock ? { now: clock.now } : {}),
    });
    return emulator;
  }

  function provider(clock?: AdvancingClock, env: Record<string, string | undefined> = EMULATOR_ENV) {
    const p = new RollbackProviderImplementation({
      env: { ...env },
      runtime: makeRuntime({
        ...(clock ? { clock } : {}),
        log: (line) => {
          lines.push(line);
          onLog?.(line);
        },
      }),
      schedule: { minDelayMs: 20, maxDelayMs: 200 },
      reconcileWindowMs: 1000,
    });
    providers.push(p);
    return p;
  }

  async function checked(p: RollbackProviderImplementation, emu: Emulator, extra: Props = {}): Promise<Props> {
    const result = await p.check({}, { clusterId: DEFAULT_SEED.clusterId, addonId: ID, endpoint: emu.url, ...extra });
    assert.deepEqual(result.failures, []);
    return result.inputs;
  }

  async function createError(p: RollbackProviderImplementation, props: Props, options?: OperationOptions) {
    try {
      await p.create(props, options);
    } catch (err) {
      return err as Error;
    }
    return assert.fail("create succeeded");
  }

  const posts = (emu: Emulator) => emu.count({ method: "POST" });

  describe("outcome", function () {
    it("timed out: the record says timed-out with no finishedAt; the next up waits for it, sends nothing, and records rolled-back", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: HOUR_MS }, clock);
      const p = provider(clock);
      const props = await checked(p, emu, { timeoutSeconds: 10 });
      const err = await createError(p, props);
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.equal(err.properties.outcome, "timed-out");
      assert.equal(err.properties.finishedAt, undefined, "a rollback not seen finished has no finishedAt");
      assert.match(err.message, /the next `pulumi up` sends no new rollback; it waits for this one/);
      assert.equal(posts(emu), 1);

      clock.offset += HOUR_MS; // the service finishes meanwhile
      const { outs } = await p.update(err.id, err.properties, props);
      assert.equal(posts(emu), 1, "finishing sends no rollback");
      assert.equal(outs.outcome, "rolled-back");
      assert.equal(outs.status, "running");
      assert.equal(outs.currentVersion, TO);
      assert.ok(typeof outs.finishedAt === "string");
    });

    it("a preview of the next up (update with preview) reads and sends nothing, even for an unfinished record", async function () {
      const emu = await start();
      const p = provider();
      const props = await checked(p, emu);
      const record = { ...props, outcome: "timed-out", fromVersion: FROM, toVersion: TO, addonId: ID };
      const { outs } = await p.update("rollback-x", record, props, { preview: true });
      assert.equal(outs.outcome, "timed-out", "the record is left as it is until up");
      assert.equal(emu.requests.length, 0);
    });

    it("an up after a finished record (rolled-back, failed) reads nothing: only an unfinished one is waited for", async function () {
      const emu = await start();
      const p = provider();
      const props = await checked(p, emu);
      for (const outcome of ["rolled-back", "failed", "already-rolled-back", "resumed"]) {
        const before = emu.requests.length;
        await p.update("rollback-x", { ...props, outcome, fromVersion: FROM, toVersion: TO }, props);
        assert.equal(emu.requests.length, before, outcome);
      }
    });

    it("the next up finds the rollback ended in rollbackFailed: the record says failed, with the reason; nothing is sent", async function () {
      const clock = new AdvancingClock();
      const failure = { reason: "ImagePullBackOff", message: "image coredns:1.28.4 could not be pulled" };
      const emu = await start({ rollbackDurationMs: HOUR_MS, rollbackOutcome: failure }, clock);
      const p = provider(clock);
      const props = await checked(p, emu, { timeoutSeconds: 10 });
      const timedOut = await createError(p, props);
      assert.ok(timedOut instanceof RollbackInitError);
      clock.offset += HOUR_MS;
      const err = await p.update(timedOut.id, timedOut.properties, props).then(
        () => assert.fail("finishing a failed rollback succeeded"),
        (e: unknown) => e as RollbackInitError,
      );
      assert.ok(err instanceof RollbackInitError, String(err));
      assert.equal(err.properties.outcome, "failed");
      assert.equal(err.properties.status, "rollbackFailed");
      assert.ok(typeof err.properties.finishedAt === "string");
      assert.match(err.message, /ImagePullBackOff/);
      assert.equal(posts(emu), 1);
    });
  });

  describe("finishing an unfinished record", function () {
    /** A record left timed-out by a first up (1 POST), and the clock moved on by `afterMs`. */
    async function timedOut(seed: Partial<AddonSeed>, extra: Props = {}) {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: HOUR_MS, ...seed }, clock);
      const p = provider(clock);
      const props = await checked(p, emu, { timeoutSeconds: 10, ...extra });
      const err = (await createError(p, props)) as RollbackInitError;
      assert.equal(err.properties.outcome, "timed-out");
      lines.length = 0;
      return { clock, emu, p, props, record: err };
    }
    const finishError = (promise: Promise<unknown>) =>
      promise.then(
        () => assert.fail("finishing succeeded"),
        (e: unknown) => e as RollbackInitError,
      );

    it("says what it waits for, and how it ended, under the resource", async function () {
      const { clock, p, props, record } = await timedOut({});
      clock.offset += HOUR_MS;
      await p.update(record.id, record.properties, props);
      assert.equal(
        lines[0],
        `CCE Autopilot add-on ${ID}: the last run left its rollback 1.28.6 -> 1.28.4 timed-out; waiting for it (nothing is sent)`,
      );
      assert.equal(lines.at(-1), `CCE Autopilot add-on ${ID}: rollback finished: running at 1.28.4`);
    });

    it("an add-on left partially ready: strict stays timed-out (no finishedAt, nothing sent); acceptPartiallyReady finishes it", async function () {
      const { clock, emu, p, props, record } = await timedOut({ rollbackOutcome: "partiallyReady" });
      clock.offset += HOUR_MS;
      const again = await finishError(p.update(record.id, record.properties, props));
      assert.equal(again.properties.outcome, "timed-out");
      assert.equal(again.properties.status, "available");
      assert.equal(again.properties.finishedAt, undefined);
      assert.match(
        again.message,
        /only partially ready.*Nothing was sent; the next `pulumi up` waits for it again\.$/s,
      );
      assert.deepEqual(again.reasons, [again.message]);
      const { outs } = await p.update(record.id, again.properties, { ...props, acceptPartiallyReady: true });
      assert.equal(outs.outcome, "rolled-back");
      assert.equal(outs.status, "available");
      assert.equal(emu.count({ method: "POST" }), 1);
    });

    it("the add-on gone meanwhile: failed, status notFound, with finishedAt", async function () {
      const { clock, emu, p, props, record } = await timedOut({});
      clock.offset += HOUR_MS;
      emu.removeAddon(ID);
      const err = await finishError(p.update(record.id, record.properties, props));
      assert.equal(err.properties.outcome, "failed");
      assert.equal(err.properties.status, "notFound");
      assert.ok(typeof err.properties.finishedAt === "string");
      assert.match(err.message, /The record now says it failed; to run another rollback, change `trigger`\./);
    });

    it("the rollback ended back at the old version: failed, the version it runs recorded", async function () {
      const { clock, emu, p, props, record } = await timedOut({});
      clock.offset += HOUR_MS;
      emu.patchAddon(ID, { status: "running", version: FROM, previousVersion: TO, isRollbackable: true });
      const err = await finishError(p.update(record.id, record.properties, props));
      assert.equal(err.properties.outcome, "failed");
      assert.equal(err.properties.currentVersion, FROM);
      assert.match(err.message, /not 1\.28\.4/);
      assert.equal(emu.count({ method: "POST" }), 1);
    });
  });

  describe("the engine's timeout and cancellation", function () {
    it("customTimeouts.create smaller than timeoutSeconds ends the wait and is named; 1 POST, recorded", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: HOUR_MS }, clock);
      const p = provider(clock);
      const props = await checked(p, emu, { timeoutSeconds: 600 });
      const startedAt = clock.now();
      const err = await createError(p, props, { timeoutSeconds: 15 });
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(err.message, /did not finish within customTimeouts\.create \(15 s\)/);
      assert.ok(clock.now() - startedAt <= 15_000 + 1_000, `ended near 15 s (${clock.now() - startedAt} ms)`);
      const lastRead = emu.requests.filter((r) => r.method === "GET").at(-1)?.at ?? 0;
      assert.ok(lastRead <= startedAt + 15_000, "nothing sent after the engine's deadline");
      assert.equal(posts(emu), 1);
    });

    it("a larger customTimeouts.create leaves timeoutSeconds in charge", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: HOUR_MS }, clock);
      const p = provider(clock);
      const err = await createError(p, await checked(p, emu, { timeoutSeconds: 10 }), { timeoutSeconds: 900 });
      assert.match(err.message, /did not finish within timeoutSeconds \(10 s\)/);
    });

    it("cancelled during the wait: stops at once, recorded as cancelled with its one POST; the next up finishes it", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: HOUR_MS }, clock);
      const p = provider(clock);
      const props = await checked(p, emu);
      const cancel = new AbortController();
      onLog = (line) => {
        if (/rollbacking at/.test(line)) cancel.abort(new OperationCancelledError());
      };
      const startedAt = clock.now();
      const err = await createError(p, props, { cancel: cancel.signal });
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.equal(err.properties.outcome, "cancelled");
      assert.equal(err.properties.status, "rollbacking");
      assert.match(err.message, /Cancelled while waiting: the rollback was accepted/);
      assert.ok(clock.now() - startedAt < 60_000, "no waiting after the cancel");
      assert.equal(posts(emu), 1);

      onLog = undefined;
      clock.offset += HOUR_MS;
      const { outs } = await p.update(err.id, err.properties, props);
      assert.equal(outs.outcome, "rolled-back");
      assert.equal(posts(emu), 1, "the next up sends no second rollback");
    });

    it("cancelled before the rollback is requested: nothing is sent, nothing recorded, and the error says so", async function () {
      const emu = await start();
      const p = provider();
      const cancel = new AbortController();
      cancel.abort(new OperationCancelledError());
      const err = await createError(p, await checked(p, emu), { cancel: cancel.signal });
      assert.ok(!(err instanceof RollbackInitError), "nothing to record");
      assert.match(err.message, /cancelled .*nothing was sent/);
      assert.equal(emu.requests.length, 0);
    });

    it("cancelled after the read, right before the rollback request (from the line announcing it): nothing is sent, nothing recorded", async function () {
      // The cancel lands between the read and the POST, with no request budget to wait for: only the check right
      // before the rollback request stops it (the budget's own check, below, is for a cancel while it waits).
      const emu = await start();
      const p = provider();
      const cancel = new AbortController();
      onLog = (line) => {
        if (/rolling back 1\.28\.6 -> 1\.28\.4/.test(line)) cancel.abort(new OperationCancelledError());
      };
      const err = await createError(p, await checked(p, emu), { cancel: cancel.signal });
      assert.ok(cancel.signal.aborted, "the line announcing the rollback was logged");
      assert.ok(!(err instanceof RollbackInitError), "nothing to record");
      assert.match(err.message, /cancelled before the rollback was requested; nothing was sent/);
      assert.equal(posts(emu), 0);
      assert.deepEqual(
        emu.requests.map((r) => r.method),
        ["GET"],
        "the read only",
      );
      assert.equal(emu.addon(ID)?.status.currentVersion.version, FROM);
    });

    it("cancelled after the read, while the rollback request waits for the request budget: nothing is sent, nothing recorded", async function () {
      const emu = await start();
      const p = provider();
      // One request per second: the first read takes the budget's only token, and the POST waits about 1 s for the next.
      await p.configure({ config: { get: (key) => (key === "huaweicloud:maxRequestsPerSecond" ? "1" : undefined) } });
      const cancel = new AbortController();
      onLog = (line) => {
        if (/rolling back 1\.28\.6 -> 1\.28\.4/.test(line)) {
          setTimeout(() => cancel.abort(new OperationCancelledError()), 100);
        }
      };
      const err = await createError(p, await checked(p, emu), { cancel: cancel.signal });
      assert.ok(!(err instanceof RollbackInitError), "nothing to record");
      assert.match(err.message, /cancelled while the rollback request waited for the request budget; nothing was sent/);
      assert.equal(posts(emu), 0);
      assert.equal(emu.requests.length, 1, "the read only");
      assert.equal(emu.addon(ID)?.status.currentVersion.version, FROM);
    });

    it("cancelled while finishing an unfinished record: recorded as cancelled again, nothing sent", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackDurationMs: HOUR_MS }, clock);
      const p = provider(clock);
      const props = await checked(p, emu, { timeoutSeconds: 10 });
      const timedOut = (await createError(p, props)) as RollbackInitError;
      const cancel = new AbortController();
      onLog = (line) => {
        if (/waiting for it/.test(line)) cancel.abort(new OperationCancelledError());
      };
      const err = await p.update(timedOut.id, timedOut.properties, props, { cancel: cancel.signal }).then(
        () => assert.fail("finishing succeeded"),
        (e: unknown) => e as RollbackInitError,
      );
      assert.equal(err.properties.outcome, "cancelled");
      assert.match(err.message, /the next `pulumi up` waits for it again/);
      assert.equal(posts(emu), 1);
    });
  });

  describe("the strict wait", function () {
    it("available at the target is not success: at the deadline the error says partially ready; recorded timed-out", async function () {
      const clock = new AdvancingClock();
      const emu = await start({ rollbackOutcome: "partiallyReady" }, clock);
      const p = provider(clock);
      const err = await createError(p, await checked(p, emu, { timeoutSeconds: 10 }));
      assert.ok(err instanceof RollbackInitError, err.message);
      assert.match(err.message, /at the target version 1\.28\.4 but only partially ready \(status available/);
      assert.match(err.message, /acceptPartiallyReady: true/);
      assert.equal(err.properties.outcome, "timed-out");
      assert.equal(err.properties.status, "available");
      assert.equal(posts(emu), 1);
    });

    it("acceptPartiallyReady: true takes available at the target for success", async function () {
      const emu = await start({ rollbackOutcome: "partiallyReady" });
      const p = provider();
      const { outs } = await p.create(await checked(p, emu, { acceptPartiallyReady: true }));
      assert.equal(outs.status, "available");
      assert.equal(outs.outcome, "rolled-back");
      assert.equal(outs.acceptPartiallyReady, true);
      assert.equal(posts(emu), 1);
    });
  });

  describe("preview", function () {
    it("names the versions: reads the add-on (by name too), plans 1.28.6 -> 1.28.4, sends nothing", async function () {
      const emu = await start();
      const p = provider();
      for (const selector of [{ addonId: ID }, { addonId: undefined, addonName: "coredns" }]) {
        const result = await p.preview(await checked(p, emu, selector));
        assert.deepEqual(result.planned, {
          addonId: ID,
          addonName: "coredns",
          fromVersion: FROM,
          toVersion: TO,
          currentVersion: TO,
          outcome: "rolled-back",
        });
      }
      assert.equal(posts(emu), 0);
      assert.ok(emu.requests.every((r) => r.method === "GET"));
      assert.match(lines.join("\n"), /coredns 1\.28\.6 -> 1\.28\.4 \(planned rollback/);
    });

    it("refuses what up would refuse, with up's message: not rollbackable, upgrading, a guard that does not hold", async function () {
      const cases: [Partial<AddonSeed>, Props, RegExp][] = [
        [{ isRollbackable: false }, {}, /cannot be rolled back now .*isRollbackable=false/],
        [{ status: "upgrading" }, {}, /a rollback is allowed only from/],
        [{}, { expectCurrentVersion: "1.28.5" }, /is at version 1\.28\.6, not 1\.28\.5 \(expectCurrentVersion\)/],
        [{}, { expectTargetVersion: "1.28.0" }, /would roll back to 1\.28\.4, not 1\.28\.0 \(expectTargetVersion\)/],
      ];
      for (const [seed, extra, message] of cases) {
        const emu = await start(seed);
        const p = provider();
        await assert.rejects(p.preview(await checked(p, emu, extra)), message);
        assert.equal(posts(emu), 0);
        await emu.close();
      }
    });

    it("fails as up would for a name that picks no add-on", async function () {
      const emu = await start();
      const p = provider();
      await assert.rejects(
        p.preview(await checked(p, emu, { addonId: undefined, addonName: "nope" })),
        /no add-on named "nope"/,
      );
    });

    it("without credentials, or with the API out of reach, warns and leaves the plan unknown; nothing sent", async function () {
      const emu = await start();
      const bare = provider(undefined, { HW_PROJECT_ID: EMULATOR_ENV.HW_PROJECT_ID });
      const result = await bare.preview(await checked(bare, emu));
      assert.equal(result.planned, undefined);
      assert.match("warning" in result ? (result.warning ?? "") : "", /planned versions are unknown: no credentials/);
      assert.equal(emu.requests.length, 0);

      const p = provider();
      const closed = await startEmulator();
      const url = closed.url;
      await closed.close();
      const away = await p.preview(await checked(p, emu, { endpoint: url }));
      assert.equal(away.planned, undefined);
      assert.match("warning" in away ? (away.warning ?? "") : "", /planned versions are unknown: reading it: /);
    });

    it("an input computed by another resource (unknown in the preview): no request, no warning", async function () {
      const emu = await start();
      const p = provider();
      const result = await p.preview({ ...(await checked(p, emu)), addonId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
      assert.deepEqual(result, { planned: undefined });
      assert.equal(emu.requests.length, 0);
    });
  });
});
