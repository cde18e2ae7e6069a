/**
 * Small `node:http` helpers of the emulator: bounded body reading, JSON answers with a request id, URL splitting.
 * @internal
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body the emulator reads (1 MiB); larger bodies are drained and answered 413. @internal */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request body, or the fact that it was too large to keep. @internal */
export interface ReadBody {
  body: Buffer;
  tooLarge: boolean;
  /** Bytes received, also when they were dropped. */
  size: number;
}

/** The client hung up before the end of the body: nobody is left to answer. @internal */
export class RequestAbortedError extends Error {
  override name = "RequestAbortedError";
  constructor() {
    super("request aborted before the end of the body");
  }
}

/**
 * Reads the whole body as raw bytes (the signature covers the exact bytes, so nothing is decoded here).
 * Past `limit` the bytes are counted and dropped, and the stream is drained so that the 413 answer reaches a client
 * that is still sending.
 * @param req - the request.
 * @param limit - maximum bytes kept.
 * @throws RequestAbortedError if the client hangs up before the end of the body.
 * @internal
 */
export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge, size }));
    // An error or a "close" before "end" means the client went away; a settled promise ignores later calls.
    const aborted = (): void => reject(new RequestAbortedError());
    req.on("error", aborted);
    req.on("close", aborted);
  });
}

/**
 * Sends a JSON answer with `Content-Type`, `Content-Length` and `X-Request-Id`. Does nothing if the socket is gone
 * (a delayed answer whose client hung up, or an emulator being closed).
 * @param res - the response.
 * @param requestId - the `X-Request-Id` value.
 * @param status - HTTP status.
 * @param body - JSON text; empty for no body.
 * @param headers - extra headers (e.g. `retry-after`).
 * @internal
 */
export function sendJson(
  res: ServerResponse,
  requestId: string,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const payload = Buffer.from(body, "utf8");
  const base: Record<string, string> = { "x-request-id": requestId };
  if (payload.length > 0) {
    base["content-type"] = "application/json";
    base["content-length"] = String(payload.length);
  }
  res.writeHead(status, { ...base, ...headers });
  res.end(payload);
}

/**
 * A new request id: 32 random hex characters, like the ids the real gateway returns.
 * @internal
 */
export function newRequestId(): string {
  return randomBytes(16).toString("hex");
}

/**
 * Splits a request target into the raw path and the raw query, without decoding either (the signature covers them
 * as sent). Absolute-form targets (`http://host/path`) are reduced to their path.
 * @internal
 */
export function splitTarget(target: string): { rawPath: string; rawQuery: string } {
  let rest = target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (absolute !== null) rest = rest.slice(absolute[0].length) || "/";
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  return q < 0 ? { rawPath: rest, rawQuery: "" } : { rawPath: rest.slice(0, q), rawQuery: rest.slice(q + 1) };
}

/**
 * Decodes a query into a plain object (the last value wins for a repeated key).
 * @internal
 */
export function queryObject(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) out[key] = value;
  return out;
}

/**
 * The first value of a header.
 * @internal
 */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
