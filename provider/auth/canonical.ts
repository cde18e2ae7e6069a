/**
 * The canonical pieces of Huawei Cloud's AK/SK request signature, each a small pure function.
 *
 * Reference: Huawei API signing, SDK-HMAC-SHA256 (APIG "AK/SK authentication"; GO SDK `core/auth/signer/signer.go`,
 * NODE SDK `core/auth/AKSKSigner.ts`). Step numbers below are those of the algorithm as both SDKs implement it.
 * The signer (`signer.ts`) and the emulator's verifier (`verify.ts`) share these functions, so a client and the
 * test double of the cloud can only disagree where the SDKs themselves disagree.
 */
import { createHash, createHmac } from "node:crypto";

/**
 * The only algorithm these functions implement; it is both the first line of the string to sign and the scheme
 * of the `Authorization` header. (`V11-HMAC-SHA256`, the derived-key variant, is not used by CCE.)
 * @public
 */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** Hash of the empty body; documented by Huawei, handy in tests and logs. @public */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Percent-encodes a string the way the signature needs: every UTF-8 byte outside the unreserved set
 * `A-Z a-z 0-9 - _ . ~` becomes `%XX` with upper-case hex (so a space is `%20`, never `+`).
 *
 * `encodeURIComponent` already does this except that it leaves `! ' ( ) *` alone, so those are added.
 * @throws URIError when the string holds a lone surrogate (it has no UTF-8 form; the NODE SDK throws too).
 * @public
 */
export function percentEncode(value: string): string {
  // These five are U+0021..U+002A: always two hex digits.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `decodeURIComponent`, or the input itself when it is not valid percent-encoding (e.g. a bare `%`). */
function decodeOrRaw(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Orders strings by their UTF-8 bytes, which is the order of their code points. The GO SDK's `sort.Strings`
 * sorts this way; JavaScript's default sort compares UTF-16 code units, which differs once characters
 * U+E000..U+FFFF meet characters above U+FFFF.
 * @internal
 */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Step 3, CanonicalURI: the path with each segment percent-encoded, always ending in `/`.
 *
 * The path may arrive already percent-encoded, as it is on the wire, so each segment is decoded first and then
 * encoded: `/addons/a%20b` and `/addons/a b` both give `/addons/a%20b/`, like the GO SDK, which encodes the
 * logical (unencoded) path. The trailing `/` exists only in the canonical form; the request sent has none.
 * @param path - the URL path, e.g. `/autopilot/v3/addons/abc` (no query)
 * @returns e.g. `/autopilot/v3/addons/abc/`
 * @public
 */
export function canonicalUri(path: string): string {
  const encoded = path
    .split("/")
    .map((segment) => percentEncode(decodeOrRaw(segment)))
    .join("/");
  return encoded.endsWith("/") ? encoded : encoded + "/";
}

/** Every query value by key, in no particular order. */
type QueryPairs = Map<string, string[]>;

function addPair(pairs: QueryPairs, key: string, value: string): void {
  const values = pairs.get(key);
  if (values) values.push(value);
  else pairs.set(key, [value]);
}

/** Splits a raw query on `&` and `=` and decodes each side; `+` stays a plus sign, as the SDKs send `%20`. */
function parseRawQuery(query: string): QueryPairs {
  const pairs: QueryPairs = new Map();
  const raw = query.startsWith("?") ? query.slice(1) : query;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? "" : part.slice(eq + 1);
    addPair(pairs, decodeOrRaw(key), decodeOrRaw(value));
  }
  return pairs;
}

function toQueryPairs(query: string | URLSearchParams | Record<string, string | string[]>): QueryPairs {
  if (typeof query === "string") return parseRawQuery(query);
  const pairs: QueryPairs = new Map();
  if (query instanceof URLSearchParams) {
    for (const [key, value] of query) addPair(pairs, key, value);
    return pairs;
  }
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) addPair(pairs, key, v);
  }
  return pairs;
}

/**
 * Step 4, CanonicalQueryString: `k=v` pairs sorted by key (UTF-8 byte order), a repeated key once per value with
 * its values sorted, keys and values strictly percent-encoded, joined with `&`; `""` when there is no query.
 *
 * A raw query string (optionally starting with `?`) is parsed as sent: split on `&` and the first `=`, each side
 * decoded with `decodeURIComponent` (a malformed escape is kept as is), `+` NOT read as a space, and a key without
 * `=` has the empty value. A `URLSearchParams` or a record is taken as already decoded.
 * @example `canonicalQueryString("?b=2&a=x%20y&a=w")` is `"a=w&a=x%20y&b=2"`
 * @public
 */
