// Reference: Huawei API signing, SDK-HMAC-SHA256. Vectors: GO SDK `core/auth/signer/signer_test.go` and the
// NODE SDK's AKSKSigner (core 3.1.211), both with AK=AccessKey, SK=SecretKey (docs/cce-api-facts.md §4.6, 4.7).
import assert from "node:assert/strict";
import {
  EMPTY_BODY_SHA256,
  authorizationHeaderValue,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  hmacSha256Hex,
  payloadHash,
  signedHeaderNames,
  stringToSign,
} from "../../../provider/auth/canonical";
import {
  type AkSkCredentials,
  SIGNING_ALGORITHM,
  type SignableRequest,
  signRequest,
} from "../../../provider/auth/signer";
import { type ReceivedRequest, parseAuthorization, parseSdkDate, verifySignature } from "../../emulator/verify";

const AK = "AccessKey";
const SK = "SecretKey";
const CREDENTIALS: AkSkCredentials = { accessKey: AK, secretKey: SK };
const CCE = "https://cce.cn-north-4.myhuaweicloud.com";
const CCE_HEADERS = { "content-type": "application/json", "X-Project-Id": "proj123" };

/** The request as an emulator would receive it after `signRequest`: raw path/query, lower-cased header names. */
function received(request: SignableRequest, headers: Record<string, string>): ReceivedRequest {
  return {
    method: request.method,
    rawPath: request.url.pathname,
    rawQuery: request.url.search,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    body: typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body,
  };
}

