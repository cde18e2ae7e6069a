import { isCceApiError, isCceNetworkError, isCceTimeoutError } from "./errors";

/**
 * When and how long to retry. Reads are idempotent and retried on throttling, server errors and transient
 * network failures. The rollback POST is not idempotent: it is retried only when it certainly did not reach
 * the service (429 from the gateway, connection refused); after any other failure the caller reconciles by
 * reading the add-on. 401/403 are never retried: the API gateway locks an access key for 5 minutes after
 * repeated signature failures (reference: docs/cce-api-facts.md §3.5).
 * @internal
 */
export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is cut to it. */
  maxRetryAfterMs: number;
}

/** @internal */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  minDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** What a request does, which decides whether repeating it is safe. @internal */
export type RequestKind = "read" | "rollback";

/** @internal */
export function shouldRetry(err: unknown, kind: RequestKind): boolean {
  if (kind === "rollback") {
    if (isCceApiError(err)) return err.status === 429;
    return isCceNetworkError(err) && err.notSent && err.retryable;
  }
  if (isCceApiError(err)) return err.status === 429 || (err.status >= 500 && err.status !== 501);
  if (isCceNetworkError(err)) return err.retryable;
  return isCceTimeoutError(err) && err.scope === "attempt";
}

/**
 * The pause before attempt `failedAttempts + 1`: the service's `Retry-After` when it gave one (capped, no
 * jitter), otherwise exponential backoff with full jitter (uniform between 0 and the exponential ceiling), so
 * that parallel rollbacks do not retry in lockstep. The expected pause is half the ceiling; a very short one is
 * possible but rare, and the attempt budget bounds how often it can happen.
 * @internal
 */
export function retryDelayMs(failedAttempts: number, err: unknown, policy: RetryPolicy, random: () => number): number {
  if (isCceApiError(err) && err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or
 * unreadable.
 * @internal
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse alone takes "1.5" or "Retry in 3" for a date in 2001, i.e. "retry now": require a day name and a
  // time, which all three HTTP-date forms have (IMF-fixdate, RFC 850, asctime).
  if (!HTTP_DATE.test(trimmed)) return undefined;
  // The asctime form has no zone, and Date.parse reads a date without one as local time; HTTP dates are GMT.
  const date = Date.parse(ASCTIME.test(trimmed) ? `${trimmed} GMT` : trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\b\d{2}:\d{2}:\d{2}\b/;
/** `Sun Nov  6 08:49:37 1994`, RFC 9110 §5.6.7. */
const ASCTIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
