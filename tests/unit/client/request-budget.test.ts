/**
 * Tests of the request budget (RequestBudget): the token bucket's bursts and refill, foreground tickets before
 * background ones (also an urgency that changes while it waits), the rate's cut on a 429 (once per burst, down to the
 * floor), its cubic recovery and fast convergence, a wait that its signal ends, and the options' checks. Time is
 * virtual (VirtualClock): each grant's time is exact, nothing waits for real.
 */
import assert from "node:assert/strict";
import type { Clock } from "../../../provider/clock";
import { RequestBudget, type Urgency } from "../../../provider/client/request-budget";
import { VirtualClock } from "../../support/virtual-clock";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The injected VirtualClock, with a turn of the event loop before time moves. VirtualClock moves `now` as soon as
 * `sleep` is called, so the budget's next sleep would move it before a granted ticket's callbacks had seen the time
 * of their grant.
 */
function settling(clock: VirtualClock): Clock {
  return {
    now: clock.now,
    timeout: clock.timeout,
    sleep: async (ms, signal) => {
      await nextTurn();
      return clock.sleep(ms, signal);
    },
  };
}

function budgetAt(t: number, maxPerSecond: number, minPerSecond?: number) {
  const clock = new VirtualClock(t);
  const budget = new RequestBudget(settling(clock), { maxPerSecond, minPerSecond });
  return { clock, budget };
}

/** Takes a ticket for each urgency at once; resolves to the order and the virtual times of their grants. */
async function grants(clock: VirtualClock, budget: RequestBudget, urgencies: (Urgency | (() => Urgency))[]) {
  const order: number[] = [];
  const at: number[] = [];
  await Promise.all(
    urgencies.map((u, i) =>
      budget.take(u).then(() => {
        order.push(i);
        at[i] = clock.now();
      }),
    ),
  );
  return { order, at };
}

/** Equal within `ms` (the pump sleeps whole milliseconds, rounded up). */
function assertTimes(actual: number[], expected: number[], ms = 1): void {
  assert.equal(actual.length, expected.length, `${actual.join(", ")}`);
  actual.forEach((a, i) =>
    assert.ok(
      Math.abs(a - expected[i]!) <= ms,
      `grant ${i + 1} at ${a} ms, expected ${expected[i]} ms: ${actual.join(", ")}`,
    ),
  );
}

function assertClose(actual: number, expected: number, what: string, eps = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= eps, `${what}: ${actual}, expected ${expected}`);
}

