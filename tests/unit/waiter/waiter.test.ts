/**
 * Tests of the generic deadline-based poller. Time comes from a fake Clock whose `sleep` records the requested pause
 * and moves `now()` by exactly that much, so each test runs in microseconds and the delay sequence is exact.
 */
import assert from "node:assert/strict";
import { type Clock, systemClock } from "../../../provider/clock";
import {
  DEFAULT_POLL_SCHEDULE,
  type PollSchedule,
  type Verdict,
  type WaitOptions,
  nextDelayMs,
  runPolling,
} from "../../../provider/waiter/waiter";
import { mulberry32 } from "../../support/prng";
import { VirtualTimeouts } from "../../support/virtual-timeouts";

const T0 = Date.parse("2024-07-18T03:03:17Z");

/** A clock that only moves when someone sleeps; it records every pause asked for. */
class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  private readonly timeouts = new VirtualTimeouts(() => this.ms);
  constructor(public ms = T0) {}
  readonly now = (): number => this.ms;
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    this.sleeps.push(ms);
    this.ms += ms;
    this.timeouts.fire();
    return Promise.resolve();
  };
  readonly timeout = (ms: number): AbortSignal => this.timeouts.timeout(ms);
}

class TransientError extends Error {
  override name = "TransientError";
}

const pending: Verdict = { state: "pending" };
const noJitter = () => 0;

/** Options with a fake clock, no jitter and a poll that records when it ran. */
function options<T>(
  clock: FakeClock,
  overrides: Partial<WaitOptions<T>> & Pick<WaitOptions<T>, "poll" | "classify">,
): WaitOptions<T> {
  return { clock, random: noJitter, timeoutMs: 60_000, ...overrides };
}

