/**
 * Checks an `SDK-HMAC-SHA256` signature on a request as received, for the local API emulator (a test double of
 * the cloud's API gateway).
 *
 * Reference: Huawei API signing, SDK-HMAC-SHA256. The canonical request is rebuilt from the SignedHeaders list
 * in the `Authorization` header and the received headers, so every SDK convention passes: `host` or
 * `content-type` signed or not, `user-agent` signed (GO) or not (NODE), a JSON body with or without GO's
 * trailing newline (the exact received bytes are hashed), unsigned headers added after signing.
 *
 * Test code, not product code: only the emulator and the tests use it. It shares the canonical-request steps with
 * the signer, so on its own it cannot catch a bug in those steps (both sides would agree on the same wrong
 * text); the signer's tests compare it byte for byte with Huawei's own SDK signer and the published vectors for
 * that. What the verifier checks independently is the request as it crossed the wire: the headers, path, query
 * and body bytes undici actually sent, against the signature computed over them, so a request that is signed for
 * one thing and sent as another fails here.
 */
import { timingSafeEqual } from "node:crypto";
import {
  SIGNING_ALGORITHM,
  canonicalRequest,
  formatSdkDate,
  hmacSha256Hex,
  payloadHash,
  percentEncode,
  stringToSign,
} from "../../provider/auth/canonical";

/** A request as the emulator received it: raw path and query, Node-style headers, body bytes. @public */
export interface ReceivedRequest {
  method: string;
  /** The path as received (still percent-encoded), without query. */
  rawPath: string;
  /** The query as received, without or with the leading `?`; `""` when none. */
  rawQuery: string;
  /** `IncomingMessage.headers`-style headers; names in any case. */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/** The outcome of {@link verifySignature}. `reason` is short and never holds a secret or an expected signature. @public */
export type VerifyResult = { ok: true; accessKey: string; signedHeaders: string[] } | { ok: false; reason: string };

const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

/** Lower-cased names; repeated headers folded with ", " as Node's HTTP parser folds them. */
function flattenHeaders(headers: ReceivedRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(", ") : value;
    out[lower] = lower in out ? `${out[lower]}, ${joined}` : joined;
  }
  return out;
}

/**
 * The paths whose canonical URI may have been signed. The first is the standard one (decode each segment, then
 * encode, as the GO SDK does with the logical path). The NODE SDK encodes the path of `url.parse(endpoint)`
 * without decoding it, so a segment that was already percent-encoded (an id with a space, or a `%XX` escape)
 * gets encoded twice (`a%20b` -> `a%2520b`); the second candidate reproduces that by pre-encoding each raw
 * segment, which the decode step of `canonicalUri` then undoes.
 */
function pathCandidates(rawPath: string): string[] {
  const standard = rawPath;
  if (!rawPath.includes("%")) return [standard];
  return [standard, rawPath.split("/").map(percentEncode).join("/")];
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies the `Authorization` header of a received request.
 *
 * Requires `x-sdk-date` to be present, listed in SignedHeaders and within `maxSkewMs` of `now` (APIG's
 * 15-minute window). An `X-Sdk-Content-Sha256` header is honoured as in the SDKs: `UNSIGNED-PAYLOAD` skips the
 * body, any other value must equal the body's hash.
 * @param lookupSecret - the secret key for an access key, or `undefined` if the key is unknown
 * @param now - the emulator's clock
 * @public
 */
export function verifySignature(
  request: ReceivedRequest,
  lookupSecret: (accessKey: string) => string | undefined,
  now: Date,
  maxSkewMs = 15 * 60_000,
): VerifyResult {
  const headers = flattenHeaders(request.headers);
  const authorization = headers["authorization"];
  if (authorization === undefined) return fail("missing Authorization header");
  const parsed = parseAuthorization(authorization);
  if (!parsed) return fail("malformed Authorization header");
  if (parsed.algorithm !== SIGNING_ALGORITHM) return fail("unsupported signing algorithm");
  const secretKey = lookupSecret(parsed.access);
  if (secretKey === undefined) return fail("unknown access key");

  const signedHeaders = parsed.signedHeaders.map((name) => name.toLowerCase());
  if (signedHeaders.includes("authorization")) return fail("malformed Authorization header");
  const sdkDate = headers["x-sdk-date"];
  if (sdkDate === undefined) return fail("missing x-sdk-date header");
  if (!signedHeaders.includes("x-sdk-date")) return fail("x-sdk-date not signed");
  const date = parseSdkDate(sdkDate);
  if (!date) return fail("malformed x-sdk-date");
  if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) {
    return fail(`x-sdk-date outside the ${maxSkewMs / 60_000}-minute window`);
  }
  const missing = signedHeaders.find((name) => headers[name] === undefined);
  if (missing !== undefined) return fail(`signed header ${missing} missing`);

  const bodyHash = payloadHash(request.body);
  const declaredHash = headers["x-sdk-content-sha256"];
  if (declaredHash !== undefined && declaredHash !== UNSIGNED_PAYLOAD && declaredHash.toLowerCase() !== bodyHash) {
    return fail("x-sdk-content-sha256 does not match the body");
  }

  for (const path of pathCandidates(request.rawPath)) {
    const canonical = canonicalRequest({
      method: request.method,
      path,
      query: request.rawQuery,
      headers,
      signedHeaders,
      payloadHashHex: declaredHash ?? bodyHash,
    });
    const expected = hmacSha256Hex(secretKey, stringToSign(sdkDate, canonical));
    if (sameText(expected, parsed.signature)) return { ok: true, accessKey: parsed.access, signedHeaders };
  }
  return fail("signature mismatch");
}

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Parses an `X-Sdk-Date` value in the strict `YYYYMMDDTHHMMSSZ` form, so that a verifier can check the 15-minute
 * window. Anything else, including impossible dates such as `20240230T000000Z`, gives `undefined`.
 * @public
 */
export function parseSdkDate(value: string): Date | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Date.UTC rolls over out-of-range fields (Feb 30 -> Mar 1); a round trip rejects them.
  return formatSdkDate(date) === value ? date : undefined;
}

/** The parts of an `SDK-HMAC-SHA256` `Authorization` header. @public */
export interface ParsedAuthorization {
  algorithm: string;
  access: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>` (spaces after the commas optional,
 * parts in any order). The algorithm is returned as written; the caller decides whether it is supported.
 * @returns `undefined` when a part is missing, empty, repeated or unknown
 * @public
 */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = /^\s*(\S+)\s+(.*?)\s*$/s.exec(value);
  if (!m) return undefined;
  const [, algorithm = "", rest = ""] = m;
  const fields = new Map<string, string>();
  for (const part of rest.split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) return undefined;
    const name = part.slice(0, eq).trim();
    const field = part.slice(eq + 1).trim();
    if (fields.has(name) || field === "") return undefined;
    fields.set(name, field);
  }
  const access = fields.get("Access");
  const signed = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (fields.size !== 3 || access === undefined || signed === undefined || signature === undefined) return undefined;
  const signedHeaders = signed.split(";");
  if (signedHeaders.some((name) => name === "")) return undefined;
  return { algorithm, access, signedHeaders, signature };
}
