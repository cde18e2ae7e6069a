import assert from "node:assert/strict";
import { PLUGIN_DOOR } from "../../../provider/connection/front-doors";
import { SETTING_NAMES } from "../../../provider/connection/settings";
import { resolveConnection, secretValues } from "../../../provider/connection/resolve";
import { PluginConfigError, parsePluginConfig } from "../../../provider/native/config";
import { INPUT_NAMES, inputDescription } from "../../../provider/rollback/properties";

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
      { name: "no PULUMI_CONFIG", raw: undefined, lookups: { "cce-autopilot:accessKey": undefined } },
      { name: "an empty PULUMI_CONFIG", raw: "", lookups: { "cce-autopilot:region": undefined } },
      { name: "an empty object", raw: "{}", lookups: { "cce-autopilot:region": undefined } },
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
          "cce-autopilot:accessKey": "AK1",
          "cce-autopilot:secretKey": SK,
          "cce-autopilot:region": "cn-north-4",
          "cce-autopilot:projectId": "p1",
          "cce-autopilot:token": "t1",
          "cce-autopilot:securityToken": "st1",
        },
      },
      {
        name: "keys with the cce-autopilot: prefix",
        raw: JSON.stringify({ "cce-autopilot:accessKey": "AK2", "cce-autopilot:secretKey": SK }),
        lookups: { "cce-autopilot:accessKey": "AK2", "cce-autopilot:secretKey": SK },
      },
      {
        name: "the same key both ways with the same value",
        raw: JSON.stringify({ region: "cn-north-4", "cce-autopilot:region": "cn-north-4" }),
        lookups: { "cce-autopilot:region": "cn-north-4" },
      },
      {
        name: "endpoint, as a plain URL (not the huaweicloud:endpoints object a dynamic provider gets)",
        raw: JSON.stringify({ endpoint: "http://127.0.0.1:9999" }),
        lookups: { "cce-autopilot:endpoint": "http://127.0.0.1:9999", "huaweicloud:endpoints": undefined },
      },
      {
        name: "keys of other namespaces, ignored",
        raw: JSON.stringify({ "huaweicloud:accessKey": "OTHER", "aws:region": "us-east-1" }),
        lookups: { "cce-autopilot:accessKey": undefined, "huaweicloud:accessKey": undefined },
      },
      {
        name: "keys the plugin does not know (reported), and the engine's own (not reported)",
        raw: JSON.stringify({ acessKey: "typo", version: "0.1.0", pluginDownloadURL: "x", "cce-autopilot:zone": "z" }),
        lookups: { "cce-autopilot:accessKey": undefined },
        unknown: ["acessKey", "zone"],
      },
      {
        name: "anything that is not a cce-autopilot: key",
        raw: JSON.stringify({ accessKey: "AK3" }),
        lookups: { accessKey: undefined, "huaweicloud:accessKey": undefined, "cce-autopilot:accessKey": "AK3" },
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
      const connection = resolveConnection({}, lookup, {}, PLUGIN_DOOR);
      assert.equal(connection.endpoint.href, "http://127.0.0.1:1234/");
      assert.equal(connection.projectId, "proj1");
      assert.deepEqual(connection.auth, { kind: "aksk", accessKey: "AKPLUGIN", secretKey: SK, securityToken: sts });
      assert.ok(secretValues(lookup, {}, PLUGIN_DOOR).includes(SK));
      assert.ok(secretValues(lookup, {}, PLUGIN_DOOR).includes(sts), "cce-autopilot:securityToken is not redacted");
    });

    it("derives the endpoint from the plugin's region; resource inputs still win", () => {
      const { lookup } = parsePluginConfig(JSON.stringify({ region: "eu-west-101", token: "iam-token-0001" }));
      assert.equal(
        resolveConnection({}, lookup, {}, PLUGIN_DOOR).endpoint.href,
        "https://cce.eu-west-101.myhuaweicloud.eu/",
      );
      assert.equal(
        resolveConnection({ region: "cn-north-4" }, lookup, {}, PLUGIN_DOOR).endpoint.href,
        "https://cce.cn-north-4.myhuaweicloud.com/",
      );
    });

    it("falls back to the environment (HW_*) as the dynamic provider does", () => {
      const { lookup } = parsePluginConfig(undefined);
      const connection = resolveConnection(
        {},
        lookup,
        { HW_REGION_NAME: "cn-north-4", HW_AUTH_TOKEN: "env-token-0001" },
        PLUGIN_DOOR,
      );
      assert.deepEqual(connection.auth, { kind: "token", token: "env-token-0001" });
    });

    it("config wins over the environment, as stack config does for the dynamic provider", () => {
      const { lookup } = parsePluginConfig(JSON.stringify({ accessKey: "AKCFG", secretKey: SK, region: "cn-north-4" }));
      const connection = resolveConnection(
        {},
        lookup,
        { HW_ACCESS_KEY: "AKENV", HW_SECRET_KEY: "env-secret-0001" },
        PLUGIN_DOOR,
      );
      assert.equal(connection.auth.kind === "aksk" && connection.auth.accessKey, "AKCFG");
    });
  });

  describe("messages name the plugin's keys the first time (the front door, no rewriting)", () => {
    const resolve = (raw: Record<string, string>, env: Record<string, string> = {}) =>
      resolveConnection({}, parsePluginConfig(JSON.stringify(raw)).lookup, env, PLUGIN_DOOR);
    const refusals: [string, () => unknown, string[]][] = [
      [
        "no credentials",
        () => resolve({ region: "cn-north-4" }),
        [
          "pulumi config set cce-autopilot:accessKey <AK> && pulumi config set --secret cce-autopilot:secretKey <SK>",
          "pulumi config set --secret cce-autopilot:securityToken <token>",
          "pulumi config set --secret cce-autopilot:token <IAM token>",
          "HW_ACCESS_KEY and HW_SECRET_KEY",
        ],
      ],
      [
        "half an access key pair",
        () => resolve({ region: "cn-north-4", secretKey: SK }),
        ["cce-autopilot:secretKey is set but cce-autopilot:accessKey is not"],
      ],
      [
        "no endpoint",
        () => resolve({ token: "iam-token-0001" }),
        [
          "pulumi config set cce-autopilot:region cn-north-4",
          "pulumi config set cce-autopilot:endpoint https://cce.cn-north-4.myhuaweicloud.com",
        ],
      ],
      [
        "an endpoint that is not https",
        () => resolve({ token: "iam-token-0001", endpoint: "http://cce.example.com" }),
        ["endpoint from cce-autopilot:endpoint must use https://"],
      ],
    ];
    for (const [name, call, fragments] of refusals) {
      it(name, () =>
        assert.throws(call, (err: Error) => {
          for (const fragment of fragments)
            assert.ok(err.message.includes(fragment), `${fragment}\nin: ${err.message}`);
          assert.ok(!err.message.includes("huaweicloud:"), err.message);
          return true;
        }),
      );
    }

    const descriptions: [string, string][] = [
      ["region", "stack config `cce-autopilot:region`, then `HW_REGION_NAME`"],
      ["projectId", "Default: `cce-autopilot:projectId`, then"],
      ["endpoint", "Default: `cce-autopilot:endpoint`, else"],
    ];
    for (const [name, fragment] of descriptions) {
      it(`the ${name} input's description`, () => {
        const text = inputDescription(name as (typeof INPUT_NAMES)[number], PLUGIN_DOOR);
        assert.ok(text.includes(fragment), text);
        assert.ok(!text.includes("huaweicloud:"), text);
      });
    }
  });

  it("knows the seven keys of the issue, and the request budget's", () => {
    assert.deepEqual([...SETTING_NAMES].sort(), [
      "accessKey",
      "endpoint",
      "maxRequestsPerSecond",
      "projectId",
      "region",
      "secretKey",
      "securityToken",
      "token",
    ]);
  });
});
