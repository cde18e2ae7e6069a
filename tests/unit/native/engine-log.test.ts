import assert from "node:assert/strict";
import { LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { CallLog, engineLogSink } from "../../../provider/native/engine-log";
import { startConnectProxy } from "../../support/connect-proxy";
import { fakeEngine } from "../../support/fake-engine";

describe("native engine log", () => {
  it("sends lines to the engine's Log RPC with the call's URN, in order, before the call returns", async () => {
    const engine = await fakeEngine(3);
    try {
      const log = new CallLog(engineLogSink(engine.address));
      const result = await log.run("urn:a", async () => {
        log.info("first");
        await new Promise((r) => setTimeout(r, 1));
        log.info("second");
        log.warn("third");
        return 42;
      });
      assert.equal(result, 42);
      assert.deepEqual(engine.received, [
        { severity: LogSeverity.INFO, message: "first", urn: "urn:a", ephemeral: false },
        { severity: LogSeverity.INFO, message: "second", urn: "urn:a", ephemeral: false },
        { severity: LogSeverity.WARNING, message: "third", urn: "urn:a", ephemeral: false },
      ]);
    } finally {
      engine.close();
    }
  });

  it("a last line logged after a silence longer than a delivery, just before the call returns, is delivered by then", async () => {
    // Steady lines keep the chain busy, so that a sink which stopped awaiting its delivery could still get the last
    // line through behind earlier ones. Here the first line is long delivered when the last is logged: the call
    // resolves only once the engine has taken the last one.
    const deliveryMs = 40;
    const engine = await fakeEngine(deliveryMs);
    try {
      const log = new CallLog(engineLogSink(engine.address));
      await log.run("urn:a", async () => {
        log.info("first");
        await new Promise((r) => setTimeout(r, deliveryMs * 5));
        assert.deepEqual(
          engine.received.map((r) => r.message),
          ["first"],
          "the first line was delivered during the silence",
        );
        log.info("last");
      });
      assert.deepEqual(
        engine.received.map((r) => [r.message, r.urn]),
        [
          ["first", "urn:a"],
          ["last", "urn:a"],
        ],
      );
    } finally {
      engine.close();
    }
  });

  it("keeps two concurrent calls apart, each line under its own URN", async () => {
    const engine = await fakeEngine(1);
    try {
      const log = new CallLog(engineLogSink(engine.address));
      const work = (name: string) =>
        log.run(`urn:${name}`, async () => {
          for (let i = 0; i < 4; i++) {
            log.info(`${name}${i}`);
            await new Promise((r) => setImmediate(r));
          }
        });
      await Promise.all([work("x"), work("y")]);
      for (const name of ["x", "y"]) {
        assert.deepEqual(
          engine.received.filter((r) => r.urn === `urn:${name}`).map((r) => r.message),
          [0, 1, 2, 3].map((i) => `${name}${i}`),
        );
      }
    } finally {
      engine.close();
    }
  });

  it("a call whose lines are slower to deliver than the call itself answers only after the last one, in order", async () => {
    // Each delivery takes far longer than the whole call (which queues its lines and returns within a few
    // event-loop turns), and deliveries take different times: a call that answered early, or lines sent side by
    // side instead of one after the other, would show in the order of events.
    const deliveryMs: Record<string, number> = { "line 1": 60, "line 2": 20, "line 3": 45, "line 4": 25, "line 5": 35 };
    const events: string[] = [];
    const log = new CallLog(async ({ message, urn }) => {
      await new Promise((r) => setTimeout(r, deliveryMs[message] ?? 0));
      events.push(`delivered ${message} (${urn})`);
    });
    const answer = await log
      .run("urn:a", async () => {
        for (let i = 1; i <= 5; i++) {
          log.info(`line ${i}`);
          await new Promise((r) => setImmediate(r));
        }
        events.push("returned");
        return 42;
      })
      .then((value) => {
        events.push("answered");
        return value;
      });
    assert.equal(answer, 42);
    assert.deepEqual(events, ["returned", ...[1, 2, 3, 4, 5].map((i) => `delivered line ${i} (urn:a)`), "answered"]);
  });

  it("a failing call whose lines are slower to deliver than the call rejects only after the last one", async () => {
    const events: string[] = [];
    const log = new CallLog(async ({ message }) => {
      await new Promise((r) => setTimeout(r, 40));
      events.push(`delivered ${message}`);
    });
    const outcome = log
      .run("urn:a", () => {
        log.info("one");
        log.warn("two");
        events.push("threw");
        return Promise.reject(new Error("boom"));
      })
      .catch((err: Error) => events.push(`rejected: ${err.message}`));
    await outcome;
    assert.deepEqual(events, ["threw", "delivered one", "delivered two", "rejected: boom"]);
  });

  it("applies the call's rewrite to each line", async () => {
    const lines: string[] = [];
    const log = new CallLog(({ message }) => Promise.resolve(void lines.push(message)));
    await log.run(
      "urn:a",
      () => Promise.resolve(log.info("token=abc")),
      (line) => line.replace("abc", "***"),
    );
    assert.deepEqual(lines, ["token=***"]);
  });

  it("waits for lines queued while earlier lines were being delivered (the chain keeps growing)", async () => {
    const lines: string[] = [];
    const log: CallLog = new CallLog(async ({ message }) => {
      await new Promise((r) => setTimeout(r, 2));
      lines.push(message);
      // Queued after the call's function has returned, while its lines are still being delivered.
      if (message === "one") log.info("late");
    });
    await log.run("urn:a", () => Promise.resolve(log.info("one")));
    assert.deepEqual(lines, ["one", "late"]);
  });

  it("sends lines outside any call without a URN, in order", async () => {
    const engine = await fakeEngine(1);
    try {
      const log = new CallLog(engineLogSink(engine.address));
      log.warn("w1");
      log.info("i2");
      await log.flush();
      assert.deepEqual(
        engine.received.map((r) => [r.message, r.urn]),
        [
          ["w1", ""],
          ["i2", ""],
        ],
      );
    } finally {
      engine.close();
    }
  });

  it("writes to stderr with no engine address, or when the engine cannot be reached; never fails the call", async () => {
    const written: string[] = [];
    await engineLogSink(undefined, (t) => written.push(t))({ message: "hello", urn: "urn:a", severity: "info" });
    assert.deepEqual(written, ["info: hello\n"]);

    const engine = await fakeEngine(0);
    const address = engine.address;
    engine.close();
    const log = new CallLog(engineLogSink(address, (t) => written.push(t)));
    await log.run("urn:a", () => Promise.resolve(log.info("lost line")));
    assert.match(written[1] ?? "", /^info: lost line \(not delivered to the engine: /);
  });

  it("a sink reaches an engine on a port where an earlier sink found nothing (no connection shared in back-off)", async () => {
    // The operating system hands a freed port out again: a test's engine may listen where a previous one closed.
    const closed = await fakeEngine(0);
    closed.close();
    const written: string[] = [];
    const before = new CallLog(engineLogSink(closed.address, (t) => written.push(t)));
    await before.run("urn:a", () => Promise.resolve(before.info("lost")));
    assert.match(written[0] ?? "", /not delivered to the engine/);

    const engine = await fakeEngine(0, closed.port);
    try {
      const log = new CallLog(engineLogSink(engine.address, (t) => written.push(t)));
      await log.run("urn:a", () => Promise.resolve(log.info("delivered")));
      assert.deepEqual(
        engine.received.map((r) => r.message),
        ["delivered"],
        `stderr: ${written.join("")}`,
      );
    } finally {
      engine.close();
    }
  });

  describe("the engine connection never goes through a proxy", () => {
    const PROXY_VARIABLES = ["grpc_proxy", "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy"];
    let saved: Record<string, string | undefined>;
    beforeEach(() => {
      saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
    });
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it("with https_proxy set to a proxy that refuses every tunnel and no_proxy=localhost, lines reach the engine", async () => {
      // A corporate setting: the proxy carries the API traffic and refuses what it does not know (here: every
      // CONNECT without credentials gets 407); no_proxy=localhost does not cover the engine's 127.0.0.1.
      const proxy = await startConnectProxy({ user: "u", password: "p" });
      const engine = await fakeEngine(0);
      const written: string[] = [];
      try {
        process.env.https_proxy = proxy.url;
        process.env.http_proxy = proxy.url;
        process.env.no_proxy = "localhost";
        const log = new CallLog(engineLogSink(engine.address, (t) => written.push(t)));
        await log.run("urn:a", () => Promise.resolve(log.info("through loopback")));
        assert.deepEqual(
          engine.received.map((r) => r.message),
          ["through loopback"],
          `stderr: ${written.join("")}`,
        );
        assert.deepEqual(proxy.connects, [], "no tunnel was asked of the proxy");
      } finally {
        engine.close();
        await proxy.close();
      }
    });

    it("a line the engine does not take in time goes to stderr and does not hold the call up", async function () {
      this.timeout(30_000);
      const engine = await fakeEngine(60_000);
      const written: string[] = [];
      try {
        const log = new CallLog(engineLogSink(engine.address, (t) => written.push(t), 300));
        const started = performance.now();
        const result = await log.run("urn:a", () => {
          log.info("never taken");
          return Promise.resolve("answered");
        });
        const elapsedMs = performance.now() - started;
        assert.equal(result, "answered");
        // 300 ms of delivery time; generous for a loaded machine, far below the engine's 60 s.
        assert.ok(elapsedMs < 15_000, `the call waited ${Math.round(elapsedMs)} ms for its line`);
        assert.match(written.join(""), /^info: never taken \(not delivered to the engine: /);
      } finally {
        engine.close();
      }
    });
  });
});
