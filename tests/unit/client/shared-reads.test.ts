/**
 * Tests of the reads that callers of one cluster share (SharedClusterReads): which requests go out for which callers
 * (a lone read is a `show`, several add-ons or a whole cluster one `list`, an add-on missing from the list its own
 * `show`), that a caller never joins a read already sent, that the list's error reaches every caller, that a
 * foreground caller moves its cluster's read up the request budget's queue, and that a caller whose deadline is
 * cancelled or runs out leaves, withdrawing the budget ticket when it was the last. The requests are fakes that record
 * what was sent and when on a virtual clock; nothing waits for real.
 */
import assert from "node:assert/strict";
import type { Clock } from "../../../provider/clock";
import { CceApiError, CceTimeoutError } from "../../../provider/client/errors";
import { RequestBudget, type Urgency } from "../../../provider/client/request-budget";
import type { AddonInstance } from "../../../provider/client/schemas";
import { type ClusterReadRequests, type ReadHow, SharedClusterReads } from "../../../provider/client/shared-reads";
import { Deadline, OperationCancelledError } from "../../../provider/deadline";
import { VirtualClock } from "../../support/virtual-clock";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The injected VirtualClock, with a turn of the event loop before time moves. VirtualClock moves `now` as soon as
 * `sleep` is called, so the budget's next sleep would move it before a granted read had been sent at its time.
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

function addon(clusterId: string, id: string, stamp: string): AddonInstance {
  return {
    id,
    clusterId,
    name: id,
    alias: "",
    templateName: id,
    status: "running",
    reason: "",
    message: "",
    isRollbackable: true,
    currentVersion: "1.0.1",
    previousVersion: "1.0.0",
    specVersion: "1.0.1",
    updatedAt: stamp,
  };
}

function notFound(addonId: string): CceApiError {
  return new CceApiError({
    status: 404,
    errorCode: "CCE.01404001",
    errorMessage: "addon instance not found",
    requestId: "req-404",
    method: "GET",
    path: `/autopilot/v3/addons/${addonId}`,
  });
}

interface Call {
  kind: "show" | "list";
  clusterId: string;
  addonId?: string;
  how: ReadHow;
  at: number;
}

/** Requests that record what was sent; each answer is stamped `call-<n>`, so a caller can tell which read it got. */
class FakeRequests implements ClusterReadRequests {
  readonly calls: Call[] = [];
  /** Answers wait for this (a request in flight). */
  hold: Promise<void> = Promise.resolve();
  /** The list fails with this. */
  listError: Error | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly clusters: Record<string, string[]>,
  ) {}

  async show(clusterId: string, addonId: string, how: ReadHow): Promise<AddonInstance> {
    this.calls.push({ kind: "show", clusterId, addonId, how, at: this.clock.now() });
    const stamp = `call-${this.calls.length}`;
    await this.hold;
    if (!this.clusters[clusterId]?.includes(addonId)) throw notFound(addonId);
    return addon(clusterId, addonId, stamp);
  }

  async list(clusterId: string, how: ReadHow): Promise<AddonInstance[]> {
    this.calls.push({ kind: "list", clusterId, how, at: this.clock.now() });
    const stamp = `call-${this.calls.length}`;
    await this.hold;
    if (this.listError) throw this.listError;
    return (this.clusters[clusterId] ?? []).map((id) => addon(clusterId, id, stamp));
  }

  /** One line per request: `show C1/a at 1000 prepaid`. */
  get sent(): string[] {
    return this.calls.map(
      (c) => `${c.kind} ${c.clusterId}${c.addonId ? `/${c.addonId}` : ""} at ${c.at}${c.how.prepaid ? " prepaid" : ""}`,
    );
  }
}

const CLUSTERS = { C1: ["a", "b", "c"], C2: ["b", "d"] };

/**
 * A budget of 1 request per second on a virtual clock at 0, its one token spent when `drained` (the next read waits
 * until 1000 ms), with the shared reads and fake requests over it.
 */
async function setup(drained: boolean) {
  const virtual = new VirtualClock(0);
  const clock = settling(virtual);
  const budget = new RequestBudget(clock, { maxPerSecond: 1 });
  if (drained) await budget.take("foreground");
  const requests = new FakeRequests(clock, CLUSTERS);
  return { virtual, clock, budget, requests, reads: new SharedClusterReads(budget, requests) };
}

