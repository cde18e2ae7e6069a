/**
 * Tests of the proxy settings read from the environment (the way undici reads them) and of the proxy passwords that
 * redaction removes. Pure: no network.
 */
import assert from "node:assert/strict";
import { ConnectionConfigError } from "../../../provider/connection/errors";
import { PROXY_VARIABLES, type ProxySettings, proxyUserInfo, resolveProxy } from "../../../provider/connection/proxy";

const CCE = new URL("https://cce.cn-north-4.myhuaweicloud.com");
const LOCAL = new URL("http://localhost:8080/");
const NONE: ProxySettings = { httpsProxy: "", httpProxy: "", noProxy: "", display: undefined };

describe(resolveProxy.name, function () {
  // [name, endpoint, environment, the settings]
  const cases: [string, URL, Record<string, string | undefined>, ProxySettings][] = [
    ["no variable: no proxy", CCE, {}, NONE],
    ["blank variables are none", CCE, { https_proxy: " ", HTTP_PROXY: "", no_proxy: "  " }, NONE],
    [
      "https_proxy for an https endpoint, named with its variable",
      CCE,
      { https_proxy: "http://proxy.corp:3128" },
      { ...NONE, httpsProxy: "http://proxy.corp:3128/", display: "http://proxy.corp:3128/ (https_proxy)" },
    ],
    [
      "lower case wins over upper case",
      CCE,
      { HTTPS_PROXY: "http://upper:3128", https_proxy: "http://lower:3128" },
      { ...NONE, httpsProxy: "http://lower:3128/", display: "http://lower:3128/ (https_proxy)" },
    ],
    [
      "upper case alone is read, and a blank lower case does not hide it",
      CCE,
      { https_proxy: " ", HTTPS_PROXY: "http://upper:3128" },
      { ...NONE, httpsProxy: "http://upper:3128/", display: "http://upper:3128/ (HTTPS_PROXY)" },
    ],
    [
      "an https endpoint falls back to http_proxy",
      CCE,
      { http_proxy: "http://plain:8080" },
      { ...NONE, httpProxy: "http://plain:8080/", display: "http://plain:8080/ (http_proxy)" },
    ],
    [
      "an https endpoint prefers https_proxy over http_proxy",
      CCE,
      { HTTP_PROXY: "http://plain:8080", HTTPS_PROXY: "https://secure:8443" },
      {
        ...NONE,
        httpsProxy: "https://secure:8443/",
        httpProxy: "http://plain:8080/",
        display: "https://secure:8443/ (HTTPS_PROXY)",
      },
    ],
    [
      "an http endpoint does not use https_proxy",
      LOCAL,
      { https_proxy: "http://proxy.corp:3128" },
      { ...NONE, httpsProxy: "http://proxy.corp:3128/" },
    ],
    [
      "an http endpoint uses http_proxy",
      LOCAL,
      { https_proxy: "http://secure:3128", HTTP_PROXY: "http://plain:8080" },
      {
        ...NONE,
        httpsProxy: "http://secure:3128/",
        httpProxy: "http://plain:8080/",
        display: "http://plain:8080/ (HTTP_PROXY)",
      },
    ],
    [
      "a value without a scheme is http://",
      CCE,
      { https_proxy: "proxy.corp:3128" },
      { ...NONE, httpsProxy: "http://proxy.corp:3128/", display: "http://proxy.corp:3128/ (https_proxy)" },
    ],
    [
      "the user and password are masked in what is shown, kept in what is used",
      CCE,
      { https_proxy: "http://alice:s3cret@proxy.corp:3128" },
      {
        ...NONE,
        httpsProxy: "http://alice:s3cret@proxy.corp:3128/",
        display: "http://***@proxy.corp:3128/ (https_proxy)",
      },
    ],
    [
      "a user alone is masked",
      CCE,
      { https_proxy: "http://alice@proxy.corp:3128" },
      { ...NONE, httpsProxy: "http://alice@proxy.corp:3128/", display: "http://***@proxy.corp:3128/ (https_proxy)" },
    ],
    [
      "a password alone is masked",
      CCE,
      { https_proxy: "http://:s3cret@proxy.corp:3128" },
      { ...NONE, httpsProxy: "http://:s3cret@proxy.corp:3128/", display: "http://***@proxy.corp:3128/ (https_proxy)" },
    ],
  ];
  for (const [name, endpoint, env, expected] of cases) {
    it(name, function () {
      assert.deepEqual(resolveProxy(endpoint, env), expected);
    });
  }

  describe("NO_PROXY", function () {
    const proxied = { https_proxy: "http://proxy.corp:3128", http_proxy: "http://proxy.corp:3128" };
    // [NO_PROXY, endpoint, whether the endpoint goes around the proxy]
    const cases: [string, URL, boolean][] = [
      ["*", CCE, true],
      [" * ", CCE, true],
      ["cce.cn-north-4.myhuaweicloud.com", CCE, true],
      ["CCE.CN-NORTH-4.MYHUAWEICLOUD.COM", CCE, true],
      ["myhuaweicloud.com", CCE, true],
      [".myhuaweicloud.com", CCE, true],
      ["*.myhuaweicloud.com", CCE, true],
      ["huaweicloud.com", CCE, false],
      ["cn-north-4.myhuaweicloud.com.evil", CCE, false],
      ["example.com", CCE, false],
      ["example.com,myhuaweicloud.com", CCE, true],
      ["example.com myhuaweicloud.com", CCE, true],
      ["example.com, ,,myhuaweicloud.com", CCE, true],
      ["myhuaweicloud.com:443", CCE, true],
      ["myhuaweicloud.com:8443", CCE, false],
      ["localhost", LOCAL, true],
      ["localhost:8080", LOCAL, true],
      ["localhost:80", LOCAL, false],
      ["localhost:80", new URL("http://localhost/"), true],
      ["localhost:443", new URL("http://localhost/"), false],
      ["localhost:443", new URL("https://localhost/"), true],
      ["", CCE, false],
      [",", CCE, false],
      // An endpoint written as a fully qualified name ends with a dot: an empty entry must not match it.
      ["example.com,", new URL("https://cce.cn-north-4.myhuaweicloud.com./"), false],
      ["myhuaweicloud.com.", new URL("https://cce.cn-north-4.myhuaweicloud.com./"), true],
    ];
    for (const [noProxy, endpoint, bypassed] of cases) {
      it(`${JSON.stringify(noProxy)} for ${endpoint.host}: ${bypassed ? "no proxy" : "through the proxy"}`, function () {
        const settings = resolveProxy(endpoint, { ...proxied, no_proxy: noProxy });
        assert.equal(settings.display, bypassed ? undefined : "http://proxy.corp:3128/ (" + chosen(endpoint) + ")");
        assert.equal(settings.noProxy, noProxy.trim() === "" ? "" : noProxy.trim());
      });
    }
    function chosen(endpoint: URL): string {
      return endpoint.protocol === "https:" ? "https_proxy" : "http_proxy";
    }

    it("no_proxy wins over NO_PROXY; NO_PROXY alone is read", function () {
      assert.equal(resolveProxy(CCE, { ...proxied, NO_PROXY: "*", no_proxy: "example.com" }).noProxy, "example.com");
      assert.equal(resolveProxy(CCE, { ...proxied, NO_PROXY: "*" }).display, undefined);
    });
  });

  describe("a proxy variable that is not a proxy URL", function () {
    const cases: [Record<string, string>, string][] = [
      [
        { https_proxy: "http://[not-a-host" },
        "https_proxy is not a proxy URL; give it as http://host:port (or http://user:password@host:port)",
      ],
      [
        { HTTP_PROXY: "http://[not-a-host" },
        "HTTP_PROXY is not a proxy URL; give it as http://host:port (or http://user:password@host:port)",
      ],
      [
        { https_proxy: "socks5://proxy.corp:1080" },
        "https_proxy must be an http:// or https:// proxy URL; got socks5://proxy.corp:1080",
      ],
    ];
    for (const [env, message] of cases) {
      it(message, function () {
        assert.throws(
          () => resolveProxy(CCE, env),
          (err: unknown) => err instanceof ConnectionConfigError && err.message === message && err.setting === "proxy",
        );
      });
    }
  });
});

