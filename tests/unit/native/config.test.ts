import assert from "node:assert/strict";
import { resolveConnection, secretValues } from "../../../provider/auth/connection";
import {
  CONFIG_KEYS,
  PluginConfigError,
  parsePluginConfig,
  withPluginConfigNames,
} from "../../../provider/native/config";

const SK = "plugin-secret-key-0001";

describe("native plugin config", () => {
  describe(parsePluginConfig.name, () => {
    // What the engine sends (keys without the package prefix; checked on pulumi v3.260.0), and what a hand-set
    // PULUMI_CONFIG may hold.
    const cases: {
      name: string;
      raw: string | undefined;
      lookups: Record<string, string | undefined>;
      unknown?: string[];
    }[] = [
      { name: "no PULUMI_CONFIG", raw: undefined, lookups: { "huaweicloud:accessKey": undefined } },
      { name: "an empty PULUMI_CONFIG", raw: "", lookups: { "huaweicloud:region": undefined } },
      { name: "an empty object", raw: "{}", lookups: { "huaweicloud:region": undefined } },
      {
        name: "keys as the engine sends them, without prefix",
        raw: JSON.stringify({
          accessKey: "AK1",
          secretKey: SK,
          region: "cn-north-4",
          projectId: "p1",
          token: "t1",
          securityToken: "st1",
        }),
        lookups: {
          "huaweicloud:accessKey": "AK1",
          "huaweicloud:secretKey": SK,
          "huaweicloud:region": "cn-north-4",
          "huaweicloud:projectId": "p1",
          "huaweicloud:token": "t1",
          "huaweicloud:securityToken": "st1",
        },
      },
      {
        name: "keys with the cce-autopilot: prefix",
        raw: JSON.stringify({ "cce-autopilot:accessKey": "AK2", "cce-autopilot:secretKey": SK }),
        lookups: { "huaweicloud:accessKey": "AK2", "huaweicloud:secretKey": SK },
      },
      {
        name: "the same key both ways with the same value",
        raw: JSON.stringify({ region: "cn-north-4", "cce-autopilot:region": "cn-north-4" }),
        lookups: { "huaweicloud:region": "cn-north-4" },
      },
      {
        name: "endpoint, as the huaweicloud:endpoints object a dynamic provider gets",
        raw: JSON.stringify({ endpoint: "http://127.0.0.1:9999" }),
        lookups: { "huaweicloud:endpoints": '{"cce":"http://127.0.0.1:9999"}', "huaweicloud:endpoint": undefined },
      },
      {
        name: "a blank endpoint as none",
        raw: JSON.stringify({ endpoint: " " }),
        lookups: { "huaweicloud:endpoints": undefined },
      },
      {
        name: "keys of other namespaces, ignored",
        raw: JSON.stringify({ "huaweicloud:accessKey": "OTHER", "aws:region": "us-east-1" }),
        lookups: { "huaweicloud:accessKey": undefined },
      },
      {
        name: "keys the plugin does not know (reported), and the engine's own (not reported)",
        raw: JSON.stringify({ acessKey: "typo", version: "0.1.0", pluginDownloadURL: "x", "cce-autopilot:zone": "z" }),
        lookups: { "huaweicloud:accessKey": undefined },
        unknown: ["acessKey", "zone"],
      },
      {
        name: "anything that is not a huaweicloud: key",
        raw: JSON.stringify({ accessKey: "AK3" }),
        lookups: { accessKey: undefined, "cce-autopilot:accessKey": undefined },
      },
    ];
    for (const c of cases) {
      it(`reads ${c.name}`, () => {
        const parsed = parsePluginConfig(c.raw);
        for (const [key, value] of Object.entries(c.lookups)) assert.equal(parsed.lookup(key), value, key);
        assert.deepEqual(parsed.unknownKeys, c.unknown ?? []);
      });
    }

    const refusals: { name: string; raw: string; message: RegExp }[] = [
      { name: "text that is not JSON", raw: "accessKey=AK", message: /PULUMI_CONFIG is not JSON/ },
      { name: "a JSON array", raw: "[]", message: /must be a JSON object/ },
      { name: "JSON null", raw: "null", message: /must be a JSON object/ },
      { name: "a value that is not a string", raw: '{"region": 4}', message: /cce-autopilot:region must be a string/ },
      {
        name: "a key given both ways with different values",
        raw: '{"region": "cn-north-4", "cce-autopilot:region": "cn-east-3"}',
        message: /cce-autopilot:region is given twice/,
      },
    ];
    for (const c of refusals) {
      it(`refuses ${c.name}`, () =>
        assert.throws(
          () => parsePluginConfig(c.raw),
          (err: Error) => err instanceof PluginConfigError && c.message.test(err.message),
        ));
    }

    it("does not echo a value it refuses", () => {
      assert.throws(
        () => parsePluginConfig(JSON.stringify({ secretKey: SK, "cce-autopilot:secretKey": `${SK}-other` })),
        (err: Error) => !err.message.includes(SK),
      );
    });
  });

  describe("with resolveConnection (what the implementation does with it)", () => {
    it("resolves AK/SK, security token, project and endpoint from the plugin's keys, and redacts the secrets", () => {
      const sts = "plugin-security-token-0042";
      const { lookup } = parsePluginConfig(
        JSON.stringify({
          accessKey: "AKPLUGIN",
          secretKey: SK,
          securityToken: sts,
          projectId: "proj1",
          endpoint: "http://127.0.0.1:1234",
        }),
      );
      const connection = resolveConnection({}, lookup, {});
      assert.equal(connection.endpoint.href, "http://127.0.0.1:1234/");
      assert.equal(connection.projectId, "proj1");
      assert.deepEqual(connection.auth, { kind: "aksk", accessKey: "AKPLUGIN", secretKey: SK, securityToken: sts });
      assert.ok(secretValues(lookup, {}).includes(SK));
      assert.ok(secretValues(lookup, {}).includes(sts), "cce-autopilot:securityToken is not redacted");
    });

    it("derives the endpoint from the plugin's region; resource inputs still win", () => {
      const { lookup } = parsePluginConfig(JSON.stringify({ region: "eu-west-101", token: "iam-token-0001" }));
      assert.equal(resolveConnection({}, lookup, {}).endpoint.href, "https://cce.eu-west-101.myhuaweicloud.eu/");
      assert.equal(
        resolveConnection({ region: "cn-north-4" }, lookup, {}).endpoint.href,
        "https://cce.cn-north-4.myhuaweicloud.com/",
      );
    });

    it("falls back to the environment (HW_*) as the dynamic provider does", () => {
      const { lookup } = parsePluginConfig(undefined);
      const connection = resolveConnection({}, lookup, {
        HW_REGION_NAME: "cn-north-4",
        HW_AUTH_TOKEN: "env-token-0001",
      });
      assert.deepEqual(connection.auth, { kind: "token", token: "env-token-0001" });
    });

    it("config wins over the environment, as stack config does for the dynamic provider", () => {
      const { lookup } = parsePluginConfig(JSON.stringify({ accessKey: "AKCFG", secretKey: SK, region: "cn-north-4" }));
      const connection = resolveConnection({}, lookup, { HW_ACCESS_KEY: "AKENV", HW_SECRET_KEY: "env-secret-0001" });
      assert.equal(connection.auth.kind === "aksk" && connection.auth.accessKey, "AKCFG");
    });
  });

  describe(withPluginConfigNames.name, () => {
    const cases: [string, string][] = [
      ["pulumi config set huaweicloud:accessKey <AK>", "pulumi config set cce-autopilot:accessKey <AK>"],
      [
        "huaweicloud:secretKey is set but huaweicloud:accessKey is not",
        "cce-autopilot:secretKey is set but cce-autopilot:accessKey is not",
      ],
      [
        "--secret huaweicloud:securityToken x; huaweicloud:token",
        "--secret cce-autopilot:securityToken x; cce-autopilot:token",
      ],
      [
        "stack config `huaweicloud:region`, then `HW_REGION_NAME`",
        "stack config `cce-autopilot:region`, then `HW_REGION_NAME`",
      ],
      ["Default: `huaweicloud:projectId`, then", "Default: `cce-autopilot:projectId`, then"],
      [
        "pulumi config set --path huaweicloud:endpoints.cce https://cce.cn-north-4.myhuaweicloud.com",
        "pulumi config set cce-autopilot:endpoint https://cce.cn-north-4.myhuaweicloud.com",
      ],
      ["Default: `huaweicloud:endpoints` (`cce` key), else", "Default: `cce-autopilot:endpoint`, else"],
      [
        "endpoint from huaweicloud:endpoints.cce must use https://",
        "endpoint from cce-autopilot:endpoint must use https://",
      ],
      ["huaweicloud:endpoints (cce key)", "cce-autopilot:endpoint"],
      ["HW_ACCESS_KEY and HW_SECRET_KEY", "HW_ACCESS_KEY and HW_SECRET_KEY"],
      ["huaweicloud:accessKeys is not ours", "huaweicloud:accessKeys is not ours"],
    ];
    for (const [text, expected] of cases) {
      it(`rewrites ${JSON.stringify(text)}`, () => assert.equal(withPluginConfigNames(text), expected));
    }
  });

  it("knows the seven keys of the issue", () => {
    assert.deepEqual([...CONFIG_KEYS].sort(), [
      "accessKey",
      "endpoint",
      "projectId",
      "region",
      "secretKey",
      "securityToken",
      "token",
    ]);
  });
});
