import { type Dispatcher, EnvHttpProxyAgent, request } from "undici";
import { signRequest } from "../auth/signer";
import { Deadline, cancellationOf } from "../deadline";
import { redact } from "../auth/redact";
import type { Connection } from "../connection/resolve";
import type { Runtime } from "../runtime";
import {
  CceApiError,
  CceNetworkError,
  CceTimeoutError,
  PROXY_REFUSED,
  ResponseValidationError,
  isCceApiError,
  isCceTimeoutError,
} from "./errors";
import { parseErrorBody } from "./error-body";
import { type RequestKind, type RetryPolicy, parseRetryAfter, retryDelayMs, shouldRetry } from "./retry";
import type { RequestBudget, Urgency } from "./request-budget";

/**
 * The largest answer read. An add-on instance is a few KB (the largest seen is about 12 KB) and a list of every
 * add-on of a cluster a few hundred KB; anything larger is not the CCE API talking. undici aborts the socket as
 * soon as this many bytes have arrived, so memory stays flat whatever the server sends.
 * @internal
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** @internal */
export interface TransportOptions {
  /** Where requests go, how they are signed, through which proxy, and what to mask in every text. */
  connection: Connection;
  runtime: Runtime;
  retry: RetryPolicy;
  /** How many requests per second may go; every attempt waits for it, and reports how it was answered. */
  budget: RequestBudget;
  /** Budget of one attempt, from sending to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Budget of one request, retries and their pauses included, when the caller's deadline is later. */
  totalTimeoutMs: number;
  userAgent: string;
}

/** @internal */
export interface ApiRequest {
  method: "GET" | "POST";
  /** Path with every dynamic segment already encoded. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  kind: RequestKind;
  /** The caller's deadline: no attempt starts after it, and the one in flight is cut there. */
  deadline?: Deadline | undefined;
  /** Which requests go first when the request budget is short. Default `foreground`. */
  urgency?: Urgency | (() => Urgency);
  /** The first attempt's place in the request budget was already taken (by a read that many callers share). */
  prepaid?: boolean;
  /**
   * Stops the request while it waits for the request budget, before anything is sent (an operation's Ctrl-C, for
   * the one request whose deadline is deaf to it once sent: the rollback POST).
   */
  cancelWhileQueued?: AbortSignal | undefined;
}

/** @internal */
export interface ApiResponse {
  status: number;
  requestId: string | undefined;
  json: unknown;
  text: string;
}

/**
 * One place where requests are built, signed, sent, classified and retried. Every attempt is built and signed
 * afresh (the signature date must stay within 15 minutes of the gateway's clock, and a replayed signature is
 * indistinguishable from an attack), over one keep-alive connection pool that goes through the environment's
 * proxy when there is one.
 * @internal
 */
export class HttpTransport {
  private readonly dispatcher: Dispatcher;
  readonly connection: Connection;
  /** Credential values to mask in any text that reaches an error: the connection's one list. */
  private readonly secrets: readonly string[];