/** One caller: an add-on of a cluster, or the whole cluster (`*`). */
type Read = [cluster: string, addon: string, urgency?: Urgency];

function issue(reads: SharedClusterReads, [cluster, id, urgency = "foreground"]: Read, deadline?: Deadline) {
  return id === "*" ? reads.all(cluster, deadline, urgency) : reads.addon(cluster, id, deadline, urgency);
}

/** What a caller got: an add-on's id and stamp, a list's ids and stamp, or the error's status. */
function outcome(result: PromiseSettledResult<AddonInstance | AddonInstance[]>): string {
  if (result.status === "rejected") {
    const err = result.reason as Error;
    return err instanceof CceApiError ? `error ${err.status}` : `error ${err.name}`;
  }
  const value = result.value;
  if (Array.isArray(value)) return `[${value.map((a) => a.id).join(",")}] ${value[0]?.updatedAt}`;
  return `${value.clusterId}/${value.id} ${value.updatedAt}`;
}

describe(SharedClusterReads.name, function () {
  describe("what is sent", function () {
    // [name, budget drained, callers (issued at once), expected requests, expected outcome per caller]
    const cases: [string, boolean, Read[], string[], string[]][] = [
      ["a lone add-on read is one show, prepaid", false, [["C1", "a"]], ["show C1/a at 0 prepaid"], ["C1/a call-1"]],
      [
        "a lone add-on read that waits for the budget is still one show",
        true,
        [["C1", "a"]],
        ["show C1/a at 1000 prepaid"],
        ["C1/a call-1"],
      ],
      [
        "two add-ons of one cluster while the budget has no token: one list, each gets its own",
        true,
        [
          ["C1", "a"],
          ["C1", "b"],
        ],
        ["list C1 at 1000 prepaid"],
        ["C1/a call-1", "C1/b call-1"],
      ],
      [
        "the same add-on twice: one show serves both",
        true,
        [
          ["C1", "a"],
          ["C1", "a"],
        ],
        ["show C1/a at 1000 prepaid"],
        ["C1/a call-1", "C1/a call-1"],
      ],
      [
        "two clusters: two requests, one per cluster",
        true,
        [
          ["C1", "a"],
          ["C2", "b"],
        ],
        ["show C1/a at 1000 prepaid", "show C2/b at 2000 prepaid"],
        ["C1/a call-1", "C2/b call-2"],
      ],
      [
        "three add-ons of two clusters: a list for one, a show for the other",
        true,
        [
          ["C1", "a"],
          ["C2", "d"],
          ["C1", "c"],
        ],
        ["list C1 at 1000 prepaid", "show C2/d at 2000 prepaid"],
        ["C1/a call-1", "C2/d call-2", "C1/c call-1"],
      ],
      ["the whole cluster: a list", true, [["C1", "*"]], ["list C1 at 1000 prepaid"], ["[a,b,c] call-1"]],
      [
        "the whole cluster joins a pending add-on read and makes it a list",
        true,
        [
          ["C1", "a"],
          ["C1", "*"],
        ],
        ["list C1 at 1000 prepaid"],
        ["C1/a call-1", "[a,b,c] call-1"],
      ],
      [
        "an add-on missing from the list is read on its own; its 404 reaches only its caller",
        true,
        [
          ["C1", "a"],
          ["C1", "zz"],
          ["C1", "b"],
        ],
        ["list C1 at 1000 prepaid", "show C1/zz at 1000"],
        ["C1/a call-1", "error 404", "C1/b call-1"],
      ],
      [
        "a lone read of an add-on that is gone: its 404, from the one show",
        true,
        [["C1", "zz"]],
        ["show C1/zz at 1000 prepaid"],
        ["error 404"],
      ],
    ];
    for (const [name, drained, callers, expectedSent, expectedOutcomes] of cases) {
      it(name, async function () {
        const { reads, requests, budget } = await setup(drained);
        const results = await Promise.allSettled(callers.map((read) => issue(reads, read)));
        assert.deepEqual(requests.sent, expectedSent);
        assert.deepEqual(results.map(outcome), expectedOutcomes);
        assert.equal(reads.pending, 0);
        assert.equal(budget.waiting, 0);
      });
    }

    it("the read is sent with the deadline of its most patient caller (none: none)", async function () {
      // [deadlines of the callers (ms, or none), the index of the one the read is sent with, or none]
      const cases: [(number | undefined)[], number | undefined][] = [
        [[10_000], 0],
        [[10_000, 30_000], 1],
        [[30_000, 10_000], 0],
        [[10_000, undefined], undefined],
      ];
      for (const [budgets, expected] of cases) {
        const { reads, requests, clock } = await setup(true);
        const deadlines = budgets.map((ms) => (ms === undefined ? undefined : new Deadline(clock, ms, `${ms} ms`)));
        await Promise.all(deadlines.map((d, i) => issue(reads, ["C1", i % 2 ? "b" : "a"], d)));
        assert.equal(requests.calls.length, 1);
        assert.equal(requests.calls[0]!.how.deadline, expected === undefined ? undefined : deadlines[expected]);
      }
    });
  });

  describe("freshness", function () {
    it("a caller that comes after the read was sent gets a read of its own", async function () {
      const { reads, requests } = await setup(false);
      let release!: () => void;
      requests.hold = new Promise<void>((resolve) => (release = resolve));
      const first = reads.addon("C1", "a", undefined, "foreground");
      while (requests.calls.length === 0) await nextTurn();
      assert.equal(reads.pending, 0, "a read in flight takes no one else");
      const second = reads.addon("C1", "a", undefined, "foreground");
      while (requests.calls.length === 1) await nextTurn();
      release();
      assert.equal((await first).updatedAt, "call-1");
      assert.equal((await second).updatedAt, "call-2");
      assert.deepEqual(requests.sent, ["show C1/a at 0 prepaid", "show C1/a at 1000 prepaid"]);
    });

    it("a caller that comes while the read waits joins it", async function () {
      const { reads, requests } = await setup(true);
      const first = reads.addon("C1", "a", undefined, "foreground");
      await nextTurn();
      const second = reads.addon("C1", "b", undefined, "foreground");
      const results = await Promise.allSettled([first, second]);
      assert.deepEqual(results.map(outcome), ["C1/a call-1", "C1/b call-1"]);
      assert.deepEqual(requests.sent, ["list C1 at 1000 prepaid"]);
    });
  });

  it("an error of the shared list reaches every caller, and nothing more is sent", async function () {
    const { reads, requests } = await setup(true);
    const error = new CceApiError({
      status: 500,
      errorCode: "CCE.01500001",
      errorMessage: "internal error",
      requestId: "req-500",
      method: "GET",
      path: "/autopilot/v3/addons",
    });
    requests.listError = error;
    const results = await Promise.allSettled([
      reads.addon("C1", "a", undefined, "foreground"),
      reads.addon("C1", "b", undefined, "background"),
      reads.all("C1", undefined, "foreground"),
    ]);
    for (const [i, result] of results.entries()) {
      assert.ok(result.status === "rejected", `caller ${i}`);
      assert.equal(result.reason, error, `caller ${i} gets the list's own error`);
    }
    assert.deepEqual(requests.sent, ["list C1 at 1000 prepaid"]);
  });

  describe("urgency", function () {
    // [name, callers (issued at once, in this order), expected requests]
    const cases: [string, Read[], string[]][] = [
      [
        "background reads go first come, first served",
        [
          ["C1", "a", "background"],
          ["C2", "b", "background"],
        ],
        ["show C1/a at 1000 prepaid", "show C2/b at 2000 prepaid"],
      ],
      [
        "a foreground caller that joins a background read moves it before an older background read",
        [
          ["C1", "a", "background"],
          ["C2", "b", "background"],
          ["C2", "d", "foreground"],
        ],
        ["list C2 at 1000 prepaid", "show C1/a at 2000 prepaid"],
      ],
      [
        "a foreground read of its own also goes first",
        [
          ["C1", "a", "background"],
          ["C2", "d", "foreground"],
        ],
        ["show C2/d at 1000 prepaid", "show C1/a at 2000 prepaid"],
      ],
    ];
    for (const [name, callers, expected] of cases) {
      it(name, async function () {
        const { reads, requests } = await setup(true);
        await Promise.all(callers.map((read) => issue(reads, read)));
        assert.deepEqual(requests.sent, expected);
        // The request's own retries keep the read's urgency: asked now, it is the urgency its callers gave it.
        for (const call of requests.calls) {
          const urgency = typeof call.how.urgency === "function" ? call.how.urgency() : call.how.urgency;
          const wanted = callers.some(([c, , u]) => c === call.clusterId && u === "foreground")
            ? "foreground"
            : "background";
          assert.equal(urgency, wanted, call.clusterId);
        }
      });
    }
  });

  describe("a caller that leaves", function () {
    // [name, how the caller's deadline ends, what it rejects with]
    const cases: [string, "cancel" | "run out", (err: unknown) => boolean][] = [
      [
        "cancelled while it waits: OperationCancelledError",
        "cancel",
        (err) => err instanceof OperationCancelledError && err.message === "Ctrl-C",
      ],
      [
        "its deadline runs out while it waits: a timeout naming the deadline",
        "run out",
        (err) => err instanceof CceTimeoutError && /timeoutSeconds \(0\.5 s\) ran out/.test(err.message),
      ],
    ];
    for (const [name, how, rejection] of cases) {
      it(`the only caller, ${name}; nothing is sent and the budget ticket is withdrawn`, async function () {
        const { reads, requests, budget, clock, virtual } = await setup(true);
        const cancel = new AbortController();
        const deadline = new Deadline(clock, 500, "timeoutSeconds (0.5 s)", cancel.signal);
        const read = reads.addon("C1", "a", deadline, "foreground");
        assert.equal(budget.waiting, 1);
        assert.equal(reads.pending, 1);
        if (how === "cancel") {
          cancel.abort(new OperationCancelledError("Ctrl-C"));
          assert.equal(budget.waiting, 0, "the ticket is withdrawn at once");
        }
        await assert.rejects(read, rejection);
        // The token the read would have taken goes to the next request, when it is due.
        await budget.take("background");
        assert.equal(virtual.now(), 1000);
        for (let i = 0; i < 5; i++) await nextTurn();
        assert.deepEqual(requests.sent, []);
        assert.equal(reads.pending, 0);
        assert.equal(budget.waiting, 0);
        // The next read of the cluster is a read of its own.
        assert.equal(
          outcome((await Promise.allSettled([reads.addon("C1", "a", undefined, "foreground")]))[0]),
          "C1/a call-1",
        );
      });
    }

    it("a read asked for in the same turn as the last caller left is a read of its own", async function () {
      const { reads, requests, clock } = await setup(true);
      const cancel = new AbortController();
      const leaving = reads.addon("C1", "a", new Deadline(clock, 60_000, "60 s", cancel.signal), "foreground");
      cancel.abort(new OperationCancelledError());
      const coming = reads.addon("C1", "a", undefined, "foreground");
      await assert.rejects(leaving, OperationCancelledError);
      assert.equal((await coming).updatedAt, "call-1");
      assert.deepEqual(requests.sent, ["show C1/a at 1000 prepaid"]);
    });

    it("one of two callers cancelled: the read goes on for the other", async function () {
      const { reads, requests, budget, clock } = await setup(true);
      const cancel = new AbortController();
      const leaving = reads.addon("C1", "a", new Deadline(clock, 60_000, "60 s", cancel.signal), "foreground");
      const staying = reads.addon("C1", "b", new Deadline(clock, 60_000, "60 s"), "foreground");
      cancel.abort(new OperationCancelledError());
      assert.equal(budget.waiting, 1, "the ticket stays for the caller that stays");
      await assert.rejects(leaving, OperationCancelledError);
      assert.equal((await staying).id, "b");
      assert.equal(requests.calls.length, 1);
      assert.equal(requests.calls[0]!.at, 1000);
    });

    it("a caller whose deadline was cancelled before it asked leaves at once; nothing is sent", async function () {
      const { reads, requests, budget, clock } = await setup(true);
      const deadline = new Deadline(clock, 60_000, "60 s", AbortSignal.abort(new OperationCancelledError()));
      await assert.rejects(reads.addon("C1", "a", deadline, "foreground"), OperationCancelledError);
      assert.equal(budget.waiting, 0);
      await budget.take("foreground");
      for (let i = 0; i < 5; i++) await nextTurn();
      assert.deepEqual(requests.sent, []);
    });
  });
});
