// Reference: docs/cce-api-facts.md §5 (endpoint per region, `.eu` exception), §6.4 (HW_* environment variables), §6.5
// (`huaweicloud:*` stack config keys in camelCase) and the SDKs' HUAWEICLOUD_SDK_* variables.
import assert from "node:assert/strict";
import { type ConfigLookup } from "../../../provider/connection/front-doors";
import { ConnectionConfigError } from "../../../provider/connection/errors";
import { cceEndpointForRegion } from "../../../provider/connection/endpoint";
import { resolveConnection, secretValues } from "../../../provider/connection/resolve";

type Env = Record<string, string | undefined>;

const config =
  (values: Record<string, string> = {}): ConfigLookup =>
  (key) =>
    values[key];

const NO_CONFIG = config();
const REGION_ENV: Env = { HW_REGION_NAME: "cn-north-4" };

const CFG_SK = "config-secret-key-0001";
const HW_SK = "hw-env-secret-key-0002";
const SDK_SK = "sdk-env-secret-key-0003";
const CFG_TOKEN = "config-iam-token-0004";
const HW_TOKEN = "hw-env-iam-token-0005";
const CFG_STS = "config-security-token-0006";
const HW_STS = "hw-env-security-token-0007";
const SDK_STS = "sdk-env-security-token-0008";
const SAMPLE_SK = "sample-env-secret-key-0009";
const ALL_SECRETS = [CFG_SK, HW_SK, SDK_SK, SAMPLE_SK, CFG_TOKEN, HW_TOKEN, CFG_STS, HW_STS, SDK_STS];

const CONFIG_AKSK = { "huaweicloud:accessKey": "CFGAK", "huaweicloud:secretKey": CFG_SK };
const HW_AKSK: Env = { HW_ACCESS_KEY: "HWAK", HW_SECRET_KEY: HW_SK };
const SDK_AKSK: Env = { HUAWEICLOUD_SDK_AK: "SDKAK", HUAWEICLOUD_SDK_SK: SDK_SK };
const SAMPLE_AKSK: Env = { CLOUD_SDK_AK: "SAMPLEAK", CLOUD_SDK_SK: SAMPLE_SK };

/** Runs `fn`, expects a ConnectionConfigError, checks that it leaks no secret and returns its message. */
function configError(fn: () => unknown): string {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ConnectionConfigError, `expected a ConnectionConfigError, got ${String(caught)}`);
  assert.equal(caught.name, "ConnectionConfigError");
  for (const secret of ALL_SECRETS) assert.ok(!caught.message.includes(secret), `message leaks ${secret}`);
  return caught.message;
}

