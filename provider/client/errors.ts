/**
 * The errors of the API layer: `CceError` (`CceApiError`, `CceNetworkError`, `CceTimeoutError`) and
 * `ResponseValidationError`, and what a caller may conclude from them (retry, not found, an inconclusive read).
 * Messages never carry credentials: the transport passes text through `redact()` before it reaches an error.
 */
import { errorGuard } from "../error-guard";

/** Whether a failure came from the caller's request (4xx) or from the service side (5xx, network). @public */
export type Fault = "client" | "server";

/** Base class of every error the API layer throws. @public */
export class CceError extends Error {
  override name = "CceError";
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** The service answered with an HTTP error status. @public */
export class CceApiError extends CceError {
  override name = "CceApiError";
  readonly status: number;
  /** Huawei error code, e.g. `CCE.03400001` or `APIG.0308`; empty when the body had none. */
  readonly errorCode: string;
  /** The service's own words, from whichever error body shape it used. */
  readonly errorMessage: string;
  /** The `X-Request-Id` response header: quote it to Huawei Cloud support. */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly fault: Fault;
  /** Milliseconds the service asked us to wait (`Retry-After`), when it said so. */
  readonly retryAfterMs: number | undefined;
  constructor(init: {
    status: number;
    errorCode: string;
    errorMessage: string;
    requestId: string | undefined;
    method: string;
    path: string;
    retryAfterMs?: number | undefined;
  }) {
    const code = init.errorCode ? ` ${init.errorCode}` : "";
    const request = init.requestId ? ` (request id ${init.requestId})` : "";
    super(`${init.method} ${init.path}: ${init.status}${code} ${init.errorMessage}${request}`.trim(), {
      retryable: init.status === 429 || init.status >= 500,
    });
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errorMessage = init.errorMessage;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.fault = init.status >= 500 ? "server" : "client";
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The `code` of a CceNetworkError for a proxy that refused to open a tunnel (never retried). @internal */
export const PROXY_REFUSED = "PROXY_REFUSED";

/** The request did not get an HTTP answer (refused, reset, DNS, TLS). `cause` keeps the original error. @public */
export class CceNetworkError extends CceError {
  override name = "CceNetworkError";
  /** The Node.js/undici error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  readonly code: string | undefined;
  /** True when the connection was refused (by the endpoint or a proxy): the request never reached the service. */
  readonly notSent: boolean;
  constructor(message: string, options: { code: string | undefined; cause: unknown }) {
    // A proxy that refused the tunnel (407, 403) gives the same answer next time: not worth repeating.
    super(message, { retryable: options.code !== PROXY_REFUSED, cause: options.cause });
    this.code = options.code;
    // Refused by the endpoint, or by a proxy before any byte reached the endpoint.
    this.notSent = options.code === "ECONNREFUSED" || options.code === PROXY_REFUSED;
  }
}

/**
 * What ran out of time: one HTTP attempt, the budget of one request with its retries, or the caller's deadline
 * (`timeoutSeconds` of a rollback), after which nothing more is tried.
 * @public
 */
export type TimeoutScope = "attempt" | "operation" | "deadline";

/** One attempt, one request's budget, or the caller's deadline ran out of time. @public */
export class CceTimeoutError extends CceError {
  override name = "CceTimeoutError";
  readonly timeoutMs: number;
  readonly scope: TimeoutScope;
  /** What the last attempt saw before time ran out (an HTTP status, a network error, no answer). */
  readonly lastSeen: string | undefined;
  /** The service's `Retry-After` from the last attempt, so that a caller that polls does not ask sooner. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: {
      timeoutMs: number;
      scope: TimeoutScope;
      cause?: unknown;
      lastSeen?: string | undefined;
      retryAfterMs?: number | undefined;
    },
  ) {
    super(message, { retryable: options.scope === "attempt", cause: options.cause });
    this.lastSeen = options.lastSeen;
    this.retryAfterMs = options.retryAfterMs;
    this.timeoutMs = options.timeoutMs;
    this.scope = options.scope;
  }
}

/**
 * The service answered 2xx but the body is not the shape we rely on. Not a `CceError`: repeating the request
 * would not help, and it usually means the API changed or a proxy answered instead of the service.
 * @public
 */
export class ResponseValidationError extends Error {
  override name = "ResponseValidationError";
  /** One line per problem: `<field path>: <what is wrong>`. */
  readonly issues: string[];
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  constructor(init: { method: string; path: string; issues: string[]; requestId: string | undefined }) {
    const request = init.requestId ? ` (request id ${init.requestId})` : "";
    super(`${init.method} ${init.path}: unexpected response body${request}: ${init.issues.join("; ")}`);
    this.issues = init.issues;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
  }
}

/** @public */
export const isCceError = errorGuard(CceError, "CceApiError", "CceNetworkError", "CceTimeoutError");
/** @public */
export const isCceApiError = errorGuard(CceApiError);
/** @public */
export const isCceNetworkError = errorGuard(CceNetworkError);
/** @public */
export const isCceTimeoutError = errorGuard(CceTimeoutError);
/** @public */
export const isResponseValidationError = errorGuard(ResponseValidationError);
/** True for a 404 from the service: the add-on instance (or the cluster) does not exist. @public */
export const isNotFound = (err: unknown): boolean => isCceApiError(err) && err.status === 404;

/**
 * A failed read that says nothing about the add-on (throttled, dropped, timed out, or answered with something that
 * is not an add-on): a wait looks again, within its deadline. Auth errors, 404 and other 4xx do say something.
 * @public
 */
export const isInconclusiveRead = (err: unknown): boolean =>
  (isCceError(err) && (err.retryable || isCceTimeoutError(err))) || isResponseValidationError(err);