describe(runPolling.name, function () {
  it("basic: the first read is immediate and success ends the wait", async function () {
    const clock = new FakeClock();
    const readAt: number[] = [];
    const result = await runPolling(
      options(clock, {
        poll: () => {
          readAt.push(clock.now());
          return Promise.resolve("done");
        },
        classify: () => ({ state: "success" }),
      }),
    );
    assert.deepEqual(result, { state: "success", value: "done", observed: 1, elapsedMs: 0 });
    assert.deepEqual(readAt, [T0]);
    assert.deepEqual(clock.sleeps, [], "no pause before the first read");
  });

  it("pacing: pauses are max(minDelayMs, 10% of the time waited), one read per pause", async function () {
    const clock = new FakeClock();
    const readAt: number[] = [];
    const result = await runPolling(
      options(clock, {
        timeoutMs: 15_000,
        poll: () => {
          readAt.push(clock.now() - T0);
          return Promise.resolve(readAt.length);
        },
        classify: (n) => (n === 15 ? { state: "success" } : pending),
      }),
    );
    assert.equal(result.state, "success");
    // 1 s apart until 10 s have passed, then 10% of the time waited: 10 s -> 11 s -> 12.1 s -> 13.31 s -> 14.641 s.
    assert.deepEqual(
      clock.sleeps,
      [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1100, 1210, 1331],
    );
    assert.deepEqual(readAt.slice(-4), [11_000, 12_100, 13_310, 14_641]);
    assert.equal(result.observed, 15);
    assert.equal(result.elapsedMs, 14_641);
  });

  it("pacing: maxDelayMs caps the pause however long the wait", async function () {
    const clock = new FakeClock();
    const schedule = { minDelayMs: 100, maxDelayMs: 5000 };
    const result = await runPolling(
      options(clock, {
        timeoutMs: 3_600_000,
        schedule,
        poll: () => Promise.resolve(clock.now() - T0),
        classify: (elapsed) => (elapsed >= 600_000 ? { state: "success" } : pending),
      }),
    );
    assert.equal(result.state, "success");
    assert.ok(Math.max(...clock.sleeps) <= 5000);
    assert.equal(clock.sleeps.at(-1), 5000, "the cap is reached");
    assert.equal(clock.sleeps[0], 100, "the floor applies at the start");
    for (let i = 1; i < clock.sleeps.length; i++) {
      assert.ok((clock.sleeps[i] as number) >= (clock.sleeps[i - 1] as number), `pauses never shrink: ${i}`);
    }
  });

  it("startedAt: pacing and deadline count from when the operation was accepted, not from the first read", async function () {
    const clock = new FakeClock();
    const result = await runPolling(
      options(clock, {
        startedAt: T0 - 50_000,
        timeoutMs: 60_000,
        poll: () => Promise.resolve("x"),
        classify: () => pending,
      }),
    );
    assert.equal(result.state, "timeout");
    // 50 s already waited: the first pause is 5 s, and only 10 s remain.
    assert.equal(clock.sleeps[0], 5000);
    assert.equal(clock.now(), T0 + 10_000);
    assert.equal(result.elapsedMs, 60_000);
  });

  it("timeout: the last read happens exactly at the deadline, and the result carries the last value and count", async function () {
    const clock = new FakeClock();
    const readAt: number[] = [];
    const result = await runPolling(
      options(clock, {
        timeoutMs: 4500,
        poll: () => {
          readAt.push(clock.now() - T0);
          return Promise.resolve({ status: "rollbacking", n: readAt.length });
        },
        classify: () => pending,
      }),
    );
    assert.deepEqual(readAt, [0, 1000, 2000, 3000, 4000, 4500]);
    assert.deepEqual(clock.sleeps, [1000, 1000, 1000, 1000, 500], "the last pause is cut to the deadline");
    assert.deepEqual(result, {
      state: "timeout",
      value: { status: "rollbacking", n: 6 },
      lastError: undefined,
      observed: 6,
      elapsedMs: 4500,
    });
  });

  it("timeout: a final look that fails at the deadline does not hide the good read before it", async function () {
    const clock = new FakeClock();
    let reads = 0;
    const result = await runPolling(
      options(clock, {
        timeoutMs: 1500,
        isTransient: () => true,
        poll: () => {
          reads++;
          if (clock.now() - T0 >= 1500) return Promise.reject(new Error("no time left to send it"));
          return Promise.resolve(`rollbacking ${reads}`);
        },
        classify: () => pending,
      }),
    );
    assert.deepEqual(result, {
      state: "timeout",
      value: "rollbacking 2",
      lastError: undefined,
      observed: 2,
      elapsedMs: 1500,
    });
  });

  it("timeout: after a pause to the deadline that ends a moment early, the read is still the final look", async function () {
    // Real timers may fire up to ~2 ms before the clock says their time has come (libuv counts whole milliseconds),
    // and the deadline's signal with them: the read after the pause is cut at once, and must not hide the 429.
    const clock = new FakeClock();
    const wakesEarly: Clock = {
      now: clock.now,
      timeout: clock.timeout,
      sleep: async (ms, signal) => {
        await clock.sleep(ms, signal);
        if (ms >= 1000) clock.ms -= 1;
      },
    };
    const throttled = Object.assign(new Error("429 (Retry-After 20 s)"), { retryAfterMs: 20_000 });
    let reads = 0;
    const result = await runPolling(
      options(clock, {
        clock: wakesEarly,
        timeoutMs: 1500,
        isTransient: () => true,
        poll: () => Promise.reject(++reads === 1 ? throttled : new Error("the deadline ran out before it was sent")),
        classify: () => pending,
      }),
    );
    assert.equal(reads, 2, "the read after the pause to the deadline is the last one");
    assert.equal(result.state, "timeout");
    assert.equal(result.state === "timeout" ? result.lastError : undefined, throttled);
  });

  it("timeout: a read that itself takes time past the deadline ends the wait without another pause", async function () {
    const clock = new FakeClock();
    let reads = 0;
    const result = await runPolling(
      options(clock, {
        timeoutMs: 2000,
        poll: () => {
          reads++;
          clock.ms += 3000; // a slow read
          return Promise.resolve(reads);
        },
        classify: () => pending,
      }),
    );
    assert.equal(result.state, "timeout");
    assert.equal(reads, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(result.elapsedMs, 3000);
  });

  it("timeout: a read that fails as it ends exactly at the deadline is the last one, and keeps the error before it", async function () {
    const clock = new FakeClock();
    const earlier = new TransientError("503 before the deadline");
    let reads = 0;
    const result = await runPolling(
      options(clock, {
        timeoutMs: 2000,
        isTransient: () => true,
        poll: () => {
          if (++reads === 1) return Promise.reject(earlier);
          clock.ms = T0 + 2000; // this read takes until the deadline
          return Promise.reject(new TransientError("cut at the deadline"));
        },
        classify: () => pending,
      }),
    );
    assert.equal(reads, 2, "no read after the one that reached the deadline");
    assert.deepEqual(clock.sleeps, [1000]);
    assert.deepEqual(result, { state: "timeout", value: undefined, lastError: earlier, observed: 0, elapsedMs: 2000 });
  });

  it("timeout: a good read that ends exactly at the deadline is the last one", async function () {
    const clock = new FakeClock();
    let reads = 0;
    const result = await runPolling(
      options(clock, {
        timeoutMs: 2000,
        poll: () => {
          if (++reads === 2) clock.ms = T0 + 2000;
          return Promise.resolve(`rollbacking ${reads}`);
        },
        classify: () => pending,
      }),
    );
    assert.deepEqual(result, {
      state: "timeout",
      value: "rollbacking 2",
      lastError: undefined,
      observed: 2,
      elapsedMs: 2000,
    });
    assert.deepEqual(clock.sleeps, [1000]);
  });

  describe("Retry-After (retryAfterMs of a transient error)", function () {
    // [retryAfterMs of the error after the first read, the pause before the second read]
    const cases: [unknown, number][] = [
      [5000, 5000],
      [500, 1000],
      [0, 1000],
      [-5000, 1000],
      ["5000", 1000],
      [Number.NaN, 1000],
      [undefined, 1000],
      [60_000, 30_000],
    ];
    for (const [retryAfterMs, pause] of cases) {
      it(`${typeof retryAfterMs === "string" ? `"${retryAfterMs}"` : String(retryAfterMs)}: the next read after ${pause} ms`, async function () {
        const clock = new FakeClock();
        const throttled = Object.assign(new TransientError("429"), { retryAfterMs });
        let reads = 0;
        await runPolling(
          options(clock, {
            timeoutMs: 30_000,
            isTransient: () => true,
            poll: () => (++reads === 1 ? Promise.reject(throttled) : Promise.resolve("running")),
            classify: (s): Verdict => (s === "running" ? { state: "success" } : pending),
          }),
        );
        assert.deepEqual(clock.sleeps, [pause]);
      });
    }

    it("a good read since the error: the pace is the schedule's again", async function () {
      const clock = new FakeClock();
      const script: (string | Error)[] = [
        Object.assign(new TransientError("429"), { retryAfterMs: 5000 }),
        "rollbacking",
      ];
      let reads = 0;
      await runPolling(
        options(clock, {
          isTransient: () => true,
          poll: () => {
            reads++;
            const next = script.shift() ?? "running";
            return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
          },
          classify: (s): Verdict => (s === "running" ? { state: "success" } : pending),
        }),
      );
      assert.deepEqual(clock.sleeps, [5000, 1000]);
      assert.equal(reads, 3);
    });
  });

  it("failure: classify's failure ends the wait with its reason and the value", async function () {
    const clock = new FakeClock();
    const statuses = ["rollbacking", "rollbacking", "rollbackFailed"];
    const result = await runPolling(
      options(clock, {
        poll: () => Promise.resolve(statuses.shift() ?? "none"),
        classify: (s): Verdict => (s === "rollbackFailed" ? { state: "failure", reason: "it broke" } : pending),
      }),
    );
    assert.deepEqual(result, {
      state: "failure",
      value: "rollbackFailed",
      reason: "it broke",
      observed: 3,
      elapsedMs: 2000,
    });
  });

  it("throttled: transient errors are tolerated, reported to onObserve, and do not count as observations", async function () {
    const clock = new FakeClock();
    const script: (string | Error)[] = [new TransientError("429"), "rollbacking", new TransientError("503"), "running"];
    const seen: string[] = [];
    const result = await runPolling(
      options(clock, {
        poll: () => {
          const next = script.shift();
          return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? "none");
        },
        classify: (s) => (s === "running" ? { state: "success" } : pending),
        isTransient: (err) => err instanceof TransientError,
        onObserve: (o) =>
          seen.push(o.error ? `error ${(o.error as Error).message}@${o.elapsedMs}` : `${o.value}@${o.elapsedMs}`),
      }),
    );
    assert.equal(result.state, "success");
    assert.equal(result.observed, 2);
    assert.deepEqual(seen, ["error 429@0", "rollbacking@1000", "error 503@2000", "running@3000"]);
  });

  it("throttled: a wait that only ever saw transient errors times out with no value and the last error before the deadline", async function () {
    const clock = new FakeClock();
    let n = 0;
    const result = await runPolling(
      options(clock, {
        timeoutMs: 3000,
        poll: () => Promise.reject(new TransientError(`throttled ${++n}`)),
        classify: () => pending,
        isTransient: () => true,
      }),
    );
    assert.equal(result.state, "timeout");
    assert.equal(result.value, undefined);
    assert.equal(result.observed, 0);
    assert.equal(n, 4, "reads at 0, 1, 2 s and the final look at the deadline");
    // The final look, at the deadline, has no time to be answered: the error before it says more.
    assert.equal((result as { lastError: Error }).lastError.message, "throttled 3");
  });

  it("throttled: a good read after an error clears lastError", async function () {
    const clock = new FakeClock();
    const script: (string | Error)[] = [new TransientError("429"), "rollbacking"];
    const result = await runPolling(
      options(clock, {
        timeoutMs: 1000,
        poll: () => {
          const next = script.shift() ?? "rollbacking";
          return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
        },
        classify: () => pending,
        isTransient: (err) => err instanceof TransientError,
      }),
    );
    assert.equal(result.state, "timeout");
    assert.equal(result.value, "rollbacking");
    assert.equal((result as { lastError: unknown }).lastError, undefined);
  });

  it("errors: a non-transient error is thrown as is, with no further read", async function () {
    const clock = new FakeClock();
    const fatal = new Error("403 forbidden");
    let reads = 0;
    await assert.rejects(
      runPolling(
        options(clock, {
          poll: () => (++reads === 2 ? Promise.reject(fatal) : Promise.resolve("rollbacking")),
          classify: () => pending,
          isTransient: (err) => err instanceof TransientError,
        }),
      ),
      (err) => err === fatal,
    );
    assert.equal(reads, 2);
  });

  it("errors: without isTransient every error is fatal", async function () {
    const clock = new FakeClock();
    await assert.rejects(
      runPolling(options(clock, { poll: () => Promise.reject(new TransientError("x")), classify: () => pending })),
      TransientError,
    );
  });

  describe("options validation", function () {
    const cases: [string, Partial<WaitOptions<string>>, RegExp][] = [
      ["timeoutMs 0", { timeoutMs: 0 }, /timeoutMs must be > 0/],
      ["timeoutMs negative", { timeoutMs: -1 }, /timeoutMs must be > 0/],
      ["timeoutMs NaN", { timeoutMs: Number.NaN }, /timeoutMs must be > 0/],
      ["minDelayMs 0", { schedule: { minDelayMs: 0 } }, /minDelayMs must be > 0/],
      [
        "maxDelayMs below minDelayMs",
        { schedule: { minDelayMs: 500, maxDelayMs: 100 } },
        /maxDelayMs must be >= minDelayMs/,
      ],
      ["fractionOfElapsed negative", { schedule: { fractionOfElapsed: -0.1 } }, /fractionOfElapsed must be >= 0/],
      ["jitter 1", { schedule: { jitter: 1 } }, /jitter must be in \[0, 1\)/],
      ["jitter negative", { schedule: { jitter: -0.5 } }, /jitter must be in \[0, 1\)/],
    ];
    for (const [name, bad, message] of cases) {
      it(`invalid: ${name} is a RangeError before any read`, async function () {
        const clock = new FakeClock();
        let reads = 0;
        await assert.rejects(
          runPolling(
            options(clock, {
              ...bad,
              poll: () => {
                reads++;
                return Promise.resolve("x");
              },
              classify: () => pending,
            }),
          ),
          (err: unknown) => err instanceof RangeError && message.test(err.message),
        );
        assert.equal(reads, 0);
      });
    }

    it("invalid: every problem is listed in one error", async function () {
      await assert.rejects(
        runPolling(
          options(new FakeClock(), {
            timeoutMs: 0,
            schedule: { minDelayMs: 0, jitter: 2 },
            poll: () => Promise.resolve("x"),
            classify: () => pending,
          }),
        ),
        (err: unknown) =>
          err instanceof RangeError &&
          err.message ===
            "invalid wait options: timeoutMs must be > 0 (got 0); minDelayMs must be > 0 (got 0); jitter must be in [0, 1)",
      );
    });

    it("valid: the boundaries, no jitter and a fixed pause (fractionOfElapsed 0), poll every minDelayMs", async function () {
      const clock = new FakeClock();
      let reads = 0;
      const result = await runPolling(
        options(clock, {
          random: () => 0.999,
          schedule: { minDelayMs: 1000, maxDelayMs: 1000, fractionOfElapsed: 0, jitter: 0 },
          poll: () => Promise.resolve(++reads),
          classify: (n): Verdict => (n >= 4 ? { state: "success" } : pending),
        }),
      );
      assert.equal(result.state, "success");
      assert.deepEqual(clock.sleeps, [1000, 1000, 1000]);
    });
  });

  describe("abort", function () {
    it("aborted before the start: no read", async function () {
      const controller = new AbortController();
      controller.abort(new Error("cancelled by the engine"));
      let reads = 0;
      await assert.rejects(
        runPolling(
          options(new FakeClock(), {
            signal: controller.signal,
            poll: () => {
              reads++;
              return Promise.resolve("x");
            },
            classify: () => pending,
          }),
        ),
        /cancelled by the engine/,
      );
      assert.equal(reads, 0);
    });

    it("aborted between reads: the wait stops with the signal's reason", async function () {
      const controller = new AbortController();
      const clock = new FakeClock();
      let reads = 0;
      await assert.rejects(
        runPolling(
          options(clock, {
            signal: controller.signal,
            poll: () => {
              if (++reads === 3) controller.abort(new Error("stop"));
              return Promise.resolve("x");
            },
            classify: () => pending,
          }),
        ),
        /stop/,
      );
      assert.equal(reads, 3);
    });

    it("aborted during a real pause: the wait ends at once, not after the pause", async function () {
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(new Error("interrupted")), 20);
      await assert.rejects(
        runPolling({
          clock: systemClock,
          random: noJitter,
          timeoutMs: 600_000,
          schedule: { minDelayMs: 60_000, maxDelayMs: 60_000 },
          signal: controller.signal,
          poll: () => Promise.resolve("x"),
          classify: () => pending,
        }),
        /interrupted/,
      );
      // Generous on a busy machine: the pause it no longer waits for was 60 s long.
      assert.ok(performance.now() - started < 10_000);
    });
  });

  /**
   * The promise: a change is seen at most max(1 s, 10% of T) after it happens at T (T counted from the start of the
   * wait), and the number of reads grows like T/1 s up to 10 s and logarithmically after that, until the 60 s cap
   * makes it linear again (one read a minute, from 600 s on).
   *
   * Read bound, with the default schedule (min 1 s, 10%, jitter up to 10%, max 60 s): every pause is at least 90% of
   * its nominal value, so
   * - up to 10 s: pauses >= 0.9 s, at most ceil(10 / 0.9) = 12 reads;
   * - 10 s .. 600 s: the time waited grows by a factor >= 1.09 per read: at most ceil(ln(T / 10 s) / ln 1.09);
   * - past 600 s: pauses >= 54 s: at most ceil((T - 600 s) / 54 s);
   * - plus the first read and the read that sees the change.
   */
  describe("property: detection lag and read count over finish times 0.5 s .. 3600 s", function () {
    function readBound(finishMs: number): number {
      const early = Math.ceil(Math.min(finishMs, 10_000) / 900);
      const middle = Math.ceil(Math.log(Math.max(1, Math.min(finishMs, 600_000) / 10_000)) / Math.log(1.09));
      const late = Math.ceil(Math.max(0, finishMs - 600_000) / 54_000);
      return 1 + early + middle + late + 1;
    }

    /** The real waiter on a fake clock, for an operation that finishes `finishMs` after the start. */
    function waitForFinishAt(finishMs: number, random: () => number) {
      const clock = new FakeClock();
      return runPolling<number>({
        clock,
        random,
        timeoutMs: finishMs * 2 + 120_000,
        poll: () => Promise.resolve(clock.now() - T0),
        classify: (elapsed): Verdict => (elapsed >= finishMs ? { state: "success" } : pending),
      });
    }

    /** Finish times: a log-spaced sweep plus seeded random ones, in ms. */
    function finishTimes(random: () => number): number[] {
      const times: number[] = [];
      for (let t = 500; t <= 3_600_000; t = Math.ceil(t * 1.07)) times.push(t);
      for (let i = 0; i < 400; i++) times.push(Math.round(500 * Math.exp(random() * Math.log(3_600_000 / 500))));
      times.push(999, 1000, 1001, 9999, 10_000, 10_001, 599_999, 600_000, 3_600_000);
      return times;
    }

    it("basic: lag <= max(1 s, 10% of T) and reads <= the stated bound, for every T", async function () {
      const random = mulberry32(0x7a17e5);
      let worstLagRatio = 0;
      for (const finishMs of finishTimes(random)) {
        const result = await waitForFinishAt(finishMs, random);
        assert.equal(result.state, "success", `T=${finishMs}`);
        const lag = result.elapsedMs - finishMs;
        const allowed = Math.max(1000, 0.1 * finishMs);
        // +1 ms: pauses are whole milliseconds, rounded from 10% of the time waited.
        assert.ok(lag <= allowed + 1, `T=${finishMs}: seen ${lag} ms late, allowed ${allowed}`);
        assert.ok(
          result.observed <= readBound(finishMs),
          `T=${finishMs}: ${result.observed} reads > ${readBound(finishMs)}`,
        );
        worstLagRatio = Math.max(worstLagRatio, lag / allowed);
      }
      assert.ok(worstLagRatio > 0.5, "the sweep reaches the interesting part of the bound");
    });

    it("basic: concrete read counts stay far below one read per second, whatever the jitter", async function () {
      const cases = [
        { finishMs: 10_000, maxReads: 14 },
        { finishMs: 600_000, maxReads: 62 },
        { finishMs: 3_600_000, maxReads: 120 },
      ];
      for (const { finishMs, maxReads } of cases) {
        for (const random of [noJitter, () => 0.999_999]) {
          const result = await waitForFinishAt(finishMs, random);
          assert.equal(result.state, "success");
          assert.ok(result.observed <= maxReads, `T=${finishMs}: ${result.observed} reads, at most ${maxReads}`);
          assert.ok(result.observed >= 3, `T=${finishMs}: ${result.observed} reads: the wait did poll`);
        }
      }
    });

    it("worst case jitter: lag bound also holds when every pause is the longest allowed (no jitter)", async function () {
      for (const finishMs of [500, 1500, 9_500, 10_500, 20_001, 123_457, 700_003, 3_600_000]) {
        const result = await waitForFinishAt(finishMs, noJitter);
        assert.ok(result.elapsedMs - finishMs <= Math.max(1000, 0.1 * finishMs) + 1, `T=${finishMs}`);
      }
    });
  });
});