export function canonicalQueryString(query: string | URLSearchParams | Record<string, string | string[]>): string {
  const pairs = toQueryPairs(query);
  const out: string[] = [];
  for (const [key, values] of [...pairs].sort(([a], [b]) => compareUtf8(a, b))) {
    const encodedKey = percentEncode(key);
    for (const value of [...values].sort(compareUtf8)) {
      out.push(`${encodedKey}=${percentEncode(value)}`);
    }
  }
  return out.join("&");
}

/** Lower-cased, unique, sorted header names. */
function normalizeHeaderNames(names: Iterable<string>): string[] {
  return [...new Set([...names].map((name) => name.toLowerCase()))].sort(compareUtf8);
}

/**
 * Step 6, SignedHeaders: the names of the headers to sign, lower-cased, unique and sorted.
 * The caller decides which headers to pass: the signer passes every header it sends except `Authorization`.
 * @public
 */
export function signedHeaderNames(headers: Record<string, string>): string[] {
  return normalizeHeaderNames(Object.keys(headers));
}

/** Finds a header value by name regardless of the case of the stored key. @internal */
export function findHeader(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

/**
 * Step 5, CanonicalHeaders: `name:value\n` for each signed header, names lower-cased and sorted, values trimmed.
 *
 * Trimming follows the GO SDK (`strings.TrimSpace`); the NODE SDK does not trim, but an HTTP hop strips the
 * surrounding whitespace anyway, so a verifier only ever sees trimmed values.
 * @param headers - the headers as sent; looked up case-insensitively
 * @param signedHeaders - the names to include (any case)
 * @throws Error when a signed header is absent (the message names the header, never a value)
 * @public
 */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: readonly string[]): string {
  let out = "";
  for (const name of normalizeHeaderNames(signedHeaders)) {
    const value = findHeader(headers, name);
    if (value === undefined) throw new Error(`signed header "${name}" is missing from the request`);
    out += `${name}:${value.trim()}\n`;
  }
  return out;
}

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. @internal */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Step 7, the payload hash: lower-case hex SHA-256 of the exact body bytes (a string is hashed as UTF-8).
 * Hash what is sent, byte for byte: the GO SDK's JSON ends with `\n` and that newline is part of the hash.
 * @public
 */
export function payloadHash(body: Uint8Array | string): string {
  return sha256Hex(body);
}

/** Inputs of {@link canonicalRequest}. @public */
export interface CanonicalRequestParts {
  /** HTTP method; upper-cased here. */
  method: string;
  /** URL path as sent (encoded or not), without query. */
  path: string;
  /** The query as sent, or already decoded pairs. */
  query: string | URLSearchParams | Record<string, string | string[]>;
  /** The headers as sent. */
  headers: Record<string, string>;
  /** The names of the signed headers (any case, any order). */
  signedHeaders: readonly string[];
  /** {@link payloadHash} of the body, or the value of an `X-Sdk-Content-Sha256` header. */
  payloadHashHex: string;
}

/**
 * Step 2, CanonicalRequest: method, canonical URI, canonical query, canonical headers, signed header names and
 * payload hash joined by `\n`. The canonical headers end with their own `\n`, so the text has a blank line
 * before the signed header names.
 * @public
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.path),
    canonicalQueryString(parts.query),
    canonicalHeaders(parts.headers, parts.signedHeaders),
    normalizeHeaderNames(parts.signedHeaders).join(";"),
    parts.payloadHashHex,
  ].join("\n");
}

/**
 * Step 8, StringToSign: the algorithm, the `X-Sdk-Date` value and the hex SHA-256 of the canonical request,
 * joined by `\n`.
 * @public
 */
export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequestText)}`;
}

/**
 * Step 9, the signature: lower-case hex HMAC-SHA256 keyed with the secret key's bytes as they are
 * (no key derivation, unlike AWS SigV4).
 * @public
 */
export function hmacSha256Hex(secretKey: string, data: string): string {
  return createHmac("sha256", secretKey).update(data).digest("hex");
}

/**
 * Step 10, the `Authorization` value: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`,
 * with exactly one space after the algorithm and `, ` between the parts, as both SDKs write it.
 * @public
 */
export function authorizationHeaderValue(
  accessKey: string,
  signedHeaders: readonly string[],
  signature: string,
): string {
  return `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * Step 1, the `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ` (e.g. `20240101T000000Z`); seconds are truncated.
 * @throws RangeError for an invalid date or a year outside 0000..9999 (the format has four digits)
 * @public
 */
export function formatSdkDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) throw new RangeError("invalid X-Sdk-Date date");
  return (
    String(year).padStart(4, "0") +
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    "T" +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds()) +
    "Z"
  );
}
