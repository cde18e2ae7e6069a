// Reference: docs/cce-api-facts.md §3.5 (401 locks the access key, 429 APIG.0308, Retry-After unconfirmed) and the house style:
// retry GET on 429/5xx/transient network errors; retry the rollback POST only when it certainly did not arrive.
import assert from "node:assert/strict";
import {
  CceApiError,
  CceNetworkError,
  CceTimeoutError,
  PROXY_REFUSED,
  ResponseValidationError,
} from "../../../provider/client/errors";
import {
  DEFAULT_RETRY_POLICY,
  type RequestKind,
  type RetryPolicy,
  parseRetryAfter,
  retryDelayMs,
  shouldRetry,
} from "../../../provider/client/retry";

function apiError(status: number, retryAfterMs?: number): CceApiError {
  return new CceApiError({
    status,
    errorCode: status === 429 ? "APIG.0308" : "CCE.01400001",
    errorMessage: "test",
    requestId: "req-1",
    method: "GET",
    path: "/autopilot/v3/addons/a",
    retryAfterMs,
  });
}

const networkError = (code: string): CceNetworkError =>
  new CceNetworkError(`GET /x: ${code}`, { code, cause: Object.assign(new Error(code), { code }) });

describe(shouldRetry.name, () => {
  const cases: { name: string; err: unknown; read: boolean; rollback: boolean }[] = [
    { name: "429", err: apiError(429), read: true, rollback: true },
    { name: "500", err: apiError(500), read: true, rollback: false },
    { name: "501", err: apiError(501), read: false, rollback: false },
    { name: "502", err: apiError(502), read: true, rollback: false },
    { name: "503", err: apiError(503), read: true, rollback: false },
    { name: "504", err: apiError(504), read: true, rollback: false },
    { name: "400", err: apiError(400), read: false, rollback: false },
    { name: "401", err: apiError(401), read: false, rollback: false },
    { name: "403", err: apiError(403), read: false, rollback: false },
    { name: "404", err: apiError(404), read: false, rollback: false },
    { name: "409", err: apiError(409), read: false, rollback: false },
    { name: "ECONNREFUSED", err: networkError("ECONNREFUSED"), read: true, rollback: true },
    { name: "ECONNRESET", err: networkError("ECONNRESET"), read: true, rollback: false },
    { name: "UND_ERR_SOCKET", err: networkError("UND_ERR_SOCKET"), read: true, rollback: false },
    { name: "a proxy that refused the tunnel", err: networkError(PROXY_REFUSED), read: false, rollback: false },
    {
      name: "deadline (timeoutSeconds ran out)",
      err: new CceTimeoutError("spent", { timeoutMs: 10_000, scope: "deadline" }),
      read: false,
      rollback: false,
    },
    {
      name: "attempt timeout",
      err: new CceTimeoutError("slow", { timeoutMs: 100, scope: "attempt" }),
      read: true,
      rollback: false,
    },
    {
      name: "operation timeout",
      err: new CceTimeoutError("spent", { timeoutMs: 1000, scope: "operation" }),
      read: false,
      rollback: false,
    },
    {
      name: "ResponseValidationError",
      err: new ResponseValidationError({ method: "GET", path: "/x", issues: ["(body): not JSON"], requestId: "r" }),
      read: false,
      rollback: false,
    },
    { name: "plain Error", err: new Error("boom"), read: false, rollback: false },
    { name: "abort", err: new DOMException("aborted", "AbortError"), read: false, rollback: false },
    { name: "a non-error value", err: "string thrown", read: false, rollback: false },
  ];

  for (const { name, err, read, rollback } of cases) {
    for (const [kind, expected] of [
      ["read", read],
      ["rollback", rollback],
    ] as [RequestKind, boolean][]) {
      it(`should ${expected ? "" : "not "}retry a ${kind} after ${name}`, () => {
        assert.equal(shouldRetry(err, kind), expected);
      });
    }
  }

  it("should recognise errors from another copy of the package by name", () => {
    const foreign = Object.assign(new Error("GET /x: 503"), { name: "CceApiError", status: 503 });
    assert.equal(shouldRetry(foreign, "read"), true);
    assert.equal(shouldRetry(foreign, "rollback"), false);
  });
});

