// Cross-checks signRequest against Huawei's own NODE signer (AKSKSigner from @huaweicloud/huaweicloud-sdk-core)
// on seeded random requests. Reference: Huawei API signing, SDK-HMAC-SHA256; docs/cce-api-facts.md §4.5.
import assert from "node:assert/strict";
import { parse as legacyUrlParse } from "node:url";
import { canonicalQueryString, canonicalUri, formatSdkDate } from "../../../provider/auth/canonical";
import { signRequest } from "../../../provider/auth/signer";
import { verifySignature } from "../../emulator/verify";
import { mulberry32 } from "../../support/prng";

/** The parts of the oracle used here; its .d.ts marks the helpers protected, but they are public at run time. */
interface OracleRequest {
  endpoint: string;
  method: string;
  queryParams: Record<string, string | string[]>;
  headers: Record<string, string>;
  data?: unknown;
}
interface OracleSigner {
  sign(request: OracleRequest, credential: { getAk(): string; getSk(): string }): Record<string, string>;
  CanonicalURI(path: string): string;
  CanonicalQueryString(request: { queryParams: Record<string, string | string[]> }): string;
}
// No `exports` map in the package, so the deep path resolves to auth/AKSKSigner.js.
const { AKSKSigner: oracle } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: OracleSigner;
};

const SEED = Number(process.env["SIGNER_ORACLE_SEED"] ?? 0x5eed5167);
const COUNT = Number(process.env["SIGNER_ORACLE_COUNT"] ?? 600);

type Random = () => number;
const int = (rnd: Random, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
const chance = (rnd: Random, p: number) => rnd() < p;
function pick<T>(rnd: Random, items: readonly T[]): T {
  return items[int(rnd, 0, items.length - 1)] as T;
}
function text(rnd: Random, alphabet: readonly string[], min: number, max: number): string {
  let out = "";
  for (let n = int(rnd, min, max); n > 0; n--) out += pick(rnd, alphabet);
  return out;
}
function shuffle<T>(rnd: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(rnd, 0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const chars = (s: string) => [...s];
const ID = chars("abcdefghijklmnopqrstuvwxyz0123456789-");
const HEX = chars("0123456789abcdef");
const TOKEN = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
const SECRET = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+-=[]{}|;:,.<>?/~`");
// Path characters that need encoding but that url.parse leaves alone (see the documented quirk below).
const PATH_SPECIAL = chars(":@!*();,=+$&é中😀");
// Query characters: spaces, unicode, &, =, /, %, +, ? and #. Unicode stays below U+D800 or above U+FFFF: between
// them the oracle's UTF-16 sort and the byte order disagree (documented quirk below).
const QUERY = [...chars("abcXYZ019-_.~ &=/%+?#!*'()[],;:@$"), ...chars("éß中文😀🚀")];
const HOSTS = [
  "cce.cn-north-4.myhuaweicloud.com",
  "cce.ap-southeast-1.myhuaweicloud.com",
  "0f1e2d3c-aaaa-bbbb-cccc-123456789abc.cce.cn-north-4.myhuaweicloud.com",
  "127.0.0.1:8443",
  "localhost:34567",
];

interface Case {
  oracleRequest: OracleRequest;
  url: URL;
  body: Uint8Array | string;
  date: Date;
  accessKey: string;
  secretKey: string;
  securityToken: string | undefined;
}

/** The query as a client would send it: keys and values encoded, pairs in random order, `k` for some empty values. */
function wireQuery(rnd: Random, query: Record<string, string | string[]>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      pairs.push(
        v === "" && chance(rnd, 0.5) ? encodeURIComponent(key) : `${encodeURIComponent(key)}=${encodeURIComponent(v)}`,
      );
    }
  }
  return shuffle(rnd, pairs).join("&");
}

function randomCase(rnd: Random): Case {
  const method = pick(rnd, ["GET", "POST"] as const);
  const id = chance(rnd, 0.1) ? text(rnd, [...ID, ...PATH_SPECIAL], 4, 16) : text(rnd, ID, 8, 36);
  const path = `/autopilot/v3/addons/${id}` + (method === "POST" ? "/operation/rollback" : "");
  const endpoint = `${chance(rnd, 0.8) ? "https" : "http"}://${pick(rnd, HOSTS)}${path}`;

  const query: Record<string, string | string[]> = {};
  for (let n = int(rnd, 0, 5); n > 0; n--) {
    const key = chance(rnd, 0.5) ? pick(rnd, ["cluster_id", "limit", "marker", "name"]) : text(rnd, QUERY, 1, 8);
    const value = () => (chance(rnd, 0.15) ? "" : text(rnd, QUERY, 1, 12));
    query[key] = chance(rnd, 0.25) ? Array.from({ length: int(rnd, 2, 3) }, value) : value();
  }

  const date = new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 100 * 365 * 86_400) * 1000);
  const headers: Record<string, string> = { "X-Sdk-Date": formatSdkDate(date) };
  if (chance(rnd, 0.9)) headers["content-type"] = "application/json";
  if (chance(rnd, 0.7)) headers["X-Project-Id"] = text(rnd, HEX, 32, 32);
  const securityToken = chance(rnd, 0.4) ? text(rnd, TOKEN, 20, 200) : undefined;
  if (securityToken !== undefined) headers["X-Security-Token"] = securityToken;
  if (chance(rnd, 0.1)) headers["X-Request-Id"] = text(rnd, HEX, 16, 16);

  let data: unknown;
  if (method === "POST" ? chance(rnd, 0.7) : chance(rnd, 0.05)) {
    data = chance(rnd, 0.5)
      ? { clusterID: text(rnd, ID, 8, 36) }
      : {
          clusterID: text(rnd, ID, 8, 36),
          note: text(rnd, QUERY, 0, 20),
          n: int(rnd, -1000, 1000),
          nested: { ok: true },
        };
  }
  // The oracle hashes JSON.stringify(data); our signer gets exactly those bytes, as a string or as bytes.
  const json = data === undefined ? "" : JSON.stringify(data);
  const body = chance(rnd, 0.5) ? json : Buffer.from(json, "utf8");

  const search = wireQuery(rnd, query);
  return {
    oracleRequest: { endpoint, method, queryParams: query, headers, data },
    url: new URL(endpoint + (search ? `?${search}` : "")),
    body,
    date,
    accessKey: text(rnd, chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), 20, 20),
    secretKey: text(rnd, SECRET, 40, 40),
    securityToken,
  };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "Authorization"));
}

