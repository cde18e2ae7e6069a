/**
 * Checks an `SDK-HMAC-SHA256` signature on a request as received, for the local API emulator (a test double of
 * the cloud's API gateway).
 *
 * Reference: Huawei API signing, SDK-HMAC-SHA256. The canonical request is rebuilt from the SignedHeaders list
 * in the `Authorization` header and the received headers, so every SDK convention passes: `host` or
 * `content-type` signed or not, `user-agent` signed (GO) or not (NODE), a JSON body with or without GO's
 * trailing newline (the exact received bytes are hashed), unsigned headers added after signing.
 */
import { timingSafeEqual } from "node:crypto";
import {
  SIGNING_ALGORITHM,
  canonicalRequest,
  hmacSha256Hex,
  parseAuthorization,
  parseSdkDate,
  payloadHash,
  percentEncode,
  stringToSign,
} from "./canonical";

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
