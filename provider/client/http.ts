import { Agent, type Dispatcher, request } from "undici";
import { signRequest } from "../auth/signer";
import type { Clock } from "../clock";
import { redact } from "../auth/redact";
import type { Auth } from "../auth/connection";
import { CceApiError, CceNetworkError, CceTimeoutError } from "./errors";
import { parseErrorBody } from "./error-body";
import { type RequestKind, type RetryPolicy, parseRetryAfter, retryDelayMs, shouldRetry } from "./retry";

/** @internal */
export interface TransportOptions {
  endpoint: URL;
  auth: Auth;
  projectId: string | undefined;
  clock: Clock;
  random: () => number;
  retry: RetryPolicy;
  /** Budget of one attempt, from sending to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Budget of one operation, retries and their pauses included. */
  totalTimeoutMs: number;
  userAgent: string;
  /** Where progress lines about retries go. */
  log?: (line: string) => void;
}

/** @internal */
export interface ApiRequest {
  method: "GET" | "POST";
  /** Path with every dynamic segment already encoded. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  kind: RequestKind;
  signal?: AbortSignal | undefined;
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
 * indistinguishable from an attack), over one keep-alive connection pool.
 * @internal
 */
export class HttpTransport {
  private readonly dispatcher: Dispatcher;
  /** Credential values to mask in any text that reaches an error. */
  readonly secrets: string[];

  constructor(private readonly options: TransportOptions) {
    this.dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
    const auth = options.auth;
    this.secrets = auth.kind === "aksk" ? [auth.secretKey, auth.securityToken ?? ""] : [auth.token];
  }

  async send(req: ApiRequest): Promise<ApiResponse> {
    const { clock, retry } = this.options;
    const deadline = clock.now() + this.options.totalTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(req, deadline);
      } catch (err) {
        if (attempt >= retry.maxAttempts || !shouldRetry(err, req.kind)) throw err;
        const delay = retryDelayMs(attempt, err, retry, this.options.random);
        if (clock.now() + delay >= deadline) throw err;
        this.options.log?.(`retrying ${req.method} ${req.path} in ${Math.round(delay)} ms: ${(err as Error).message}`);
        await clock.sleep(delay, req.signal);
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async attempt(req: ApiRequest, deadline: number): Promise<ApiResponse> {
    const { endpoint, clock } = this.options;
    const url = new URL(endpoint.href.replace(/\/$/, "") + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.append(k, v);
    const body = req.body === undefined ? "" : JSON.stringify(req.body);
    const headers = this.headersFor(req.method, url, body);

    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new CceTimeoutError(`${req.method} ${req.path}: gave up after ${this.options.totalTimeoutMs} ms`, {
        timeoutMs: this.options.totalTimeoutMs,
        scope: "operation",
      });
    }
    const attemptMs = Math.min(this.options.requestTimeoutMs, remaining);
    const timeout = AbortSignal.timeout(attemptMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;

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
      if (req.signal?.aborted) throw req.signal.reason;
      if (timeout.aborted) {
        throw new CceTimeoutError(`${req.method} ${req.path}: no complete answer within ${attemptMs} ms`, {
          timeoutMs: attemptMs,
          scope: "attempt",
          cause: err,
        });
      }
      const code = (err as { code?: string }).code;
      const message = redact((err as Error).message ?? String(err), this.secrets);
      throw new CceNetworkError(`${req.method} ${req.path}: ${message}${code ? ` (${code})` : ""}`, {
        code,
        cause: err,
      });
    }

    const requestId = header(responseHeaders, "x-request-id");
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
    const { auth, projectId, clock, userAgent } = this.options;
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

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