describe(`${signRequest.name} against the NODE SDK's AKSKSigner`, () => {
  it(`should produce identical headers on ${COUNT} random requests (seed 0x${SEED.toString(16)})`, () => {
    const rnd = mulberry32(SEED);
    let sawToken = 0;
    let sawQuery = 0;
    let sawBody = 0;
    for (let i = 0; i < COUNT; i++) {
      const c = randomCase(rnd);
      const expected = oracle.sign(c.oracleRequest, { getAk: () => c.accessKey, getSk: () => c.secretKey });
      const credentials = { accessKey: c.accessKey, secretKey: c.secretKey, securityToken: c.securityToken };
      const request = {
        method: c.oracleRequest.method,
        url: c.url,
        headers: withoutAuthorization(expected),
        body: c.body,
      };
      const actual = signRequest(request, credentials, c.date);
      const context = `case ${i} (seed 0x${SEED.toString(16)}): ${c.oracleRequest.method} ${c.url.href}`;
      assert.equal(actual["Authorization"], expected["Authorization"], context);
      assert.deepEqual(actual, expected, context);

      // The emulator's verifier accepts it as received on the wire.
      const result = verifySignature(
        {
          method: request.method,
          rawPath: c.url.pathname,
          rawQuery: c.url.search,
          headers: Object.fromEntries(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), v])),
          body: typeof c.body === "string" ? Buffer.from(c.body, "utf8") : c.body,
        },
        (ak) => (ak === c.accessKey ? c.secretKey : undefined),
        c.date,
      );
      assert.equal(result.ok, true, `${context}: ${result.ok ? "" : result.reason}`);

      if (c.securityToken !== undefined) sawToken++;
      if (c.url.search) sawQuery++;
      if (c.oracleRequest.data !== undefined) sawBody++;
    }
    // The generator really covers what it claims to.
    assert.ok(sawToken > COUNT / 5 && sawQuery > COUNT / 2 && sawBody > COUNT / 5);
  });
});

// Where the oracle and signRequest deliberately differ. Each test pins both behaviours so a change in either shows.
describe("documented differences from the NODE SDK's AKSKSigner", () => {
  it("should encode an already-encoded path once, where the oracle encodes url.parse's escapes again", () => {
    // url.parse escapes a space (and ' \" < > ` { } | ^) to %XX and the oracle then encodes the %, giving %2520.
    // The GO SDK encodes the logical path once, as canonicalUri does.
    const pathname = legacyUrlParse("https://h/addons/a b").pathname ?? "";
    assert.equal(oracle.CanonicalURI(pathname), "/addons/a%2520b/");
    assert.equal(canonicalUri(new URL("https://h/addons/a b").pathname), "/addons/a%20b/");
  });

  it("should let the emulator accept the oracle's double-encoded path anyway", () => {
    const date = new Date("2024-01-01T00:00:00Z");
    const headers = oracle.sign(
      {
        endpoint: "https://h/addons/a b",
        method: "GET",
        queryParams: {},
        headers: { "X-Sdk-Date": formatSdkDate(date) },
      },
      { getAk: () => "AK", getSk: () => "SK" },
    );
    const result = verifySignature(
      {
        method: "GET",
        rawPath: "/addons/a%20b",
        rawQuery: "",
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
        body: new Uint8Array(),
      },
      (ak) => (ak === "AK" ? "SK" : undefined),
      date,
    );
    assert.equal(result.ok, true);
  });

  it("should sort query keys by UTF-8 bytes, where the oracle sorts by UTF-16 code units", () => {
    // U+FF46 vs U+1F600: bytes EF.. < F0.., code units FF46 > D83D. The GO SDK (sort.Strings) sorts by bytes.
    const queryParams = { "\uFF46": "1", "\u{1F600}": "2" };
    assert.equal(oracle.CanonicalQueryString({ queryParams }), "%F0%9F%98%80=2&%EF%BD%86=1");
    assert.equal(canonicalQueryString(queryParams), "%EF%BD%86=1&%F0%9F%98%80=2");
  });

  it("should trim header values, where the oracle signs them untrimmed", () => {
    // GO trims (strings.TrimSpace); HTTP strips the surrounding whitespace in transit anyway.
    const request = { endpoint: "https://h/a", method: "GET", queryParams: {}, data: undefined };
    const sign = (value: string) =>
      oracle.sign(
        { ...request, headers: { "X-Sdk-Date": "20240101T000000Z", "X-Project-Id": value } },
        { getAk: () => "AK", getSk: () => "SK" },
      )["Authorization"];
    assert.notEqual(sign(" p "), sign("p"));
    const ours = (value: string) =>
      signRequest(
        { method: "GET", url: new URL("https://h/a"), headers: { "X-Project-Id": value }, body: "" },
        { accessKey: "AK", secretKey: "SK" },
        new Date("2024-01-01T00:00:00Z"),
      )["Authorization"];
    assert.equal(ours(" p "), ours("p"));
    assert.equal(ours("p"), sign("p"));
  });
});