describe(proxyUserInfo.name, function () {
  // [value of a proxy variable, the texts redaction removes]
  const cases: [string | undefined, string[]][] = [
    [undefined, []],
    ["", []],
    ["   ", []],
    ["http://proxy.corp:3128", []],
    ["http://alice:s3cret@proxy.corp:3128", ["s3cret", "s3cret", "alice:s3cret", "alice:s3cret"]],
    ["alice:s3cret@proxy.corp:3128", ["s3cret", "s3cret", "alice:s3cret", "alice:s3cret"]],
    [" http://alice:s3cret@proxy.corp:3128 ", ["s3cret", "s3cret", "alice:s3cret", "alice:s3cret"]],
    ["http://al%20ice:p%40ss@proxy.corp:3128", ["p@ss", "p%40ss", "al ice:p@ss", "al%20ice:p%40ss"]],
    ["http://alice@proxy.corp:3128", ["alice:"]],
    ["http://[not-a-host", []],
    ["http://alice:%E0%A4%A@proxy.corp:3128", []],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value) ?? "undefined"}: ${JSON.stringify(expected)}`, function () {
      assert.deepEqual(proxyUserInfo(value), expected);
    });
  }
});

describe("PROXY_VARIABLES", function () {
  it("the four proxy variables whose passwords are redacted, lower case first", function () {
    assert.deepEqual(PROXY_VARIABLES, ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"]);
  });
});
