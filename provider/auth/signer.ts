/**
 * Signs one HTTP request with a Huawei Cloud AK/SK pair.
 *
 * Reference: Huawei API signing, SDK-HMAC-SHA256 (GO SDK `core/auth/signer/signer.go`, NODE SDK
 * `core/auth/AKSKSigner.ts`). Unlike the NODE SDK's signer, this one reads no clock (the date is an argument, so
 * each retry attempt can be re-signed with the time of that attempt) and hashes the exact body bytes sent
 * rather than `JSON.stringify` of an object.
 */
import {
  authorizationHeaderValue,
  canonicalRequest,
  findHeader,
  formatSdkDate,
  hmacSha256Hex,
  payloadHash,
  signedHeaderNames,
  stringToSign,
} from "./canonical";

export { SIGNING_ALGORITHM } from "./canonical";

/** A request exactly as it will be sent. @public */
export interface SignableRequest {
  /** HTTP method; upper-cased by the signer. */
  method: string;
  /** Full URL exactly as it will be sent (path and query). */
  url: URL;
  /** The headers that will be sent, e.g. `content-type`, `X-Project-Id`, `host`. */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent (`""` when none). */
  body: Uint8Array | string;
}

/** A permanent AK/SK pair, or a temporary one with its security token. @public */
export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** Set for temporary credentials; sent (and signed) as `X-Security-Token`. */
  securityToken?: string;
}

const AUTHORIZATION = "authorization";
const SDK_DATE = "x-sdk-date";
const SECURITY_TOKEN = "x-security-token";
const CONTENT_SHA256 = "x-sdk-content-sha256";

/**
 * Returns the headers to send: a new object with the input headers plus `host` (from the URL, unless a host header
 * is given), `X-Sdk-Date`, `X-Security-Token` (temporary credentials, unless already given) and `Authorization`.
 *
 * Every returned header except `Authorization` is signed, so `host`, `content-type`, `x-project-id`, `x-sdk-date`
 * and `x-security-token` are all covered; a header added after signing (e.g. a User-Agent added by the HTTP
 * library) is merely unsigned, which the gateway accepts. An existing `X-Sdk-Date` or `Authorization` is replaced,
 * so the output of one call can be signed again for a retry. The payload hash is the SHA-256 of `body`, unless
 * an `X-Sdk-Content-Sha256` header is given, whose value is then used verbatim, as in both SDKs.
 *
 * Pure: no clock, no randomness; the same inputs give the same headers.
 * @param signingDate - the time of this attempt; the gateway rejects dates more than 15 minutes from its own
 * @throws RangeError for an invalid date; TypeError for empty credentials or header names that differ only in
 * case (messages never contain a key, token or signature)
 * @public
 */
export function signRequest(
  request: SignableRequest,
  credentials: AkSkCredentials,
  signingDate: Date,
): Record<string, string> {
  if (!credentials.accessKey || !credentials.secretKey) throw new TypeError("AK/SK credentials are incomplete");
  const sdkDate = formatSdkDate(signingDate);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower !== AUTHORIZATION && lower !== SDK_DATE) headers[name] = value;
  }
  // NODE SDK: `url.parse(endpoint).host` (with a non-default port) unless the caller set `host` itself.
  if (findHeader(headers, "host") === undefined) headers["host"] = request.url.host;
  headers["X-Sdk-Date"] = sdkDate;
  if (credentials.securityToken && findHeader(headers, SECURITY_TOKEN) === undefined) {
    headers["X-Security-Token"] = credentials.securityToken;
  }

  const signedHeaders = signedHeaderNames(headers);
  if (signedHeaders.length !== Object.keys(headers).length) {
    throw new TypeError("request headers repeat a name in different letter case");
  }
  const canonical = canonicalRequest({
    method: request.method,
    path: request.url.pathname,
    query: request.url.search,
    headers,
    signedHeaders,
    payloadHashHex: findHeader(headers, CONTENT_SHA256) ?? payloadHash(request.body),
  });
  const signature = hmacSha256Hex(credentials.secretKey, stringToSign(sdkDate, canonical));
  headers["Authorization"] = authorizationHeaderValue(credentials.accessKey, signedHeaders, signature);
  return headers;
}
