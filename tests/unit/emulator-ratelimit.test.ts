/**
 * The emulator's pieces that need no server: the token bucket of the rate limit, the cluster query and names, and
 * the `--rate-limit` flag of its command line.
 */
import assert from "node:assert/strict";
import { parseCli, UsageError } from "../emulator/cli";
import { clusterMatches, clusterFromSeed, implicitClusterSeed, parseClusterQuery } from "../emulator/clusters";
import { callerIdentity, parseRateLimit, RateLimiter, refill, takeToken } from "../emulator/ratelimit";

const T0 = Date.parse("2024-07-18T03:03:17Z");

describe("emulator rate limit", function () {
  it("parseRateLimit: burst defaults to requestsPerSecond, and to 1 below 1; bad values name the field", function () {
    assert.deepEqual(parseRateLimit({ requestsPerSecond: 5 }), { requestsPerSecond: 5, burst: 5 });
    assert.deepEqual(parseRateLimit({ requestsPerSecond: 0.5 }), { requestsPerSecond: 0.5, burst: 1 });
    assert.deepEqual(parseRateLimit({ requestsPerSecond: 5, burst: 2 }), { requestsPerSecond: 5, burst: 2 });
    for (const [input, field] of [
      [{ requestsPerSecond: 0 }, "requestsPerSecond"],
      [{ requestsPerSecond: -1 }, "requestsPerSecond"],
      [{ requestsPerSecond: Infinity }, "requestsPerSecond"],
      [{ requestsPerSecond: Number.NaN }, "requestsPerSecond"],
      [{ requestsPerSecond: 5, burst: 0.9 }, "burst"],
      [{ requestsPerSecond: 5, extra: 1 }, "extra"],
    ] as const) {
      assert.throws(
        () => parseRateLimit(input),
        new RegExp(`invalid rateLimit[\\s\\S]*${field}`),
        JSON.stringify(input),
      );
    }
  });

  it("takeToken: a new caller starts with a full bucket; each request takes one; none left is a refusal", function () {
    const limit = parseRateLimit({ requestsPerSecond: 5 });
    let bucket = undefined;
    const allowed: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      const result = takeToken(bucket, T0, limit);
      allowed.push(result.allowed);
      bucket = result.bucket;
    }
    assert.deepEqual(allowed, [true, true, true, true, true, false, false]);
    assert.deepEqual(bucket, { tokens: 0, atMs: T0 });
  });

  it("refill: continuous, capped at burst, and a clock that went back adds nothing", function () {
    const limit = parseRateLimit({ requestsPerSecond: 5 });
    const empty = { tokens: 0, atMs: T0 };
    assert.deepEqual(refill(empty, T0 + 100, limit), { tokens: 0.5, atMs: T0 + 100 });
    assert.deepEqual(refill(empty, T0 + 1000, limit), { tokens: 5, atMs: T0 + 1000 });
    assert.deepEqual(refill(empty, T0 + 60_000, limit), { tokens: 5, atMs: T0 + 60_000 });
    assert.deepEqual(refill({ tokens: 1, atMs: T0 }, T0 - 5000, limit), { tokens: 1, atMs: T0 });
    assert.deepEqual(refill(undefined, T0, limit), { tokens: 5, atMs: T0 });
  });

  it("takeToken: a third of a second at 3 a second is a whole token despite floating point", function () {
    const limit = parseRateLimit({ requestsPerSecond: 3 });
    let bucket = { tokens: 0, atMs: 0 };
    for (let step = 1; step <= 30; step++) {
      const result = takeToken(bucket, (step * 1000) / 3, limit);
      assert.equal(result.allowed, true, `step ${step}`);
      bucket = result.bucket;
    }
  });

  it("RateLimiter: one bucket per caller identity", function () {
    const limiter = new RateLimiter(parseRateLimit({ requestsPerSecond: 1 }));
    const a = callerIdentity({ kind: "aksk", accessKey: "A" });
    const b = callerIdentity({ kind: "aksk", accessKey: "B" });
    const t = callerIdentity({ kind: "token", tokenIndex: 0 });
    assert.deepEqual(new Set([a, b, t]).size, 3);
    assert.deepEqual(
      [limiter.take(a, T0), limiter.take(a, T0), limiter.take(b, T0), limiter.take(t, T0), limiter.take(t, T0)],
      [true, false, true, true, false],
    );
    assert.equal(limiter.take(a, T0 + 1000), true);
  });
});

describe("emulator clusters (pure parts)", function () {
  it("implicit clusters are named after their whole ID, so IDs with a common prefix get distinct names", function () {
    assert.deepEqual(implicitClusterSeed("c0ffee00-cluster-1"), {
      id: "c0ffee00-cluster-1",
      name: "cluster-c0ffee00-cluster-1",
    });
    assert.notEqual(implicitClusterSeed("c0ffee00-cluster-1").name, implicitClusterSeed("c0ffee00-cluster-2").name);
  });

  it("parseClusterQuery: detail only for exactly true; empty filters are no filters; errorStatus ignored", function () {
    assert.deepEqual(parseClusterQuery({}), { detail: false });
    assert.deepEqual(parseClusterQuery({ detail: "true", status: "Available", type: "", errorStatus: "x" }), {
      detail: true,
      status: "Available",
    });
    assert.deepEqual(parseClusterQuery({ detail: "True", version: "v1.28" }), { detail: false, version: "v1.28" });
    const cluster = clusterFromSeed({ id: "c", name: "c" }, T0);
    assert.equal(clusterMatches(cluster, parseClusterQuery({ status: "Available", version: "v1.28" })), true);
    assert.equal(clusterMatches(cluster, parseClusterQuery({ version: "v1.28.5" })), false);
    assert.equal(clusterMatches(cluster, parseClusterQuery({ type: "VirtualMachine" })), true);
    assert.equal(clusterMatches(cluster, parseClusterQuery({ type: "Other" })), false);
  });
});

describe("emulator cli: --rate-limit", function () {
  it("sets rateLimit.requestsPerSecond; absent, no limit", function () {
    assert.deepEqual(parseCli(["--rate-limit", "5"]).options.rateLimit, { requestsPerSecond: 5 });
    assert.deepEqual(parseCli(["--rate-limit", "0.5"]).options.rateLimit, { requestsPerSecond: 0.5 });
    assert.equal(parseCli([]).options.rateLimit, undefined);
  });

  for (const raw of ["0", "0.0", "-1", "abc", "1e3", "Infinity", "", "5.", "2000000"]) {
    it(`refuses --rate-limit ${JSON.stringify(raw)} naming the flag`, function () {
      assert.throws(
        () => parseCli([`--rate-limit=${raw}`]),
        (err: Error) => err instanceof UsageError && /^--rate-limit must be a positive number/.test(err.message),
      );
    });
  }
});