describe(resolveConnection.name, () => {
  describe("region and endpoint", () => {
    it("should take the region from the resource input first", () => {
      const c = resolveConnection({ region: "ap-southeast-3" }, config({ "huaweicloud:region": "cn-east-3" }), {
        ...HW_AKSK,
        HW_REGION_NAME: "cn-south-1",
      });
      assert.equal(c.region, "ap-southeast-3");
      assert.equal(c.endpoint.href, "https://cce.ap-southeast-3.myhuaweicloud.com/");
      assert.equal(c.sources.endpoint, "input region (ap-southeast-3)");
    });

    it("should take the region from stack config before the environment", () => {
      const c = resolveConnection({}, config({ "huaweicloud:region": "cn-east-3" }), {
        ...HW_AKSK,
        HW_REGION_NAME: "cn-south-1",
      });
      assert.equal(c.region, "cn-east-3");
      assert.equal(c.endpoint.href, "https://cce.cn-east-3.myhuaweicloud.com/");
      assert.equal(c.sources.endpoint, "huaweicloud:region (cn-east-3)");
    });

    it("should take the region from HW_REGION_NAME last", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...HW_AKSK, HW_REGION_NAME: "cn-south-1" });
      assert.equal(c.region, "cn-south-1");
      assert.equal(c.endpoint.href, "https://cce.cn-south-1.myhuaweicloud.com/");
      assert.equal(c.sources.endpoint, "HW_REGION_NAME (cn-south-1)");
    });

    it("should treat blank values as absent and trim the others", () => {
      const c = resolveConnection({ region: "  " }, config({ "huaweicloud:region": " cn-east-3 " }), HW_AKSK);
      assert.equal(c.region, "cn-east-3");
    });

    it("should use the .eu domain for eu-west-101", () => {
      const c = resolveConnection({ region: "eu-west-101" }, NO_CONFIG, HW_AKSK);
      assert.equal(c.endpoint.href, "https://cce.eu-west-101.myhuaweicloud.eu/");
    });

    it("should refuse a region that does not look like one, naming its source", () => {
      const message = configError(() => resolveConnection({}, NO_CONFIG, { ...HW_AKSK, HW_REGION_NAME: "North 4" }));
      assert.match(message, /region from HW_REGION_NAME must look like "cn-north-4"/);
      assert.match(message, /got "North 4"/);
    });

    it("should take an explicit endpoint before huaweicloud:endpoints and the region", () => {
      const c = resolveConnection(
        { endpoint: "https://proxy.example.com/cce", region: "cn-north-4" },
        config({ "huaweicloud:endpoints": JSON.stringify({ cce: "https://cce.example.org" }) }),
        HW_AKSK,
      );
      assert.equal(c.endpoint.href, "https://proxy.example.com/cce");
      assert.equal(c.sources.endpoint, "input endpoint");
      assert.equal(c.region, "cn-north-4");
    });

    it("should read the cce key of huaweicloud:endpoints before deriving from the region", () => {
      const c = resolveConnection(
        {},
        config({
          "huaweicloud:region": "cn-north-4",
          "huaweicloud:endpoints": JSON.stringify({ ecs: "https://ecs.example.org", cce: "https://cce.example.org" }),
        }),
        HW_AKSK,
      );
      assert.equal(c.endpoint.href, "https://cce.example.org/");
      assert.equal(c.sources.endpoint, "huaweicloud:endpoints.cce");
    });

    it("should fall back to the region when huaweicloud:endpoints has no cce key", () => {
      const c = resolveConnection(
        {},
        config({ "huaweicloud:endpoints": JSON.stringify({ ecs: "https://ecs.example.org" }) }),
        { ...HW_AKSK, ...REGION_ENV },
      );
      assert.equal(c.endpoint.href, "https://cce.cn-north-4.myhuaweicloud.com/");
    });

    for (const raw of ["{cce: https://x}", "https://cce.example.org", '"https://cce.example.org"', "42"]) {
      it(`should refuse huaweicloud:endpoints = ${raw}`, () => {
        const message = configError(() =>
          resolveConnection({}, config({ "huaweicloud:endpoints": raw }), { ...HW_AKSK, ...REGION_ENV }),
        );
        assert.match(message, /huaweicloud:endpoints must be an object with a "cce" key/);
      });
    }

    it("should say every way to set an endpoint when there is none", () => {
      const message = configError(() => resolveConnection({}, NO_CONFIG, HW_AKSK));
      assert.match(message, /No CCE endpoint/);
      for (const way of [
        "resource input region",
        "huaweicloud:region",
        "huaweicloud:endpoints.cce",
        "HW_REGION_NAME",
      ]) {
        assert.ok(message.includes(way), `message does not mention ${way}`);
      }
    });

    for (const endpoint of [
      "http://127.0.0.1:8080",
      "http://127.1.2.3",
      "http://localhost:3000",
      "http://[::1]:9000",
      "https://cce.cn-north-4.myhuaweicloud.com",
    ]) {
      it(`should accept ${endpoint}`, () => {
        const c = resolveConnection({ endpoint }, NO_CONFIG, HW_AKSK);
        assert.equal(c.endpoint.origin, new URL(endpoint).origin);
      });
    }

    for (const endpoint of [
      "http://cce.cn-north-4.myhuaweicloud.com",
      "http://10.0.0.1:8080",
      "http://localhost.example.com",
      "http://127.0.0.1.nip.io",
      "ftp://127.0.0.1",
    ]) {
      it(`should refuse ${endpoint} (plain http only for loopback)`, () => {
        const message = configError(() => resolveConnection({ endpoint }, NO_CONFIG, HW_AKSK));
        assert.match(message, /endpoint from input endpoint must use https:\/\//);
      });
    }

    for (const [name, endpoint, expected] of [
      ["user info", "https://admin:hunter2-password@cce.example.org", /must not hold user info/],
      ["a user name", "https://admin@cce.example.org", /must not hold user info/],
      ["a query", "https://cce.example.org/?token=abc", /must be a plain base URL with no query or fragment/],
      ["a fragment", "https://cce.example.org/#x", /must be a plain base URL with no query or fragment/],
    ] as const) {
      it(`should refuse an endpoint with ${name}, without quoting it`, () => {
        const message = configError(() => resolveConnection({ endpoint }, NO_CONFIG, HW_AKSK));
        assert.match(message, expected);
        assert.ok(!message.includes("hunter2"));
        assert.ok(!message.includes("admin"));
      });
    }

    it("should refuse an http endpoint with user info without quoting the password", () => {
      const message = configError(() =>
        resolveConnection({ endpoint: "http://admin:hunter2-password@example.com" }, NO_CONFIG, HW_AKSK),
      );
      assert.ok(!message.includes("hunter2"));
    });

    it("should refuse an endpoint that is not a URL, naming its source", () => {
      const message = configError(() =>
        resolveConnection({}, config({ "huaweicloud:endpoints": '{"cce":"cce.example.org"}' }), HW_AKSK),
      );
      assert.match(message, /endpoint from huaweicloud:endpoints\.cce is not a URL/);
    });
  });

  describe(cceEndpointForRegion.name, () => {
    it("should build https://cce.{region}.myhuaweicloud.com", () => {
      assert.equal(cceEndpointForRegion("cn-north-4"), "https://cce.cn-north-4.myhuaweicloud.com");
      assert.equal(cceEndpointForRegion("eu-west-0"), "https://cce.eu-west-0.myhuaweicloud.com");
    });

    it("should use myhuaweicloud.eu for eu-west-101", () => {
      assert.equal(cceEndpointForRegion("eu-west-101"), "https://cce.eu-west-101.myhuaweicloud.eu");
    });
  });

  describe("project ID", () => {
    const all = {
      HW_PROJECT_ID: "hwproject",
      HUAWEICLOUD_SDK_PROJECT_ID: "sdkproject",
    };

    it("should take the resource input first", () => {
      const c = resolveConnection({ projectId: "inputproject" }, config({ "huaweicloud:projectId": "cfgproject" }), {
        ...HW_AKSK,
        ...REGION_ENV,
        ...all,
      });
      assert.equal(c.projectId, "inputproject");
      assert.equal(c.sources.projectId, "input projectId");
    });

    it("should take stack config before the environment", () => {
      const c = resolveConnection({}, config({ "huaweicloud:projectId": "cfgproject" }), {
        ...HW_AKSK,
        ...REGION_ENV,
        ...all,
      });
      assert.equal(c.projectId, "cfgproject");
      assert.equal(c.sources.projectId, "huaweicloud:projectId");
    });

    it("should take HW_PROJECT_ID before HUAWEICLOUD_SDK_PROJECT_ID", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...HW_AKSK, ...REGION_ENV, ...all });
      assert.equal(c.projectId, "hwproject");
      assert.equal(c.sources.projectId, "HW_PROJECT_ID");
    });

    it("should take HUAWEICLOUD_SDK_PROJECT_ID last", () => {
      const c = resolveConnection({}, NO_CONFIG, {
        ...HW_AKSK,
        ...REGION_ENV,
        HUAWEICLOUD_SDK_PROJECT_ID: "sdkproject",
      });
      assert.equal(c.projectId, "sdkproject");
      assert.equal(c.sources.projectId, "HUAWEICLOUD_SDK_PROJECT_ID");
    });

    it("should be undefined when nothing gives one", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...HW_AKSK, ...REGION_ENV });
      assert.equal(c.projectId, undefined);
      assert.equal(c.sources.projectId, undefined);
    });
  });

  describe("credentials", () => {
    it("should take AK/SK from stack config first", () => {
      const c = resolveConnection({}, config({ ...CONFIG_AKSK, "huaweicloud:securityToken": CFG_STS }), {
        ...REGION_ENV,
        ...HW_AKSK,
        ...SDK_AKSK,
      });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "CFGAK", secretKey: CFG_SK, securityToken: CFG_STS });
      assert.equal(c.sources.auth, "stack config: huaweicloud:accessKey/huaweicloud:secretKey");
    });

    it("should take HW_* before HUAWEICLOUD_SDK_*", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, ...HW_AKSK, ...SDK_AKSK });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "HWAK", secretKey: HW_SK });
      assert.equal(c.sources.auth, "environment (HW_*): HW_ACCESS_KEY/HW_SECRET_KEY");
    });

    it("should take HUAWEICLOUD_SDK_* before CLOUD_SDK_*", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, ...SAMPLE_AKSK, ...SDK_AKSK });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "SDKAK", secretKey: SDK_SK });
    });

    it("should take CLOUD_SDK_AK/CLOUD_SDK_SK, as Huawei's API Explorer samples set them, last", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, ...SAMPLE_AKSK });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "SAMPLEAK", secretKey: SAMPLE_SK });
      assert.equal(
        c.sources.auth,
        "environment (CLOUD_SDK_*, as Huawei's API Explorer samples): CLOUD_SDK_AK/CLOUD_SDK_SK",
      );
    });

    it("should take an HW_AUTH_TOKEN, of an earlier family, before a CLOUD_SDK_* pair", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, ...SAMPLE_AKSK, HW_AUTH_TOKEN: HW_TOKEN });
      assert.deepEqual(c.auth, { kind: "token", token: HW_TOKEN }, "HW_AUTH_TOKEN's layer comes first");
    });

    it("should take HUAWEICLOUD_SDK_* with its security token", () => {
      const c = resolveConnection({}, NO_CONFIG, {
        ...REGION_ENV,
        ...SDK_AKSK,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: SDK_STS,
      });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "SDKAK", secretKey: SDK_SK, securityToken: SDK_STS });
      assert.equal(c.sources.auth, "environment (HUAWEICLOUD_SDK_*): HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK");
    });

    it("should read HW_SECURITY_TOKEN for temporary credentials", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, ...HW_AKSK, HW_SECURITY_TOKEN: HW_STS });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "HWAK", secretKey: HW_SK, securityToken: HW_STS });
    });

    it("should not pair a security token with an AK/SK from another layer", () => {
      const c = resolveConnection({}, config(CONFIG_AKSK), { ...REGION_ENV, HW_SECURITY_TOKEN: HW_STS });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "CFGAK", secretKey: CFG_SK });
    });

    it("should use huaweicloud:token", () => {
      const c = resolveConnection({}, config({ "huaweicloud:token": CFG_TOKEN }), { ...REGION_ENV, ...HW_AKSK });
      assert.deepEqual(c.auth, { kind: "token", token: CFG_TOKEN });
      assert.equal(c.sources.auth, "stack config: huaweicloud:token");
    });

    it("should use HW_AUTH_TOKEN", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, HW_AUTH_TOKEN: HW_TOKEN, ...SDK_AKSK });
      assert.deepEqual(c.auth, { kind: "token", token: HW_TOKEN });
      assert.equal(c.sources.auth, "environment (HW_*): HW_AUTH_TOKEN");
    });

    it("should prefer AK/SK over a token in the same layer (stack config)", () => {
      const c = resolveConnection({}, config({ ...CONFIG_AKSK, "huaweicloud:token": CFG_TOKEN }), REGION_ENV);
      assert.equal(c.auth.kind, "aksk");
    });

    it("should prefer AK/SK over a token in the same layer (HW_*)", () => {
      const c = resolveConnection({}, NO_CONFIG, { ...REGION_ENV, ...HW_AKSK, HW_AUTH_TOKEN: HW_TOKEN });
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "HWAK", secretKey: HW_SK });
    });

    it("should ignore blank credential values", () => {
      const c = resolveConnection({}, config({ "huaweicloud:accessKey": " ", "huaweicloud:secretKey": "" }), {
        ...REGION_ENV,
        ...HW_AKSK,
      });
      assert.equal(c.sources.auth, "environment (HW_*): HW_ACCESS_KEY/HW_SECRET_KEY");
    });

    const halves: [string, ConfigLookup, Env, string, string][] = [
      [
        "huaweicloud:accessKey only",
        config({ "huaweicloud:accessKey": "CFGAK" }),
        {},
        "huaweicloud:accessKey",
        "huaweicloud:secretKey",
      ],
      [
        "huaweicloud:secretKey only",
        config({ "huaweicloud:secretKey": CFG_SK }),
        {},
        "huaweicloud:secretKey",
        "huaweicloud:accessKey",
      ],
      ["HW_ACCESS_KEY only", NO_CONFIG, { HW_ACCESS_KEY: "HWAK" }, "HW_ACCESS_KEY", "HW_SECRET_KEY"],
      ["HW_SECRET_KEY only", NO_CONFIG, { HW_SECRET_KEY: HW_SK }, "HW_SECRET_KEY", "HW_ACCESS_KEY"],
      [
        "HUAWEICLOUD_SDK_AK only",
        NO_CONFIG,
        { HUAWEICLOUD_SDK_AK: "SDKAK" },
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
      ],
      [
        "HUAWEICLOUD_SDK_SK only",
        NO_CONFIG,
        { HUAWEICLOUD_SDK_SK: SDK_SK },
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_AK",
      ],
      ["CLOUD_SDK_AK only", NO_CONFIG, { CLOUD_SDK_AK: "SAMPLEAK" }, "CLOUD_SDK_AK", "CLOUD_SDK_SK"],
      ["CLOUD_SDK_SK only", NO_CONFIG, { CLOUD_SDK_SK: SAMPLE_SK }, "CLOUD_SDK_SK", "CLOUD_SDK_AK"],
    ];
    for (const [name, cfg, env, present, missing] of halves) {
      it(`should name ${missing} as missing when given ${name}`, () => {
        const message = configError(() => resolveConnection({}, cfg, { ...REGION_ENV, ...env }));
        assert.ok(message.startsWith(`${present} is set but ${missing} is not: give both.`), message);
      });
    }

    it("should refuse a half-given pair even when a lower layer is complete", () => {
      const message = configError(() =>
        resolveConnection({}, config({ "huaweicloud:accessKey": "CFGAK", "huaweicloud:token": CFG_TOKEN }), {
          ...REGION_ENV,
          ...HW_AKSK,
        }),
      );
      assert.match(message, /^huaweicloud:accessKey is set but huaweicloud:secretKey is not/);
    });

    const loneTokens: [string, ConfigLookup, Env, string, string][] = [
      [
        "huaweicloud:securityToken",
        config({ "huaweicloud:securityToken": CFG_STS }),
        {},
        "huaweicloud:accessKey",
        "huaweicloud:secretKey",
      ],
      ["HW_SECURITY_TOKEN", NO_CONFIG, { HW_SECURITY_TOKEN: HW_STS }, "HW_ACCESS_KEY", "HW_SECRET_KEY"],
      [
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        NO_CONFIG,
        { HUAWEICLOUD_SDK_SECURITY_TOKEN: SDK_STS },
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
      ],
    ];
    for (const [token, cfg, env, ak, sk] of loneTokens) {
      it(`should say that ${token} alone was found and that ${ak} and ${sk} are missing`, () => {
        let caught: unknown;
        try {
          resolveConnection({}, cfg, { ...REGION_ENV, ...env });
        } catch (err) {
          caught = err;
        }
        const message = configError(() => {
          throw caught;
        });
        assert.ok(message.startsWith(`${token} is set but ${ak} and ${sk} are not:`), message);
        assert.match(message, /only together with the temporary AK\/SK/);
        assert.ok(caught instanceof ConnectionConfigError && caught.setting === "credentials" && !caught.missing);
      });
    }

    it("should list every way to give credentials when there are none, and mark them missing", () => {
      let caught: unknown;
      const message = configError(() => {
        try {
          resolveConnection({}, NO_CONFIG, REGION_ENV);
        } catch (err) {
          caught = err;
          throw err;
        }
      });
      assert.ok(caught instanceof ConnectionConfigError && caught.setting === "credentials" && caught.missing);
      assert.match(message, /^No Huawei Cloud credentials found\./);
      for (const way of [
        "huaweicloud:accessKey",
        "huaweicloud:secretKey",
        "huaweicloud:securityToken",
        "huaweicloud:token",
        "HW_ACCESS_KEY",
        "HW_SECRET_KEY",
        "HW_SECURITY_TOKEN",
        "HW_AUTH_TOKEN",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "CLOUD_SDK_AK and CLOUD_SDK_SK",
      ]) {
        assert.ok(message.includes(way), `message does not mention ${way}`);
      }
    });

    it("should list every credential value of every source, used or not, security tokens included, for redaction", () => {
      const env = {
        ...HW_AKSK,
        ...SDK_AKSK,
        ...SAMPLE_AKSK,
        HW_AUTH_TOKEN: HW_TOKEN,
        HW_SECURITY_TOKEN: HW_STS,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: SDK_STS,
      };
      const cfg = config({ ...CONFIG_AKSK, "huaweicloud:token": CFG_TOKEN, "huaweicloud:securityToken": CFG_STS });
      const expected = ["CFGAK", "HWAK", "SDKAK", "SAMPLEAK", ...ALL_SECRETS].sort();
      assert.deepEqual([...secretValues(cfg, env)].sort(), expected);
      // The connection carries the same list: the stack config's AK/SK and token are used, the others are not.
      const c = resolveConnection({ region: "cn-north-4" }, cfg, env);
      assert.deepEqual(c.auth, { kind: "aksk", accessKey: "CFGAK", secretKey: CFG_SK, securityToken: CFG_STS });
      assert.deepEqual([...c.secrets].sort(), expected);
      // Each security token alone with its own AK/SK, the way temporary credentials are given.
      for (const [name, cfgValues, envValues, sts] of [
        ["huaweicloud:securityToken", { ...CONFIG_AKSK, "huaweicloud:securityToken": CFG_STS }, {}, CFG_STS],
        ["HW_SECURITY_TOKEN", {}, { ...HW_AKSK, HW_SECURITY_TOKEN: HW_STS }, HW_STS],
        ["HUAWEICLOUD_SDK_SECURITY_TOKEN", {}, { ...SDK_AKSK, HUAWEICLOUD_SDK_SECURITY_TOKEN: SDK_STS }, SDK_STS],
      ] as const) {
        assert.ok(secretValues(config(cfgValues), envValues).includes(sts), `${name} is not redacted`);
      }
    });

    it("should never put a secret value in any error or in the sources", () => {
      const everything = {
        ...HW_AKSK,
        ...SDK_AKSK,
        ...SAMPLE_AKSK,
        HW_AUTH_TOKEN: HW_TOKEN,
        HW_SECURITY_TOKEN: HW_STS,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: SDK_STS,
      };
      const cfg = { ...CONFIG_AKSK, "huaweicloud:token": CFG_TOKEN, "huaweicloud:securityToken": CFG_STS };
      const c = resolveConnection({ region: "cn-north-4" }, config(cfg), everything);
      const sources = JSON.stringify(c.sources);
      for (const secret of ALL_SECRETS) assert.ok(!sources.includes(secret));
      // Each failure path, with every secret present somewhere.
      configError(() => resolveConnection({ region: "bad region" }, config(cfg), everything));
      configError(() => resolveConnection({ endpoint: "http://example.com" }, config(cfg), everything));
      configError(() => resolveConnection({}, config({ ...cfg, "huaweicloud:endpoints": "{" }), everything));
      configError(() => resolveConnection({}, config(cfg), { ...everything, HW_REGION_NAME: undefined }));
      configError(() =>
        resolveConnection({}, config({ "huaweicloud:secretKey": CFG_SK }), { ...everything, ...REGION_ENV }),
      );
    });
  });
});