describe("GO SDK vectors (canonical functions)", () => {
  // The GO SDK signs every header except content-type and names with "_": here only x-sdk-date.
  const vectors: {
    name: string;
    method: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    body: string;
    signature: string;
  }[] = [
    {
      name: "GET with a query and an unsigned TEST_UNDERSCORE header",
      method: "GET",
      path: "/path",
      query: "limit=1",
      headers: { "X-Sdk-Date": "20060102T150405Z", TEST_UNDERSCORE: "TEST_VALUE" },
      body: "",
      signature: "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    },
    {
      name: "POST with a JSON body ending in the encoder's newline, content-type unsigned",
      method: "POST",
      path: "/path",
      query: "key=value",
      headers: { "X-Sdk-Date": "20060102T150405Z", TEST_UNDERSCORE: "TEST_VALUE", "Content-Type": "application/json" },
      body: '{"Name":"test","Id":1}\n',
      signature: "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    },
  ];

  for (const v of vectors) {
    it(`should reproduce the ${v.name}`, () => {
      const signedHeaders = ["x-sdk-date"];
      const canonical = canonicalRequest({ ...v, signedHeaders, payloadHashHex: payloadHash(v.body) });
      const signature = hmacSha256Hex(SK, stringToSign("20060102T150405Z", canonical));
      assert.equal(
        authorizationHeaderValue(AK, signedHeaders, signature),
        `SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=${v.signature}`,
      );
    });
  }

  it("should build the canonical request text of the GET vector byte for byte", () => {
    const text = canonicalRequest({
      method: "get",
      path: "/path",
      query: "limit=1",
      headers: { "X-Sdk-Date": "20060102T150405Z" },
      signedHeaders: ["x-sdk-date"],
      payloadHashHex: payloadHash(""),
    });
    assert.equal(text, `GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${EMPTY_BODY_SHA256}`);
  });

  it("should not match the POST vector when the trailing newline is dropped", () => {
    const canonical = canonicalRequest({
      method: "POST",
      path: "/path",
      query: "key=value",
      headers: { "X-Sdk-Date": "20060102T150405Z" },
      signedHeaders: ["x-sdk-date"],
      payloadHashHex: payloadHash('{"Name":"test","Id":1}'),
    });
    assert.notEqual(
      hmacSha256Hex(SK, stringToSign("20060102T150405Z", canonical)),
      "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
  });
});

describe(signRequest.name, () => {
  const nodeVectors: {
    name: string;
    request: SignableRequest;
    credentials: AkSkCredentials;
    date: string;
    authorization: string;
  }[] = [
    {
      name: "A: GET with a query, no headers",
      request: { method: "GET", url: new URL("https://example.huaweicloud.com/path?limit=1"), headers: {}, body: "" },
      credentials: CREDENTIALS,
      date: "2006-01-02T15:04:05Z",
      authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, " +
        "Signature=7eb88c06474c7197e670e0ae61651746453587eb5fad98074266578511cf3c01",
    },
    {
      name: "B: rollback POST",
      request: {
        method: "POST",
        url: new URL(`${CCE}/autopilot/v3/addons/addon-123/operation/rollback`),
        headers: CCE_HEADERS,
        body: '{"clusterID":"cluster-abc"}',
      },
      credentials: CREDENTIALS,
      date: "2024-01-01T00:00:00Z",
      authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, " +
        "Signature=961fdc1e07837158339ed60314c754feff87fa98c613d2a18610ec59f745d1ed",
    },
    {
      name: "C: show GET",
      request: {
        method: "GET",
        url: new URL(`${CCE}/autopilot/v3/addons/addon-123?cluster_id=cluster-abc`),
        headers: CCE_HEADERS,
        body: "",
      },
      credentials: CREDENTIALS,
      date: "2024-01-01T00:00:00Z",
      authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, " +
        "Signature=561a78a06bc29ed4885b4d1a91df66fea78f4be5769ae3eecb71cd29b8ef2a0e",
    },
    {
      name: "D: show GET with temporary credentials",
      request: {
        method: "GET",
        url: new URL(`${CCE}/autopilot/v3/addons/addon-123?cluster_id=cluster-abc`),
        headers: CCE_HEADERS,
        body: "",
      },
      credentials: { ...CREDENTIALS, securityToken: "tok" },
      date: "2024-01-01T00:00:00Z",
      authorization:
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, " +
        "Signature=af849bb3c6b7611db0b5d10944c110466100d99bb1d816a457959beb53fc9574",
    },
  ];

  for (const v of nodeVectors) {
    it(`should reproduce NODE vector ${v.name}`, () => {
      const headers = signRequest(v.request, v.credentials, new Date(v.date));
      assert.equal(headers["Authorization"], v.authorization);
    });
  }

  it("should return the input headers plus host, X-Sdk-Date, X-Security-Token and Authorization", () => {
    const request = nodeVectors[3]!.request;
    const headers = signRequest(request, { ...CREDENTIALS, securityToken: "tok" }, new Date("2024-01-01T00:00:00Z"));
    assert.deepEqual(Object.keys(headers).sort(), [
      "Authorization",
      "X-Project-Id",
      "X-Sdk-Date",
      "X-Security-Token",
      "content-type",
      "host",
    ]);
    assert.equal(headers["host"], "cce.cn-north-4.myhuaweicloud.com");
    assert.equal(headers["X-Sdk-Date"], "20240101T000000Z");
    assert.equal(headers["X-Security-Token"], "tok");
    assert.deepEqual(request.headers, CCE_HEADERS, "the input headers must not be modified");
  });

  it("should be deterministic", () => {
    const request = nodeVectors[1]!.request;
    const date = new Date("2024-01-01T00:00:00Z");
    assert.deepEqual(signRequest(request, CREDENTIALS, date), signRequest(request, CREDENTIALS, date));
    const bytes = { ...request, body: Buffer.from(request.body as string, "utf8") };
    assert.deepEqual(signRequest(bytes, CREDENTIALS, date), signRequest(request, CREDENTIALS, date));
  });

  it("should change only the date and the signature when re-signed with another date", () => {
    const request = nodeVectors[1]!.request;
    const first = signRequest(request, CREDENTIALS, new Date("2024-01-01T00:00:00Z"));
    const again = signRequest({ ...request, headers: first }, CREDENTIALS, new Date("2024-01-01T00:07:30Z"));

    assert.deepEqual(again, signRequest(request, CREDENTIALS, new Date("2024-01-01T00:07:30Z")));
    assert.equal(again["X-Sdk-Date"], "20240101T000730Z");
    const unchanged = (headers: Record<string, string>) =>
      Object.entries(headers).filter(([name]) => name !== "Authorization" && name !== "X-Sdk-Date");
    assert.deepEqual(unchanged(again), unchanged(first));
    const [a1 = "", a2 = ""] = [first["Authorization"], again["Authorization"]];
    const prefix = (value: string) => value.slice(0, value.indexOf("Signature="));
    assert.equal(prefix(a2), prefix(a1));
    assert.notEqual(a2, a1);
  });

  it("should replace the date and signature of a re-signed request whatever the letter case of their names", () => {
    // HTTP header names are case-insensitive, and Node's HTTP stack hands them back in lower case: the old
    // x-sdk-date and authorization must go, or the request would carry two dates and a stale signature.
    const request = nodeVectors[1]!.request;
    const lower = (headers: Record<string, string>) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const first = signRequest(request, CREDENTIALS, new Date("2024-01-01T00:00:00Z"));
    const later = new Date("2024-01-01T00:07:30Z");
    assert.deepEqual(
      signRequest({ ...request, headers: lower(first) }, CREDENTIALS, later),
      signRequest({ ...request, headers: lower(request.headers) }, CREDENTIALS, later),
    );
  });

  it("should sign the security token", () => {
    const request = nodeVectors[2]!.request;
    const date = new Date("2024-01-01T00:00:00Z");
    const one = signRequest(request, { ...CREDENTIALS, securityToken: "token-one" }, date);
    const two = signRequest(request, { ...CREDENTIALS, securityToken: "token-two" }, date);
    assert.match(one["Authorization"] ?? "", /SignedHeaders=[^,]*;x-security-token,/);
    assert.notEqual(one["Authorization"], two["Authorization"]);
  });

  it("should keep a given host header and a given security token", () => {
    const request = {
      ...nodeVectors[2]!.request,
      headers: { ...CCE_HEADERS, Host: "proxy.example:8443", "X-Security-Token": "given" },
    };
    const headers = signRequest(request, { ...CREDENTIALS, securityToken: "other" }, new Date(0));
    assert.equal(headers["Host"], "proxy.example:8443");
    assert.equal(headers["host"], undefined);
    assert.equal(headers["X-Security-Token"], "given");
  });

  it("should include a non-default port in host", () => {
    const request: SignableRequest = { method: "GET", url: new URL("http://127.0.0.1:8443/x"), headers: {}, body: "" };
    assert.equal(signRequest(request, CREDENTIALS, new Date(0))["host"], "127.0.0.1:8443");
  });

  it("should use X-Sdk-Content-Sha256 instead of hashing the body", () => {
    const base: SignableRequest = {
      method: "PUT",
      url: new URL(`${CCE}/upload`),
      headers: { "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" },
      body: "one",
    };
    const date = new Date(0);
    assert.equal(
      signRequest(base, CREDENTIALS, date)["Authorization"],
      signRequest({ ...base, body: "two" }, CREDENTIALS, date)["Authorization"],
    );
  });

  // A request that cannot be signed correctly is refused before it is sent: a wrong signature costs more than an
  // error, since the gateway locks the access key for 5 minutes after repeated signature failures. The message is
  // all the caller gets to go on, so it names the problem; it may reach a log, so it never holds a key.
  const refusals: { name: string; sign: () => unknown; error: typeof Error; message: RegExp }[] = [
    {
      name: "an invalid date",
      sign: () => signRequest(nodeVectors[0]!.request, CREDENTIALS, new Date(Number.NaN)),
      error: RangeError,
      message: /X-Sdk-Date/,
    },
    // X-Sdk-Date has four digits for the year: a year it cannot hold would be sent mangled.
    {
      name: "a date before the year 0000",
      sign: () => signRequest(nodeVectors[0]!.request, CREDENTIALS, new Date("-000001-12-31T23:59:59Z")),
      error: RangeError,
      message: /X-Sdk-Date/,
    },
    {
      name: "a date after the year 9999",
      sign: () => signRequest(nodeVectors[0]!.request, CREDENTIALS, new Date("+010000-01-01T00:00:00Z")),
      error: RangeError,
      message: /X-Sdk-Date/,
    },
    {
      name: "an empty secret key",
      sign: () => signRequest(nodeVectors[0]!.request, { accessKey: AK, secretKey: "" }, new Date(0)),
      error: TypeError,
      message: /credentials are incomplete/,
    },
    {
      name: "an empty access key",
      sign: () => signRequest(nodeVectors[0]!.request, { accessKey: "", secretKey: SK }, new Date(0)),
      error: TypeError,
      message: /credentials are incomplete/,
    },
    {
      // Which of the two values would be signed is anyone's guess, and the server may see the other one.
      name: "two headers whose names differ only in letter case",
      sign: () =>
        signRequest({ ...nodeVectors[0]!.request, headers: { "X-A": "1", "x-a": "2" } }, CREDENTIALS, new Date(0)),
      error: TypeError,
      message: /repeat a name in different letter case/,
    },
  ];
  for (const { name, sign, error, message } of refusals) {
    it(`should refuse ${name}, saying why and echoing no key`, () => {
      assert.throws(sign, (err: Error) => {
        assert.ok(err instanceof error, `${err.name}: ${err.message}`);
        assert.match(err.message, message);
        assert.ok(!err.message.includes(AK) && !err.message.includes(SK), err.message);
        return true;
      });
    });
  }

  it("should export the algorithm name", () => {
    assert.equal(SIGNING_ALGORITHM, "SDK-HMAC-SHA256");
  });
});

describe(verifySignature.name, () => {
  const date = new Date("2024-01-01T00:00:00Z");
  const secrets = (ak: string) => (ak === AK ? SK : undefined);
  const request: SignableRequest = {
    method: "POST",
    url: new URL(`${CCE}/autopilot/v3/addons/addon-123/operation/rollback?cluster_id=c%201`),
    headers: CCE_HEADERS,
    body: '{"clusterID":"cluster-abc"}',
  };
  const signed = () => received(request, signRequest(request, { ...CREDENTIALS, securityToken: "tok" }, date));

  it("should accept what signRequest produced, with an unsigned user-agent added afterwards", () => {
    const req = signed();
    req.headers["user-agent"] = "huaweicloud-usdk-nodejs/3.0";
    assert.deepEqual(verifySignature(req, secrets, date), {
      ok: true,
      accessKey: AK,
      signedHeaders: ["content-type", "host", "x-project-id", "x-sdk-date", "x-security-token"],
    });
  });

  it("should accept a date 15 minutes away", () => {
    assert.equal(verifySignature(signed(), secrets, new Date(date.getTime() + 15 * 60_000)).ok, true);
    assert.equal(verifySignature(signed(), secrets, new Date(date.getTime() - 15 * 60_000)).ok, true);
  });

  it("should accept the GO SDK's POST vector (content-type unsigned, body with trailing newline)", () => {
    const req: ReceivedRequest = {
      method: "POST",
      rawPath: "/path",
      rawQuery: "key=value",
      headers: {
        host: "example.huaweicloud.com",
        "content-type": "application/json",
        test_underscore: "TEST_VALUE",
        "user-agent": "huaweicloud-usdk-go/3.0",
        "x-sdk-date": "20060102T150405Z",
        authorization:
          "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, " +
          "Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
      },
      body: Buffer.from('{"Name":"test","Id":1}\n'),
    };
    assert.equal(verifySignature(req, secrets, new Date("2006-01-02T15:04:05Z")).ok, true);
  });

  it("should accept a GO-style request that signs user-agent but not host, without spaces after commas", () => {
    const headers = { "user-agent": "huaweicloud-usdk-go/3.0", "x-project-id": "p", "x-sdk-date": "20240101T000000Z" };
    const signedHeaders = signedHeaderNames(headers);
    const canonical = canonicalRequest({
      method: "GET",
      path: "/autopilot/v3/addons/a",
      query: "",
      headers,
      signedHeaders,
      payloadHashHex: payloadHash(""),
    });
    const signature = hmacSha256Hex(SK, stringToSign("20240101T000000Z", canonical));
    const req: ReceivedRequest = {
      method: "GET",
      rawPath: "/autopilot/v3/addons/a",
      rawQuery: "",
      headers: {
        ...headers,
        host: "cce.cn-north-4.myhuaweicloud.com",
        authorization: `SDK-HMAC-SHA256 Access=${AK},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`,
      },
      body: new Uint8Array(),
    };
    assert.equal(verifySignature(req, secrets, date).ok, true);
  });

  const rejections: { name: string; tamper: (req: ReceivedRequest) => void; now?: Date; reason: string }[] = [
    {
      name: "a tampered body",
      tamper: (req) => (req.body = Buffer.from('{"clusterID":"cluster-xyz"}')),
      reason: "signature mismatch",
    },
    { name: "a tampered query", tamper: (req) => (req.rawQuery = "?cluster_id=c%202"), reason: "signature mismatch" },
    { name: "a tampered path", tamper: (req) => (req.rawPath += "x"), reason: "signature mismatch" },
    {
      name: "a tampered signed header",
      tamper: (req) => (req.headers["x-project-id"] = "other"),
      reason: "signature mismatch",
    },
    {
      name: "a stale date (16 minutes)",
      tamper: () => undefined,
      now: new Date(date.getTime() + 16 * 60_000),
      reason: "x-sdk-date outside the 15-minute window",
    },
    {
      name: "a date 16 minutes in the future",
      tamper: () => undefined,
      now: new Date(date.getTime() - 16 * 60_000),
      reason: "x-sdk-date outside the 15-minute window",
    },
    {
      name: "an unknown access key",
      tamper: (req) => (req.headers["authorization"] = String(req.headers["authorization"]).replace(AK, "Other")),
      reason: "unknown access key",
    },
    {
      name: "a missing Authorization",
      tamper: (req) => delete req.headers["authorization"],
      reason: "missing Authorization header",
    },
    {
      name: "a malformed Authorization",
      tamper: (req) => (req.headers["authorization"] = "SDK-HMAC-SHA256 Access=AccessKey"),
      reason: "malformed Authorization header",
    },
    {
      name: "another algorithm",
      tamper: (req) =>
        (req.headers["authorization"] = String(req.headers["authorization"]).replace(/^\S+/, "V11-HMAC-SHA256")),
      reason: "unsupported signing algorithm",
    },
    {
      name: "a missing signed header",
      tamper: (req) => delete req.headers["x-project-id"],
      reason: "signed header x-project-id missing",
    },
    {
      name: "a malformed date",
      tamper: (req) => (req.headers["x-sdk-date"] = "2024-01-01T00:00:00Z"),
      reason: "malformed x-sdk-date",
    },
    {
      name: "a content hash that does not match the body",
      tamper: (req) => (req.headers["x-sdk-content-sha256"] = EMPTY_BODY_SHA256),
      reason: "x-sdk-content-sha256 does not match the body",
    },
  ];

  for (const r of rejections) {
    it(`should reject ${r.name}`, () => {
      const req = signed();
      r.tamper(req);
      const result = verifySignature(req, secrets, r.now ?? date);
      assert.deepEqual(result, { ok: false, reason: r.reason });
    });
  }

  it("should reject a valid signature that does not cover x-sdk-date", () => {
    const headers = { host: "cce.cn-north-4.myhuaweicloud.com", "x-sdk-date": "20240101T000000Z" };
    const canonical = canonicalRequest({
      method: "GET",
      path: "/a",
      query: "",
      headers,
      signedHeaders: ["host"],
      payloadHashHex: payloadHash(""),
    });
    const signature = hmacSha256Hex(SK, stringToSign("20240101T000000Z", canonical));
    const req: ReceivedRequest = {
      method: "GET",
      rawPath: "/a",
      rawQuery: "",
      headers: { ...headers, authorization: authorizationHeaderValue(AK, ["host"], signature) },
      body: new Uint8Array(),
    };
    assert.deepEqual(verifySignature(req, secrets, date), { ok: false, reason: "x-sdk-date not signed" });
  });

  it("should never put the secret or the expected signature in a reason", () => {
    const req = signed();
    const expected = /Signature=([0-9a-f]+)/.exec(String(req.headers["authorization"]))?.[1] ?? "";
    req.headers["authorization"] = String(req.headers["authorization"]).replace(/Signature=\w+/, "Signature=00");
    const result = verifySignature(req, secrets, date);
    assert.equal(result.ok, false);
    assert.ok(!JSON.stringify(result).includes(SK) && !JSON.stringify(result).includes(expected));
  });
});

describe(canonicalQueryString.name, () => {
  const cases: { name: string; query: Parameters<typeof canonicalQueryString>[0]; expected: string }[] = [
    { name: "no query", query: "", expected: "" },
    { name: "a lone question mark", query: "?", expected: "" },
    { name: "a leading question mark", query: "?limit=1", expected: "limit=1" },
    { name: "a space as %20", query: "q=a%20b", expected: "q=a%20b" },
    { name: "a space in a record", query: { q: "a b" }, expected: "q=a%20b" },
    { name: "a plus sign as a plus sign", query: "q=a+b", expected: "q=a%2Bb" },
    { name: "unicode", query: "name=%E4%B8%80&e=%F0%9F%98%80", expected: "e=%F0%9F%98%80&name=%E4%B8%80" },
    { name: "unicode in a record", query: { name: "一" }, expected: "name=%E4%B8%80" },
    { name: "lower-case escapes", query: "k=%c3%a9", expected: "k=%C3%A9" },
    { name: "encoded & and = inside a value", query: "f=a%3Db%26c%3Dd", expected: "f=a%3Db%26c%3Dd" },
    { name: "a raw = inside a value", query: "k=a=b", expected: "k=a%3Db" },
    { name: "& and = inside a record value", query: { f: "a=b&c" }, expected: "f=a%3Db%26c" },
    { name: "repeated keys with sorted values", query: "b=2&a=z&a=x&a=y", expected: "a=x&a=y&a=z&b=2" },
    { name: "repeated keys in a record", query: { a: ["z", "x", "y"] }, expected: "a=x&a=y&a=z" },
    { name: "empty values and keys without =", query: "k=v&flag&empty=", expected: "empty=&flag=&k=v" },
    { name: "empty segments", query: "a=1&&b=2&", expected: "a=1&b=2" },
    { name: "a malformed escape kept as is", query: "k=100%", expected: "k=100%25" },
    {
      name: "/ and reserved characters",
      query: { path: "/tmp/123", x: "!'()*" },
      expected: "path=%2Ftmp%2F123&x=%21%27%28%29%2A",
    },
    { name: "byte order of keys (upper case, _, lower case)", query: "a=1&_=2&B=3", expected: "B=3&_=2&a=1" },
    {
      // U+FF46 is EF BD 86 in UTF-8 and sorts before U+1F600 (F0 ...); in UTF-16 code units it would sort after.
      name: "UTF-8 byte order, not UTF-16 order",
      query: { "\u{1F600}": "1", "\uFF46": "2" },
      expected: "%EF%BD%86=2&%F0%9F%98%80=1",
    },
    { name: "URLSearchParams as decoded pairs", query: new URLSearchParams("a=1+2&a=0"), expected: "a=0&a=1%202" },
    {
      name: "the GO SDK vector",
      query: { limit: "1", enable: "true", test: "一 (&=?!#%.*)", path: "/tmp/123", multi: ["3", "1", "2"] },
      expected:
        "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    },
  ];

  for (const c of cases) {
    it(`should handle ${c.name}`, () => {
      assert.equal(canonicalQueryString(c.query), c.expected);
    });
  }
});

describe(canonicalUri.name, () => {
  const cases: [string, string][] = [
    ["", "/"],
    ["/", "/"],
    ["/path", "/path/"],
    ["/autopilot/v3/addons/x/", "/autopilot/v3/addons/x/"],
    ["/addons/a b", "/addons/a%20b/"],
    ["/addons/a%20b", "/addons/a%20b/"],
    ["/addons/%C3%A9", "/addons/%C3%A9/"],
    ["/addons/é", "/addons/%C3%A9/"],
    ["/addons/a%2Fb", "/addons/a%2Fb/"],
    ["/addons/100%", "/addons/100%25/"],
    ["/addons/a:b@c!*()", "/addons/a%3Ab%40c%21%2A%28%29/"],
    ["/a-b_c.d~e", "/a-b_c.d~e/"],
  ];
  for (const [path, expected] of cases) {
    it(`should canonicalize ${JSON.stringify(path)} as ${expected}`, () => {
      assert.equal(canonicalUri(path), expected);
    });
  }
});

describe(canonicalHeaders.name, () => {
  it("should sort, lower-case, trim and look names up in any case", () => {
    const headers = { "X-Sdk-Date": " 20240101T000000Z ", Host: "h", "Content-Type": "application/json" };
    assert.equal(
      canonicalHeaders(headers, ["x-sdk-date", "HOST", "content-type"]),
      "content-type:application/json\nhost:h\nx-sdk-date:20240101T000000Z\n",
    );
  });

  it("should throw when a signed header is missing", () => {
    assert.throws(() => canonicalHeaders({}, ["host"]), /"host" is missing/);
  });

  it("should list unique lower-cased names with signedHeaderNames", () => {
    assert.deepEqual(signedHeaderNames({ "X-Sdk-Date": "d", host: "h", "Content-Type": "c" }), [
      "content-type",
      "host",
      "x-sdk-date",
    ]);
  });
});

describe(payloadHash.name, () => {
  it("should hash the exact bytes", () => {
    assert.equal(payloadHash(""), EMPTY_BODY_SHA256);
    assert.equal(payloadHash(new Uint8Array()), EMPTY_BODY_SHA256);
    assert.equal(payloadHash("é"), payloadHash(Buffer.from([0xc3, 0xa9])));
    assert.notEqual(payloadHash("{}"), payloadHash("{}\n"));
  });
});

describe(formatSdkDate.name, () => {
  // The first and last instants that four year digits can hold are written, zero-padded; the refusals of the
  // years outside are tested through signRequest.
  const cases: [string, string][] = [
    ["0000-01-01T00:00:00.000Z", "00000101T000000Z"],
    ["9999-12-31T23:59:59.999Z", "99991231T235959Z"],
  ];
  for (const [date, expected] of cases) {
    it(`should write ${date} as ${expected}`, () => {
      assert.equal(formatSdkDate(new Date(date)), expected);
    });
  }
});

describe(parseSdkDate.name, () => {
  it("should round-trip with formatSdkDate", () => {
    assert.equal(formatSdkDate(new Date("2006-01-02T15:04:05.999Z")), "20060102T150405Z");
    assert.equal(parseSdkDate("20060102T150405Z")?.toISOString(), "2006-01-02T15:04:05.000Z");
    assert.equal(parseSdkDate("00010101T000000Z")?.toISOString(), "0001-01-01T00:00:00.000Z");
  });

  for (const bad of [
    "",
    "2006-01-02T15:04:05Z",
    "20060102T150405",
    "20060102T150405z",
    " 20060102T150405Z",
    "20240230T000000Z",
    "20241301T000000Z",
    "20240101T240000Z",
    "20240101T000060Z",
  ]) {
    it(`should reject ${JSON.stringify(bad)}`, () => {
      assert.equal(parseSdkDate(bad), undefined);
    });
  }
});

describe(parseAuthorization.name, () => {
  const expected = {
    algorithm: "SDK-HMAC-SHA256",
    access: "AK",
    signedHeaders: ["host", "x-sdk-date"],
    signature: "ab12",
  };

  it("should parse the SDKs' form", () => {
    assert.deepEqual(
      parseAuthorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ab12"),
      expected,
    );
  });

  it("should tolerate missing spaces after commas and another part order", () => {
    assert.deepEqual(
      parseAuthorization("SDK-HMAC-SHA256 Signature=ab12,Access=AK,SignedHeaders=host;x-sdk-date"),
      expected,
    );
  });

  for (const bad of [
    "",
    "SDK-HMAC-SHA256",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=",
    "SDK-HMAC-SHA256 Access=AK, Access=AK, SignedHeaders=host, Signature=ab",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;date, Signature=ab",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ab, Extra=1",
    "SDK-HMAC-SHA256Access=AK,SignedHeaders=host,Signature=ab",
  ]) {
    it(`should reject ${JSON.stringify(bad)}`, () => {
      assert.equal(parseAuthorization(bad), undefined);
    });
  }
});