describe(nextDelayMs.name, function () {
  const schedule: PollSchedule = DEFAULT_POLL_SCHEDULE;

  it("basic: the floor, 10% of the time waited, and the cap", function () {
    assert.equal(nextDelayMs(0, schedule, noJitter), 1000);
    assert.equal(nextDelayMs(9_999, schedule, noJitter), 1000);
    assert.equal(nextDelayMs(25_000, schedule, noJitter), 2500);
    assert.equal(nextDelayMs(599_990, schedule, noJitter), 59_999);
    assert.equal(nextDelayMs(10_000_000, schedule, noJitter), 60_000);
  });

  it("jitter: only ever shortens, by at most the jitter fraction", function () {
    const random = mulberry32(42);
    for (let i = 0; i < 2000; i++) {
      const elapsed = Math.floor(random() * 2_000_000);
      const nominal = Math.min(60_000, Math.max(1000, elapsed * 0.1));
      const delay = nextDelayMs(elapsed, schedule, random);
      assert.ok(delay <= Math.round(nominal), `elapsed ${elapsed}: ${delay} > ${nominal}`);
      assert.ok(delay >= Math.floor(nominal * 0.9), `elapsed ${elapsed}: ${delay} < 90% of ${nominal}`);
    }
    assert.equal(
      nextDelayMs(0, schedule, () => 0.999_999),
      900,
    );
    assert.equal(
      nextDelayMs(0, schedule, () => 0.5),
      950,
    );
  });

  it("jitter 0: the same pause whatever random returns", function () {
    const exact = { ...schedule, jitter: 0 };
    assert.equal(
      nextDelayMs(50_000, exact, () => 0.99),
      5000,
    );
    assert.equal(
      nextDelayMs(50_000, exact, () => 0),
      5000,
    );
  });

  it("never 0: at least 1 ms even with a tiny schedule", function () {
    assert.equal(
      nextDelayMs(0, { minDelayMs: 0.1, maxDelayMs: 1, fractionOfElapsed: 0, jitter: 0.5 }, () => 0.99),
      1,
    );
  });
});
