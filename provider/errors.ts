/**
 * Every error this package throws, in one place, each with a type guard that also works across two copies of the
 * package (it checks `name` as well as `instanceof`).
 *
 * - The API layer: `CceError` (`CceApiError`, `CceNetworkError`, `CceTimeoutError`) and `ResponseValidationError`.
 * - Configuration: `ConnectionConfigError` (a setting missing, half given or malformed).
 * - The add-on and its rollback: `AddonNotFoundError`, `RollbackNotAllowedError`, `RollbackFailedError`,
 *   `WaiterTimeoutError`, `RollbackRequestError`, and `RollbackInitError` (which makes Pulumi record the resource).
 *
 * Messages never carry credentials: callers pass text through `redact()` before it reaches an error.
 */
import type { AddonInstance } from "./client/schemas";

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

function hasName(err: unknown, ...names: string[]): boolean {
  return err instanceof Error && names.includes(err.name);
}

/** @public */
export const isCceError = (err: unknown): err is CceError =>
  err instanceof CceError || hasName(err, "CceError", "CceApiError", "CceNetworkError", "CceTimeoutError");
/** @public */
export const isCceApiError = (err: unknown): err is CceApiError =>
  err instanceof CceApiError || hasName(err, "CceApiError");
/** @public */
export const isCceNetworkError = (err: unknown): err is CceNetworkError =>
  err instanceof CceNetworkError || hasName(err, "CceNetworkError");
/** @public */
export const isCceTimeoutError = (err: unknown): err is CceTimeoutError =>
  err instanceof CceTimeoutError || hasName(err, "CceTimeoutError");
/** @public */
export const isResponseValidationError = (err: unknown): err is ResponseValidationError =>
  err instanceof ResponseValidationError || hasName(err, "ResponseValidationError");
/** True for a 404 from the service: the add-on instance (or the cluster) does not exist. @public */
export const isNotFound = (err: unknown): boolean => isCceApiError(err) && err.status === 404;

/**
 * A failed read that says nothing about the add-on (throttled, dropped, timed out, or answered with something that
 * is not an add-on): a wait looks again, within its deadline. Auth errors, 404 and other 4xx do say something.
 * @public
 */
export const isInconclusiveRead = (err: unknown): boolean =>
  (isCceError(err) && (err.retryable || isCceTimeoutError(err))) || isResponseValidationError(err);

/** The add-on (or its cluster) does not exist. @public */
export class AddonNotFoundError extends Error {
  override name = "AddonNotFoundError";
  constructor(
    readonly clusterId: string,
    readonly addonId: string,
    cause: unknown,
  ) {
    super(
      `add-on instance ${addonId} was not found in cluster ${clusterId}: check addonId (the add-on instance ID; ` +
        `to name the add-on instead, give addonName such as "coredns") and clusterId`,
      { cause },
    );
  }
}

/** No add-on, or more than one, answers to the name given as `addonName`. @public */
export class AddonNameError extends Error {
  override name = "AddonNameError";
  constructor(
    message: string,
    readonly clusterId: string,
    readonly addonName: string,
    /** The add-ons that were considered: all of the cluster's (no match), or the ones that matched (several). */
    readonly candidates: AddonInstance[],
  ) {
    super(message);
  }
}

/** @public */
export const isAddonNameError = (e: unknown): e is AddonNameError =>
  e instanceof AddonNameError || hasName(e, "AddonNameError");

/** The add-on cannot be rolled back now; nothing was sent. @public */
export class RollbackNotAllowedError extends Error {
  override name = "RollbackNotAllowedError";
  constructor(
    message: string,
    readonly addon: AddonInstance,
  ) {
    super(message);
  }
}

/** The rollback ended in a failure state (`rollbackFailed`, another failure, or an unexpected status). @public */
export class RollbackFailedError extends Error {
  override name = "RollbackFailedError";
  constructor(
    message: string,
    readonly addon: AddonInstance,
    readonly elapsedMs: number,
    readonly observed: number,
  ) {
    super(message);
  }
}

/** The rollback did not finish before the deadline. @public */
export class WaiterTimeoutError extends Error {
  override name = "WaiterTimeoutError";
  constructor(
    message: string,
    readonly lastStatus: string | undefined,
    readonly elapsedMs: number,
    readonly observed: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** @public */
export const isRollbackNotAllowedError = (e: unknown): e is RollbackNotAllowedError =>
  e instanceof RollbackNotAllowedError || hasName(e, "RollbackNotAllowedError");
/** @public */
export const isAddonNotFoundError = (e: unknown): e is AddonNotFoundError =>
  e instanceof AddonNotFoundError || hasName(e, "AddonNotFoundError");

/**
 * Thrown by `create` once the service has accepted (or is already running) the rollback and something then
 * fails. Carrying `id` makes the Pulumi engine record the resource, with these properties, as a partially
 * created resource instead of forgetting it, so that a later `pulumi up` does not start a second rollback.
 * Reference: pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts `grpcResponseFromError`.
 * @public
 */
export class RollbackInitError extends Error {
  override name = "RollbackInitError";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * The rollback request failed and the add-on shows that nothing changed (or its state could not be read).
 * Nothing is recorded: running `pulumi up` again is safe, since it reads the add-on before sending anything.
 * @public
 */
export class RollbackRequestError extends Error {
  override name = "RollbackRequestError";
}

/** @public */
export const isRollbackInitError = (e: unknown): e is RollbackInitError =>
  e instanceof RollbackInitError || hasName(e, "RollbackInitError");
/** @public */
export const isRollbackRequestError = (e: unknown): e is RollbackRequestError =>
  e instanceof RollbackRequestError || hasName(e, "RollbackRequestError");

/** Which setting a {@link ConnectionConfigError} is about. @public */
export type ConnectionSetting = "region" | "endpoint" | "projectId" | "credentials" | "proxy";

/** A setting is missing, half given or malformed. The message lists every way to fix it. @public */
export class ConnectionConfigError extends Error {
  override name = "ConnectionConfigError";
  constructor(
    message: string,
    /** The setting at fault. */
    readonly setting: ConnectionSetting,
    /** True when the setting is simply absent (as opposed to given wrong). */
    readonly missing = false,
  ) {
    super(message);
  }
}

/** @public */
export const isConnectionConfigError = (e: unknown): e is ConnectionConfigError =>
  e instanceof ConnectionConfigError || hasName(e, "ConnectionConfigError");
