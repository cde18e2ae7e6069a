/**
 * The emulator's gateway rate limit: one token bucket per caller, as the API gateway's per-user throttling policy
 * ("policy user over ratelimit,limit:N,time:1 second", docs/cce-api-facts.md §3.5, §9.3) counts each user's requests.
 *
 * The bucket functions are pure: they take the time (`nowMs`, epoch milliseconds) and return new values, so a test
 * moves time by changing the number it passes in (the emulator passes its injected clock).
 * @internal
 */
import { z } from "zod";

/** The `rateLimit` option of the emulator. @internal */
export interface RateLimit {
  /** Tokens added per second, continuously; also the `limit:N` of the 429 message. Must be positive. */
  requestsPerSecond: number;
  /**
   * Bucket capacity: how many requests one caller may send at one instant. Default `requestsPerSecond`, or 1 when
   * that is below 1 (a bucket that can never hold a whole token would refuse every request). At least 1.
   */
  burst?: number;
}

/** A validated limit with its defaults applied. @internal */
export interface RateLimitConfig {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

/** Validates a limit that comes from options or JSON. @internal */
export const RateLimitSchema = z.strictObject({
  requestsPerSecond: z.number().positive(),
  burst: z.number().min(1).optional(),
});

/**
 * Checks a limit and applies the default burst.
 * @param input - untrusted options.
 * @throws Error naming the offending fields.
 * @internal
 */
export function parseRateLimit(input: unknown): RateLimitConfig {
  const parsed = RateLimitSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid rateLimit: ${z.prettifyError(parsed.error)}`);
  const { requestsPerSecond, burst } = parsed.data;
  return { requestsPerSecond, burst: burst ?? Math.max(1, requestsPerSecond) };
}

/** One caller's bucket: the tokens it held at `atMs`. @internal */
export interface Bucket {
  readonly tokens: number;
  readonly atMs: number;
}

/**
 * Floating-point slack: a refill of 1/3 s at 3 a second must give a whole token, not 0.9999999999999999 of one.
 */
const EPSILON = 1e-9;

/**
 * The bucket refilled up to `nowMs`: `requestsPerSecond` tokens a second, capped at `burst`. A clock that went back
 * (an injected clock set earlier) adds nothing and keeps the later time, so no token is counted twice.
 * @param bucket - the bucket as last stored; `undefined` for a new caller, whose bucket starts full.
 * @param nowMs - the emulator's time.
 * @param limit - the limit.
 * @internal
 */
export function refill(bucket: Bucket | undefined, nowMs: number, limit: RateLimitConfig): Bucket {
  if (bucket === undefined) return { tokens: limit.burst, atMs: nowMs };
  const elapsedMs = Math.max(0, nowMs - bucket.atMs);
  const tokens = Math.min(limit.burst, bucket.tokens + (elapsedMs * limit.requestsPerSecond) / 1000);
  return { tokens, atMs: Math.max(nowMs, bucket.atMs) };
}

/** The outcome of {@link takeToken}. @internal */
export interface TakeResult {
  /** Whether the request may pass. */
  allowed: boolean;
  /** The bucket to store: refilled, and one token fewer if the request passes. */
  bucket: Bucket;
}

/**
 * Takes one token for a request arriving at `nowMs`, if the refilled bucket holds a whole one.
 * @param bucket - the caller's bucket as last stored, or `undefined` for a new caller.
 * @param nowMs - the emulator's time.
 * @param limit - the limit.
 * @internal
 */
export function takeToken(bucket: Bucket | undefined, nowMs: number, limit: RateLimitConfig): TakeResult {
  const refilled = refill(bucket, nowMs, limit);
  if (refilled.tokens + EPSILON < 1) return { allowed: false, bucket: refilled };
  return { allowed: true, bucket: { tokens: Math.max(0, refilled.tokens - 1), atMs: refilled.atMs } };
}

/** Every caller's bucket (the emulator's only mutable rate-limit state). @internal */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly limit: RateLimitConfig) {}

  /**
   * Whether a request of `caller` arriving at `nowMs` may pass; takes its token if so.
   * @param caller - the caller identity (see {@link callerIdentity}).
   * @param nowMs - the emulator's time.
   */
  take(caller: string, nowMs: number): boolean {
    const result = takeToken(this.buckets.get(caller), nowMs, this.limit);
    this.buckets.set(caller, result.bucket);
    return result.allowed;
  }
}

/** The identity of an authenticated request, as {@link callerIdentity} needs it. @internal */
export type AuthenticatedCaller = { kind: "aksk"; accessKey: string } | { kind: "token"; tokenIndex: number };

/**
 * The key of a caller's bucket: the access key id of an AK/SK request, or which accepted token a token request
 * carried (its index in the emulator's list, so that the token itself is kept nowhere new). Two access keys, or two
 * tokens, have separate buckets, as two IAM users would at the gateway.
 * @internal
 */
export function callerIdentity(caller: AuthenticatedCaller): string {
  return caller.kind === "aksk" ? `aksk:${caller.accessKey}` : `token:${caller.tokenIndex}`;
}
