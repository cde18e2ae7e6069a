/**
 * Error bodies of the emulated API, in the two shapes the real service answers with.
 *
 * - The API gateway (APIG) answers before CCE sees the request (authentication, throttling, unknown route) with
 *   `{error_code, error_msg, request_id}`.
 *   Reference: https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-errorcode.html
 * - The CCE add-on manager answers with a Kubernetes `Status` object that carries both naming schemes. The emulator
 *   emits the superset seen in real bodies (docs/cce-api-facts.md §3.2, terraform-provider-huaweicloud#3276) so that a client
 *   parsing like any of the official SDKs (GO reads `errorCode`, NODE reads `error.code`) finds a code and a message.
 * @internal
 */

/** API gateway error codes the emulator emits. @internal */
export const GATEWAY_CODES = {
  /** 404: no API matches the method and path. */
  apiNotFound: "APIG.0101",
  /** 400/413: the gateway refused the request itself (here: the body is too large). */
  badRequest: "APIG.0201",
  /** 401: bad AK/SK signature, expired signature, unknown access key or bad token. */
  authFailed: "APIG.0301",
  /** 429: throttled. */
  throttled: "APIG.0308",
} as const;

/**
 * The `error_msg` of a gateway 429 for a per-user limit of `limit` requests a second, in the form of real throttling
 * answers (docs/cce-api-facts.md §3.5, §9.3). `limit` is printed as JavaScript prints the number (`5`, `2.5`).
 * @param limit - the configured requests per second.
 * @internal
 */
export function throttlingMessage(limit: number): string {
  return `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 second`;
}

/** The default message of a gateway 429, copied from a real throttling answer (a limit of 5 a second). @internal */
export const THROTTLING_MESSAGE = throttlingMessage(5);

/** Body of an API gateway error. @internal */
export interface GatewayErrorBody {
  error_code: string;
  error_msg: string;
  request_id: string;
}

/**
 * Builds an API gateway error body.
 * @param code - e.g. `APIG.0301`.
 * @param message - the `error_msg` text.
 * @param requestId - the same value as the `X-Request-Id` response header.
 * @returns the body as a JSON string.
 * @internal
 */
export function gatewayError(code: string, message: string, requestId: string): string {
  const body: GatewayErrorBody = { error_code: code, error_msg: message, request_id: requestId };
  return JSON.stringify(body);
}

/** Body of a CCE add-on manager error (superset of the documented and the observed shapes). @internal */
export interface CceStatusErrorBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  code: number;
  reason: string;
  message: string;
  errorCode: string;
  errorMessage: string;
  error: { code: string; message: string };
}

/** What varies between CCE errors. @internal */
export interface CceErrorSpec {
  /** HTTP status, repeated in the body as `code`. */
  status: number;
  /** Kubernetes reason, e.g. `BadRequest`, `NotFound`. */
  reason: string;
  /** Human-readable cause; repeated in `error.message`. */
  message: string;
  /** Documented CCE code, e.g. `CCE.01400001`. */
  errorCode: string;
  /** The generic text that goes with `errorCode`, e.g. `Invalid request.`. */
  errorMessage: string;
  /** Add-on manager code, e.g. `SVCSTG.CCE-ADDONMGR.4000003`. */
  detailCode: string;
}

/**
 * Builds a CCE `Status` error body.
 * @param spec - the varying parts.
 * @returns the body as a JSON string.
 * @internal
 */
export function cceError(spec: CceErrorSpec): string {
  const body: CceStatusErrorBody = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    code: spec.status,
    reason: spec.reason,
    message: spec.message,
    errorCode: spec.errorCode,
    errorMessage: spec.errorMessage,
    error: { code: spec.detailCode, message: spec.message },
  };
  return JSON.stringify(body);
}

/**
 * 400 for a request body that is not `{"clusterID": "<id>"}`.
 * `CCE.01400001` is the documented "Invalid request." code; `4000003` is the add-on manager's "Request Body Error".
 * @internal
 */
export function invalidBodyError(message: string): string {
  return cceError({
    status: 400,
    reason: "BadRequest",
    message,
    errorCode: "CCE.01400001",
    errorMessage: "Invalid request.",
    detailCode: "SVCSTG.CCE-ADDONMGR.4000003",
  });
}

/**
 * 400 for a Content-Type other than JSON (documented `CCE.01400006` "Content type not supported.").
 * @internal
 */
export function unsupportedContentTypeError(contentType: string): string {
  return cceError({
    status: 400,
    reason: "BadRequest",
    message: `content type ${contentType} is not supported, use application/json`,
    errorCode: "CCE.01400006",
    errorMessage: "Content type not supported.",
    detailCode: "SVCSTG.CCE-ADDONMGR.4000003",
  });
}

/**
 * 400 when the rollback preconditions do not hold. The code is the add-on manager's observed `CCE.03400001` with the
 * generic validation detail code `4000002` (the real code for this case is unconfirmed, docs/cce-api-facts.md §1.2).
 * @internal
 */
export function preconditionError(message: string): string {
  return cceError({
    status: 400,
    reason: "BadRequest",
    message,
    errorCode: "CCE.03400001",
    errorMessage: "Invalid request.",
    detailCode: "SVCSTG.CCE-ADDONMGR.4000002",
  });
}

/**
 * 404 for an unknown add-on instance, or one that is not in the cluster the request names.
 * `4040204` is the documented add-on manager "Addon not exist".
 * @internal
 */
export function notFoundError(message: string): string {
  return cceError({
    status: 404,
    reason: "NotFound",
    message,
    errorCode: "CCE.03404001",
    errorMessage: "Resource not found.",
    detailCode: "SVCSTG.CCE-ADDONMGR.4040204",
  });
}

const SERVER_REASONS: Readonly<Record<number, string>> = {
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "Timeout",
};

/**
 * A CCE error body for an arbitrary status, used by injected faults: 5xx get the add-on manager's internal-error
 * codes, other statuses a code derived from the status (`CCE.03<status>001`).
 * @param status - HTTP status.
 * @param message - human-readable cause.
 * @internal
 */
export function cceErrorForStatus(status: number, message: string): string {
  const server = status >= 500;
  return cceError({
    status,
    reason: SERVER_REASONS[status] ?? (server ? "InternalError" : "BadRequest"),
    message,
    errorCode: server ? "CCE.03500001" : `CCE.03${status}001`,
    errorMessage: server ? "Internal error." : "Request failed.",
    detailCode: server ? "SVCSTG.CCE-ADDONMGR.5000001" : `SVCSTG.CCE-ADDONMGR.${status}0001`,
  });
}
