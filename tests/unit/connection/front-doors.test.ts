import assert from "node:assert/strict";
import { ConnectionConfigError } from "../../../provider/connection/errors";
import { type ConfigLookup, DYNAMIC_DOOR, type FrontDoor, PLUGIN_DOOR } from "../../../provider/connection/front-doors";
import { SETTING_NAMES, type SettingName, describeSetting, envNames } from "../../../provider/connection/settings";

const lookup =
  (values: Record<string, string>): ConfigLookup =>
  (key) =>
    values[key];

describe("front doors: how stack config names and holds the settings", () => {
  const names: [SettingName, string, string][] = [
    ["accessKey", "huaweicloud:accessKey", "cce-autopilot:accessKey"],
    ["region", "huaweicloud:region", "cce-autopilot:region"],
    ["endpoint", "huaweicloud:endpoints.cce", "cce-autopilot:endpoint"],
  ];
  for (const [setting, dynamic, plugin] of names) {
    it(`names ${setting} ${dynamic} / ${plugin}`, () => {
      assert.equal(DYNAMIC_DOOR.key(setting), dynamic);
      assert.equal(PLUGIN_DOOR.key(setting), plugin);
    });
  }

  it("set commands: --path for the dynamic endpoint, --secret when asked", () => {
    assert.equal(
      DYNAMIC_DOOR.setCommand("endpoint", "https://x"),
      "pulumi config set --path huaweicloud:endpoints.cce https://x",
    );
    assert.equal(PLUGIN_DOOR.setCommand("endpoint", "https://x"), "pulumi config set cce-autopilot:endpoint https://x");
    assert.equal(
      PLUGIN_DOOR.setCommand("secretKey", "<SK>", { secret: true }),
      "pulumi config set --secret cce-autopilot:secretKey <SK>",
    );
  });

  // door, the config it is given, the setting read, and what it reads
  const reads: [FrontDoor, Record<string, string>, SettingName, string | undefined][] = [
    [DYNAMIC_DOOR, { "huaweicloud:endpoints": '{"cce":" https://e "}' }, "endpoint", "https://e"],
    [DYNAMIC_DOOR, { "huaweicloud:endpoints": '{"ecs":"x"}' }, "endpoint", undefined],
    [DYNAMIC_DOOR, { "huaweicloud:region": "  " }, "region", undefined],
    [PLUGIN_DOOR, { "cce-autopilot:endpoint": "https://e" }, "endpoint", "https://e"],
    [PLUGIN_DOOR, { "cce-autopilot:endpoint": " " }, "endpoint", undefined],
    [PLUGIN_DOOR, { "huaweicloud:region": "cn-north-4" }, "region", undefined],
  ];
  for (const [door, config, setting, expected] of reads) {
    it(`${door.namespace} door reads ${setting} from ${JSON.stringify(config)} as ${String(expected)}`, () =>
      assert.equal(door.read(lookup(config), setting), expected));
  }

  for (const raw of ["https://e", '{"cce": 4}', "4"]) {
    it(`refuses huaweicloud:endpoints ${raw}, naming the key and the command`, () =>
      assert.throws(
        () => DYNAMIC_DOOR.read(lookup({ "huaweicloud:endpoints": raw }), "endpoint"),
        (err: Error) =>
          err instanceof ConnectionConfigError &&
          err.setting === "endpoint" &&
          err.message.includes('huaweicloud:endpoints must be an object with a "cce" key') &&
          err.message.includes("pulumi config set --path huaweicloud:endpoints.cce https://"),
      ));
  }
});

describe("the settings table", () => {
  it("tries the HW_* variable of a setting before the SDKs' HUAWEICLOUD_SDK_*, and the samples' CLOUD_SDK_* last", () => {
    assert.deepEqual(envNames("accessKey"), ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK"]);
    assert.deepEqual(envNames("secretKey"), ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK"]);
    assert.deepEqual(envNames("projectId"), ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"]);
    assert.deepEqual(envNames("token"), ["HW_AUTH_TOKEN"]);
    assert.deepEqual(envNames("endpoint"), []);
  });

  it("describes every setting with its default", () => {
    assert.equal(
      describeSetting("accessKey"),
      "Access key ID (AK) of Huawei Cloud credentials, with `secretKey`. Default: `HW_ACCESS_KEY`, then " +
        "`HUAWEICLOUD_SDK_AK`, then `CLOUD_SDK_AK`. Never stored in a resource's state.",
    );
    for (const name of SETTING_NAMES) assert.match(describeSetting(name), /Default: \S/, name);
  });
});