describe(retryDelayMs.name, () => {
  const policy: RetryPolicy = { maxAttempts: 6, minDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };
  const fixed = (value: number) => () => value;

  it("should use the documented defaults", () => {
    assert.deepEqual(DEFAULT_RETRY_POLICY, {
      maxAttempts: 6,
      minDelayMs: 500,
      maxDelayMs: 20_000,
      maxRetryAfterMs: 60_000,
    });
  });

  it("should wait 0 ms with random() = 0 (full jitter lower bound)", () => {
    for (let failed = 1; failed <= 8; failed++) assert.equal(retryDelayMs(failed, apiError(503), policy, fixed(0)), 0);
  });

  it("should double the ceiling after every failed attempt (random() = 0.999)", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((failed) => retryDelayMs(failed, apiError(503), policy, fixed(0.999)));
    assert.deepEqual(delays, [499, 999, 1998, 3996, 7992, 15984]);
  });

  it("should stay below the ceiling for any random value in [0, 1)", () => {
    for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
      const delay = retryDelayMs(3, networkError("ECONNRESET"), policy, fixed(r));
      assert.ok(delay >= 0 && delay < 2000, `random ${r} gave ${delay}`);
      assert.equal(delay, Math.floor(r * 2000));
    }
  });

  it("should cap the ceiling at maxDelayMs", () => {
    assert.equal(retryDelayMs(7, apiError(503), policy, fixed(0.999)), 19_980);
    assert.equal(retryDelayMs(40, apiError(503), policy, fixed(0.999)), 19_980);
    assert.equal(retryDelayMs(40, apiError(503), policy, fixed(0.5)), 10_000);
  });

  it("should treat attempt numbers below 1 like the first", () => {
    assert.equal(retryDelayMs(0, apiError(503), policy, fixed(0.999)), 499);
  });

  it("should honour Retry-After exactly, with no jitter", () => {
    const err = apiError(429, 7_000);
    assert.equal(retryDelayMs(1, err, policy, fixed(0)), 7_000);
    assert.equal(retryDelayMs(1, err, policy, fixed(0.999)), 7_000);
    assert.equal(retryDelayMs(5, err, policy, fixed(0.5)), 7_000);
  });

  it("should honour Retry-After: 0", () => {
    assert.equal(retryDelayMs(3, apiError(503, 0), policy, fixed(0.999)), 0);
  });

  it("should cap Retry-After at maxRetryAfterMs", () => {
    assert.equal(retryDelayMs(1, apiError(429, 3_600_000), policy, fixed(0.5)), 60_000);
    assert.equal(retryDelayMs(1, apiError(429, 5_000), { ...policy, maxRetryAfterMs: 2_000 }, fixed(0.5)), 2_000);
  });

  it("should use backoff for a 429 without Retry-After", () => {
    assert.equal(retryDelayMs(2, apiError(429), policy, fixed(0.5)), 500);
  });
});

describe(parseRetryAfter.name, () => {
  const now = Date.parse("2024-07-18T03:03:17Z");

  it("should read delta-seconds", () => {
    assert.equal(parseRetryAfter("5", now), 5_000);
    assert.equal(parseRetryAfter("0", now), 0);
    assert.equal(parseRetryAfter(" 120 ", now), 120_000);
  });

  it("should read an IMF-fixdate relative to now", () => {
    assert.equal(parseRetryAfter("Thu, 18 Jul 2024 03:03:27 GMT", now), 10_000);
  });

  it("should read the obsolete RFC 850 date form", () => {
    assert.equal(parseRetryAfter("Thursday, 18-Jul-24 03:03:47 GMT", now), 30_000);
  });

  // asctime has no zone: read as GMT whatever the machine's time zone (Date.parse alone would take local time,
  // waiting hours west of Greenwich and not at all east of it).
  for (const tz of ["UTC", "America/Los_Angeles", "Asia/Shanghai"]) {
    it(`should read the asctime date form as GMT (TZ=${tz})`, () => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        assert.equal(parseRetryAfter("Thu Jul 18 03:03:57 2024", now), 40_000);
        assert.equal(parseRetryAfter("Thu Jul 18 03:03:17 2024", now), 0);
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  }

  it("should return 0 for a date in the past", () => {
    assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now), 0);
  });

  it("should return undefined when absent", () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  // Only the forms RFC 9110 allows are read; anything else falls back to the backoff rather than being guessed at,
  // even a date with a word in front, which Date.parse alone would accept.
  for (const garbage of [
    "",
    "  ",
    "soon",
    "120 seconds",
    "1.5",
    "-1",
    "1e3",
    "0x10",
    "Retry in 3",
    "abc 12",
    "at Thu, 18 Jul 2024 03:03:27 GMT",
  ]) {
    it(`should return undefined for ${JSON.stringify(garbage)}`, () => {
      assert.equal(parseRetryAfter(garbage, now), undefined);
    });
  }
});