describe(RequestBudget.name, function () {
  describe("bursts", function () {
    // [name, start time, maxPerSecond, idle ms before the takes, takes, expected grant times relative to the takes]
    const cases: [string, number, number, number, number, number[]][] = [
      ["5/s: five at once, then one every 200 ms", 0, 5, 0, 10, [0, 0, 0, 0, 0, 200, 400, 600, 800, 1000]],
      ["2/s: two at once, then one every 500 ms", 0, 2, 0, 4, [0, 0, 500, 1000]],
      ["0.5/s: the bucket holds at least one request", 0, 0.5, 0, 3, [0, 2000, 4000]],
      ["idle for 10 s still holds only one second's worth", 1_000_000, 5, 10_000, 6, [0, 0, 0, 0, 0, 200]],
    ];
    for (const [name, t0, max, idle, takes, expected] of cases) {
      it(name, async function () {
        const { clock, budget } = budgetAt(t0, max);
        clock.advance(idle);
        const start = clock.now();
        const { at, order } = await grants(clock, budget, Array<Urgency>(takes).fill("foreground"));
        assertTimes(
          at.map((t) => t - start),
          expected,
        );
        assert.deepEqual(order, [...Array(takes).keys()], "first come, first served among equals");
        assert.equal(budget.waiting, 0);
      });
    }

    it("tokens accrue while no one waits: after 400 ms at 5/s, two go at once", async function () {
      const { clock, budget } = budgetAt(0, 5);
      await grants(clock, budget, Array<Urgency>(5).fill("foreground"));
      clock.advance(400);
      const { at } = await grants(clock, budget, Array<Urgency>(3).fill("foreground"));
      assertTimes(at, [400, 400, 600]);
    });
  });

  describe("urgency", function () {
    const F: Urgency = "foreground";
    const B: Urgency = "background";
    // [name, urgencies in the order they were asked for, expected order of grants]
    const cases: [string, Urgency[], number[]][] = [
      ["foreground before older background", [B, B, F], [2, 0, 1]],
      ["foreground ones keep their order among themselves", [F, B, F], [0, 2, 1]],
      ["interleaved", [B, F, B, F], [1, 3, 0, 2]],
      ["all background: first come, first served", [B, B, B], [0, 1, 2]],
      ["all foreground: first come, first served", [F, F, F], [0, 1, 2]],
    ];
    for (const [name, urgencies, expected] of cases) {
      it(name, async function () {
        const { clock, budget } = budgetAt(0, 1);
        await budget.take(F); // the one token of the bucket
        const { order, at } = await grants(clock, budget, urgencies);
        assert.deepEqual(order, expected);
        assertTimes(
          expected.map((i) => at[i]!),
          urgencies.map((_, k) => 1000 * (k + 1)),
        );
      });
    }

    // An urgency function is asked at each grant: a ticket that turns foreground while it waits moves up.
    // [name, when the third ticket (a function) turns foreground, expected order of grants]
    const turns: [string, "never" | "before the first grant" | "after the first grant", number[]][] = [
      ["a function that stays background keeps its place", "never", [0, 1, 2]],
      ["a function that turns foreground before any grant goes first", "before the first grant", [2, 0, 1]],
      ["a function that turns foreground after the first grant goes next", "after the first grant", [0, 2, 1]],
    ];
    for (const [name, when, expected] of turns) {
      it(name, async function () {
        const { clock, budget } = budgetAt(0, 1);
        await budget.take(F);
        let third: Urgency = B;
        const order: number[] = [];
        const first = budget.take(B).then(() => {
          order.push(0);
          if (when === "after the first grant") third = F;
        });
        const second = budget.take(B).then(() => order.push(1));
        const last = budget.take(() => third).then(() => order.push(2));
        if (when === "before the first grant") third = F;
        await Promise.all([first, second, last]);
        assert.deepEqual(order, expected);
        assert.equal(clock.now(), 3000);
      });
    }
  });

  describe("429", function () {
    it("a storm: ten 429s for requests sent before the first cut cut the rate once, to 3.5", function () {
      const { clock, budget } = budgetAt(0, 5);
      const sentAt = [0, 0, 0, 0, 0, 200, 400, 600, 800, 1000]; // a burst at 5/s
      clock.advance(1100);
      for (const sent of sentAt) budget.answered(sent, true);
      assertClose(budget.ratePerSecond, 3.5, "after ten 429s of one burst");
      clock.advance(100);
      budget.answered(1050, true); // sent before the cut at 1100
      assertClose(budget.ratePerSecond, 3.5, "a 429 for a request sent before the cut");
      budget.answered(1100, true); // sent at the cut: says something new
      assertClose(budget.ratePerSecond, 2.45, "a 429 for a request sent at the cut");
      budget.answered(1150, true); // sent before the second cut at 1200
      assertClose(budget.ratePerSecond, 2.45, "a 429 for a request sent before the second cut");
    });

    // [name, minPerSecond, maxPerSecond, rates after each 429 for a request sent after the cut before it]
    const floors: [string, number | undefined, number, number[]][] = [
      [
        "down to the default floor 0.5, never below",
        undefined,
        5,
        [3.5, 2.45, 1.715, 1.2005, 0.84035, 0.588245, 0.5, 0.5, 0.5, 0.5],
      ],
      ["down to a floor of 2", 2, 5, [3.5, 2.45, 2, 2]],
      ["a floor above the ceiling is the ceiling", 2, 1, [1, 1]],
    ];
    for (const [name, min, max, rates] of floors) {
      it(`repeated 429s: ${name}`, function () {
        const { clock, budget } = budgetAt(0, max, min);
        for (const [i, expected] of rates.entries()) {
          clock.advance(10);
          budget.answered(clock.now(), true);
          assertClose(budget.ratePerSecond, expected, `after 429 #${i + 1}`);
        }
      });
    }

    it("after the floor, grants come at the floor's pace", async function () {
      const { clock, budget } = budgetAt(0, 5);
      for (let i = 0; i < 20; i++) {
        clock.advance(1);
        budget.answered(clock.now(), true);
      }
      assert.equal(budget.ratePerSecond, 0.5);
      const start = clock.now();
      const { at } = await grants(clock, budget, ["foreground", "foreground", "foreground"]);
      // The bucket kept one token (a bucket holds at least one); then one per 2 s.
      assertTimes(
        at.map((t) => t - start),
        [0, 2000, 4000],
      );
    });
  });

  describe("recovery", function () {
    const K = Math.cbrt((5 * 0.3) / 0.4) * 1000; // ms after the throttle at which the curve is back at 5
    // [name, ms after the throttle, expected rate after a success answered then]
    const cases: [string, number, number][] = [
      ["right after: the cut rate", 0, 3.5],
      ["half-way: along the cubic", K / 2, 5 - 0.4 * (K / 2000) ** 3],
      ["at K: back at the rate that was throttled", K, 5],
      ["past K: capped at maxPerSecond", 2 * K, 5],
      ["long after: still capped", 60_000, 5],
    ];
    for (const [name, after, expected] of cases) {
      it(`after a throttle at 5/s, ${name}`, function () {
        const { clock, budget } = budgetAt(0, 5);
        budget.answered(0, true);
        clock.advance(after);
        budget.answered(clock.now(), false);
        assertClose(budget.ratePerSecond, expected, `${after} ms after`);
        assert.ok(budget.ratePerSecond <= 5);
      });
    }

    it("successes grow the rate monotonically, below 5 until K, never above 5", function () {
      const { clock, budget } = budgetAt(0, 5);
      budget.answered(0, true);
      let previous = budget.ratePerSecond;
      for (let t = 50; t <= 5000; t += 50) {
        clock.advance(50);
        budget.answered(clock.now(), false);
        const rate = budget.ratePerSecond;
        assert.ok(rate >= previous - 1e-12, `at ${t} ms: ${rate} < ${previous}`);
        assert.ok(rate <= 5, `at ${t} ms: ${rate}`);
        if (t < K - 1) assert.ok(rate < 5, `at ${t} ms already ${rate}`);
        previous = rate;
      }
      assert.equal(previous, 5);
    });

    it("before any throttle, successes leave the rate at maxPerSecond", function () {
      const { clock, budget } = budgetAt(0, 5);
      clock.advance(1000);
      budget.answered(0, false);
      assert.equal(budget.ratePerSecond, 5);
    });

    it("the recovered rate is the pace of grants: right after a cut to 3.5, a token every ~286 ms", async function () {
      const { clock, budget } = budgetAt(0, 5);
      await grants(clock, budget, Array<Urgency>(5).fill("foreground"));
      budget.answered(0, true);
      const { at } = await grants(clock, budget, ["foreground", "foreground"]);
      assertTimes(at, [286, 572]);
    });
  });

  describe("fast convergence", function () {
    // [name, what happens between the two throttles, the rate the second throttle hits, its cut, where it aims]
    const cases: [string, "nothing" | "full recovery", number, number, number][] = [
      ["throttled again below the last throttle's rate: aims lower", "nothing", 3.5, 2.45, (3.5 * 1.7) / 2],
      ["throttled again at the same rate: aims at it again", "full recovery", 5, 3.5, 5],
    ];
    for (const [name, between, at, cut, aim] of cases) {
      it(name, function () {
        const { clock, budget } = budgetAt(0, 5);
        budget.answered(0, true);
        clock.advance(100);
        if (between === "full recovery") {
          clock.advance(10_000);
          budget.answered(clock.now(), false);
        }
        assertClose(budget.ratePerSecond, at, "the rate the second throttle hits");
        const throttledAt = clock.now();
        budget.answered(throttledAt, true);
        assertClose(budget.ratePerSecond, cut, "the cut");
        // A success right after the cut grows the rate from the cut, never lowers it.
        budget.answered(throttledAt, false);
        assertClose(budget.ratePerSecond, cut, "a success right after the cut");
        // The curve is flat where it aims: at K it is there, a little before and after it is close.
        const k = Math.cbrt((aim - cut) / 0.4) * 1000;
        clock.advance(k);
        budget.answered(clock.now(), false);
        assertClose(budget.ratePerSecond, aim, "at K", 1e-6);
        clock.advance(1000);
        budget.answered(clock.now(), false);
        assertClose(budget.ratePerSecond, Math.min(5, aim + 0.4), "1 s after K", 1e-6);
      });
    }
  });

  describe("signal", function () {
    it("a take whose signal aborts while it waits rejects with the reason; the next waiter gets the token", async function () {
      const { clock, budget } = budgetAt(0, 1);
      await budget.take("foreground");
      const signal = clock.timeout(500);
      const rejected = budget.take("foreground", signal);
      const next = budget.take("background").then(() => clock.now());
      const after = budget.take("background").then(() => clock.now());
      await assert.rejects(rejected, (err) => {
        assert.equal(err, signal.reason);
        assert.equal((err as Error).name, "TimeoutError");
        return true;
      });
      assert.equal(await next, 1000, "the aborted ticket's token goes to the next waiter when it is due");
      assert.equal(await after, 2000);
      assert.equal(budget.waiting, 0);
    });

    it("a take cancelled by hand leaves the queue at once", async function () {
      const { clock, budget } = budgetAt(0, 1);
      await budget.take("foreground");
      const controller = new AbortController();
      const reason = new Error("cancelled by the test");
      const cancelled = budget.take("foreground", controller.signal);
      const next = budget.take("background").then(() => clock.now());
      assert.equal(budget.waiting, 2);
      controller.abort(reason);
      assert.equal(budget.waiting, 1);
      await assert.rejects(cancelled, (err) => err === reason);
      assert.equal(await next, 1000);
    });

    it("an already-aborted signal rejects at once (a rejected promise, not a throw) and spends nothing", async function () {
      const { clock, budget } = budgetAt(0, 1);
      const reason = new Error("already over");
      let promise: Promise<void> | undefined;
      assert.doesNotThrow(() => {
        promise = budget.take("foreground", AbortSignal.abort(reason));
      });
      await assert.rejects(promise!, (err) => err === reason);
      assert.equal(budget.waiting, 0);
      await budget.take("foreground");
      assert.equal(clock.now(), 0, "the bucket's one token was still there");
    });

    it("a granted take ignores a later abort of its signal", async function () {
      const { budget } = budgetAt(0, 1);
      const controller = new AbortController();
      await budget.take("foreground", controller.signal);
      controller.abort(new Error("too late"));
      assert.equal(budget.waiting, 0);
    });
  });

  describe("options", function () {
    // [options, the option the error names]
    const invalid: [{ maxPerSecond: number; minPerSecond?: number }, RegExp][] = [
      [{ maxPerSecond: 0 }, /maxPerSecond must be > 0 and finite \(got 0\)/],
      [{ maxPerSecond: -1 }, /maxPerSecond/],
      [{ maxPerSecond: Number.NaN }, /maxPerSecond/],
      [{ maxPerSecond: Infinity }, /maxPerSecond/],
      [{ maxPerSecond: 5, minPerSecond: 0 }, /minPerSecond must be > 0 \(got 0\)/],
      [{ maxPerSecond: 5, minPerSecond: -0.5 }, /minPerSecond/],
      [{ maxPerSecond: 5, minPerSecond: Number.NaN }, /minPerSecond/],
      [{ maxPerSecond: 0, minPerSecond: 0 }, /maxPerSecond[\s\S]*minPerSecond/],
    ];
    for (const [options, names] of invalid) {
      it(`RangeError for ${JSON.stringify(options, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))}`, function () {
        assert.throws(
          () => new RequestBudget(new VirtualClock(), options),
          (err) => err instanceof RangeError && names.test(err.message),
        );
      });
    }

    it("valid options: the rate starts at maxPerSecond, nothing waits", function () {
      const budget = new RequestBudget(new VirtualClock(), { maxPerSecond: 7, minPerSecond: 1 });
      assert.equal(budget.ratePerSecond, 7);
      assert.equal(budget.waiting, 0);
    });
  });
});