  constructor(private readonly options: TransportOptions) {
    this.connection = options.connection;
    this.secrets = options.connection.secrets;
    // The one redaction list must hold what this transport signs with: a connection built by hand that leaves a
    // credential out would show it in the first error that echoes it.
    const { auth } = options.connection;
    const signing = auth.kind === "aksk" ? [auth.accessKey, auth.secretKey, auth.securityToken] : [auth.token];
    if (signing.some((value) => value !== undefined && !this.secrets.includes(value))) {
      throw new TypeError(
        "connection.secrets must list every credential of connection.auth (they are masked in every message): " +
          "build the connection with resolveConnection, or add them",
      );
    }
    const { proxy } = options.connection;
    // Explicit strings, never undefined: undici would otherwise read process.env itself, behind the back of the
    // environment the connection was resolved from.
    this.dispatcher = new EnvHttpProxyAgent({
      httpProxy: proxy.httpProxy,
      httpsProxy: proxy.httpsProxy,
      noProxy: proxy.noProxy,
      keepAliveTimeout: 30_000,
      connections: 16,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
  }

  async send(req: ApiRequest): Promise<ApiResponse> {
    const { retry, totalTimeoutMs } = this.options;
    const { clock, random, log } = this.options.runtime;
    // The caller's deadline when there is one and it comes first; otherwise this request's own budget.
    let deadline =
      req.deadline && req.deadline.atMs <= clock.now() + totalTimeoutMs
        ? req.deadline
        : new Deadline(
            clock,
            totalTimeoutMs,
            `the ${seconds(totalTimeoutMs)} budget of one request`,
            // Its own budget, but still stopped by the operation's cancellation.
            req.deadline?.cancel,
          );
    let scope: "deadline" | "operation" = deadline === req.deadline ? "deadline" : "operation";
    const { budget } = this.options;
    let lastSeen: string | undefined;
    // What the attempt budget counts. Within an operation's deadline a 429 is the gateway asking for a slower rate,
    // not a failure of the request: the request budget slows down and the request waits for it, however often,
    // until the operation's deadline (not this request's own budget). A request without a deadline of its caller's
    // keeps the attempt budget for 429s too.
    let counted = 0;
    for (let attempt = 1; ; attempt++) {
      // Cancelled: nothing more is sent, and no retry is waited for.
      deadline.throwIfCancelled();
      if (deadline.expired) throw this.outOfTime(req, deadline, scope, attempt - 1, lastSeen);
      if (attempt > 1 || !req.prepaid) await this.waitForBudget(req, deadline, scope, attempt - 1, lastSeen);
      const sentAt = clock.now();
      try {
        const answer = await this.attempt(req, deadline);
        budget.answered(sentAt, false);
        return answer;
      } catch (err) {
        const throttled = isCceApiError(err) && err.status === 429;
        if (isCceApiError(err)) budget.answered(sentAt, throttled);
        if (throttled && req.deadline && deadline !== req.deadline) {
          deadline = req.deadline;
          scope = "deadline";
        }
        deadline.throwIfCancelled();
        lastSeen = describeFailure(err);
        // Out of time, say so; but an answer that decides (a 401, a 404) is reported as it is.
        if (deadline.expired && (isCceTimeoutError(err) || shouldRetry(err, req.kind))) {
          throw this.outOfTime(req, deadline, scope, attempt, lastSeen, err);
        }
        if (!(throttled && req.deadline)) counted++;
        if (counted >= retry.maxAttempts || !shouldRetry(err, req.kind)) throw err;
        const delay = retryDelayMs(Math.min(attempt, 16), err, retry, random);
        if (delay >= deadline.remainingMs()) {
          // Waiting would end past the deadline, and a request sent at the deadline has no time to be answered.
          throw this.outOfTime(req, deadline, scope, attempt, lastSeen, err, delay);
        }
        const slower = throttled
          ? `; then it waits for the request budget, now ${budget.ratePerSecond.toFixed(1)} requests/s`
          : "";
        log(`retrying ${req.method} ${req.path} in ${Math.round(delay)} ms: ${(err as Error).message}${slower}`);
        await clock.sleep(delay, deadline.signal).catch(() => undefined);
      }
    }
  }

  /**
   * Waits for the request budget, within the deadline. Cut by cancellation (also `cancelWhileQueued`) or by the
   * deadline: then nothing of this attempt was sent.
   */
  private async waitForBudget(
    req: ApiRequest,
    deadline: Deadline,
    scope: "deadline" | "operation",
    attempts: number,
    lastSeen: string | undefined,
  ): Promise<void> {
    const signal = req.cancelWhileQueued ? AbortSignal.any([deadline.signal, req.cancelWhileQueued]) : deadline.signal;
    try {
      await this.options.budget.take(req.urgency ?? "foreground", signal);
    } catch (err) {
      if (req.cancelWhileQueued?.aborted) throw cancellationOf(req.cancelWhileQueued);
      deadline.throwIfCancelled();
      throw this.outOfTime(req, deadline, scope, attempts, lastSeen ?? "waiting for the request budget", err);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private outOfTime(
    req: ApiRequest,
    deadline: Deadline,
    scope: "deadline" | "operation",
    attempts: number,
    lastSeen: string | undefined,
    cause?: unknown,
    nextTryInMs?: number,
  ): CceTimeoutError {
    const when = attempts === 0 ? "before it was sent" : `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
    const what =
      nextTryInMs === undefined
        ? `${deadline.label} ran out ${when}`
        : `gave up ${when}: the next try was due in ${seconds(nextTryInMs)}, past the end of ${deadline.label} ` +
          `(${seconds(deadline.remainingMs())} left)`;
    return new CceTimeoutError(`${req.method} ${req.path}: ${what}${lastSeen ? `; last seen: ${lastSeen}` : ""}`, {
      timeoutMs: deadline.budgetMs,
      scope,
      cause,
      lastSeen,
      retryAfterMs: isCceApiError(cause) ? cause.retryAfterMs : undefined,
    });
  }

  private async attempt(req: ApiRequest, deadline: Deadline): Promise<ApiResponse> {
    const { endpoint } = this.connection;
    const { clock } = this.options.runtime;
    const url = new URL(endpoint.href.replace(/\/$/, "") + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
    const body = req.body === undefined ? "" : JSON.stringify(req.body);
    const headers = this.headersFor(req.method, url, body);

    // The attempt's own timeout is real time (a network property); the deadline is on the operation's clock.
    const attemptMs = Math.max(1, Math.ceil(Math.min(this.options.requestTimeoutMs, deadline.remainingMs())));
    const timeout = AbortSignal.timeout(attemptMs);
    const signal = AbortSignal.any([timeout, deadline.signal]);

    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: req.method === "GET" ? null : body,
        dispatcher: this.dispatcher,
        signal,
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      deadline.throwIfCancelled();
      if (timeout.aborted || deadline.signal.aborted) {
        throw new CceTimeoutError(`${req.method} ${req.path}: no complete answer within ${attemptMs} ms`, {
          timeoutMs: attemptMs,
          scope: "attempt",
          cause: err,
        });
      }
      const code = (err as { code?: string }).code;
      if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
        throw new ResponseValidationError({
          method: req.method,
          path: req.path,
          requestId: undefined,
          issues: [
            `(body): larger than ${MAX_RESPONSE_BYTES} bytes, the most this client reads (an add-on is a few KB); ` +
              `the answer was cut off there. Is the endpoint the CCE API?`,
          ],
        });
      }
      const message = redact((err as Error).message ?? String(err), this.secrets);
      const hint = proxyHint(message);
      throw new CceNetworkError(`${req.method} ${req.path}: ${message}${code ? ` (${code})` : ""}${hint}`, {
        // A proxy that refused the tunnel will refuse it again, and the request never reached the service.
        code: hint ? PROXY_REFUSED : code,
        cause: err,
      });
    }

    const requestId = header(responseHeaders, "x-request-id");
    if (status >= 300 && status < 400) {
      // Never followed: a signed request must go only where it was signed for, and the CCE API does not redirect.
      const location = header(responseHeaders, "location");
      throw new CceApiError({
        status,
        errorCode: "",
        errorMessage:
          `redirect${location ? ` to ${JSON.stringify(redact(withoutUserInfo(location), this.secrets).slice(0, 200))}` : " without a Location"} ` +
          `not followed: the endpoint must be the CCE API itself (check endpoint and region; a proxy or login page may be answering)`,
        requestId,
        method: req.method,
        path: req.path,
      });
    }
    if (status >= 400) {
      // Redacted before parsing too: a plain-text body is cut to 300 characters, which could cut a secret in half.
      const parsed = parseErrorBody(redact(text, this.secrets));
      throw new CceApiError({
        status,
        errorCode: parsed.errorCode,
        errorMessage: redact(parsed.errorMessage, this.secrets),
        requestId,
        method: req.method,
        path: req.path,
        retryAfterMs: parseRetryAfter(header(responseHeaders, "retry-after"), clock.now()),
      });
    }
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, requestId, json, text };
  }

  private headersFor(method: string, url: URL, body: string): Record<string, string> {
    const { auth, projectId } = this.connection;
    const { userAgent } = this.options;
    const { clock } = this.options.runtime;
    const headers: Record<string, string> = {
      host: url.host,
      "content-type": "application/json",
      "user-agent": userAgent,
    };
    if (projectId) headers["x-project-id"] = projectId;
    if (auth.kind === "token") return { ...headers, "x-auth-token": auth.token };
    return signRequest({ method, url, headers, body }, auth, new Date(clock.now()));
  }
}

/** What a failed attempt saw, for "last seen" in a deadline error: the status and the service's words. */
function describeFailure(err: unknown): string {
  if (isCceApiError(err)) {
    const after = err.retryAfterMs === undefined ? "" : ` (Retry-After ${seconds(err.retryAfterMs)})`;
    return `${err.status}${err.errorCode ? ` ${err.errorCode}` : ""} ${err.errorMessage}`.trim() + after;
  }
  const message = err instanceof Error ? err.message : String(err);
  // Drop the "GET /path: " prefix that every transport error carries; the deadline error names the request.
  return message.replace(/^(GET|POST) \S+: /, "");
}

/** undici's words for a proxy that refused the tunnel, made actionable. */
function proxyHint(message: string): string {
  const status = /Proxy response \((\d+)\)/.exec(message)?.[1];
  if (!status) return "";
  return status === "407"
    ? ": the proxy asks for credentials; give them in the proxy URL (http://user:password@host:port)"
    : `: the proxy refused to connect to the endpoint (HTTP ${status}); check HTTPS_PROXY/HTTP_PROXY and NO_PROXY`;
}

function withoutUserInfo(location: string): string {
  return location.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

function seconds(ms: number): string {
  return Number.isInteger(ms / 1000) ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
