import assert from "node:assert/strict";
import { OneAtATime } from "../../../provider/rollback/one-at-a-time";

/** A task whose end the test decides, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return {
    task: async (queued: boolean) => {
      log.push(`${name} starts${queued ? " (queued)" : ""}`);
      await done;
      log.push(`${name} ends`);
      return name;
    },
    open: () => open(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(OneAtATime.name, function () {
  it("runs tasks with the same key one after another, in arrival order, and says which waited", async function () {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b, c] = [gate(log, "a"), gate(log, "b"), gate(log, "c")];
    let queuedCalls = 0;
    const results = [a, b, c].map((g) => queue.run("k", g.task, { onQueued: () => queuedCalls++ }));
    await tick();
    assert.deepEqual(log, ["a starts"]);
    a.open();
    await tick();
    await tick();
    assert.deepEqual(log, ["a starts", "a ends", "b starts (queued)"]);
    b.open();
    c.open();
    assert.deepEqual(await Promise.all(results), ["a", "b", "c"]);
    assert.equal(queuedCalls, 2);
    await tick();
    assert.equal(queue.size, 0, "nothing is kept once every task has settled");
  });

  it("a task that arrives after the first finished, while the second runs, waits for the second", async function () {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b, c] = [gate(log, "a"), gate(log, "b"), gate(log, "c")];
    const ra = queue.run("k", a.task);
    const rb = queue.run("k", b.task);
    await tick();
    a.open();
    assert.equal(await ra, "a");
    await tick();
    await tick();
    assert.deepEqual(log, ["a starts", "a ends", "b starts (queued)"]);

    let queued = 0;
    const rc = queue.run("k", c.task, { onQueued: () => queued++ });
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(log, ["a starts", "a ends", "b starts (queued)"], "c must not start while b is still running");
    assert.equal(queued, 1, "c is told it waits");
    b.open();
    assert.equal(await rb, "b");
    await tick();
    await tick();
    assert.deepEqual(log, ["a starts", "a ends", "b starts (queued)", "b ends", "c starts (queued)"]);
    c.open();
    assert.equal(await rc, "c");
    await tick();
    assert.equal(queue.size, 0);
  });

  it("runs tasks with different keys in parallel", async function () {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b] = [gate(log, "a"), gate(log, "b")];
    const results = [queue.run("k1", a.task), queue.run("k2", b.task)];
    await tick();
    assert.deepEqual(log, ["a starts", "b starts"]);
    a.open();
    b.open();
    await Promise.all(results);
  });

  it("a failed task lets the next one run", async function () {
    const queue = new OneAtATime();
    const first = queue.run("k", () => Promise.reject(new Error("boom")));
    const second = queue.run("k", (queued) => Promise.resolve(queued));
    await assert.rejects(first, /boom/);
    assert.equal(await second, true);
  });

  it("a task that gives up waiting never runs, and the one after it still waits for the running one", async function () {
    const queue = new OneAtATime();
    const log: string[] = [];
    const [a, b, c] = [gate(log, "a"), gate(log, "b"), gate(log, "c")];
    const controller = new AbortController();
    const ra = queue.run("k", a.task);
    const rb = queue.run("k", b.task, { signal: controller.signal });
    const rc = queue.run("k", c.task);
    controller.abort(new Error("deadline"));
    await assert.rejects(rb, /deadline/);
    await tick();
    assert.deepEqual(log, ["a starts"], "c must not start while a is still running");
    a.open();
    c.open();
    await Promise.all([ra, rc]);
    assert.deepEqual(log, ["a starts", "a ends", "c starts (queued)", "c ends"]);
  });
});
