/**
 * The help that every credentials error ends with, word for word for each front door: each way to give credentials,
 * every family of environment variables in the order they are read, the security token only where a family has one.
 */
import assert from "node:assert/strict";
import { resolveAuth } from "../../../provider/connection/credentials";
import { DYNAMIC_DOOR, type FrontDoor, PLUGIN_DOOR } from "../../../provider/connection/front-doors";

const help = (prefix: string) =>
  [
    "Provide Huawei Cloud credentials in one of these ways:",
    `  - stack config: pulumi config set ${prefix}:accessKey <AK> && pulumi config set --secret ${prefix}:secretKey <SK>`,
    `    (temporary credentials: also pulumi config set --secret ${prefix}:securityToken <token>)`,
    `  - stack config: pulumi config set --secret ${prefix}:token <IAM token>`,
    "  - environment: HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary credentials)",
    "  - environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials)",
    "  - environment: CLOUD_SDK_AK and CLOUD_SDK_SK",
    "  - environment: HW_AUTH_TOKEN with an IAM token",
  ].join("\n");

const messageOf = (env: Record<string, string>, door: FrontDoor): string => {
  try {
    resolveAuth(() => undefined, env, door);
  } catch (err) {
    return (err as Error).message;
  }
  return assert.fail("no error");
};

describe("the credential help of every credentials error", () => {
  const doors: [FrontDoor, string][] = [
    [PLUGIN_DOOR, "cce-autopilot"],
    [DYNAMIC_DOOR, "huaweicloud"],
  ];
  for (const [door, prefix] of doors) {
    it(`${prefix}: none found`, () =>
      assert.equal(messageOf({}, door), `No Huawei Cloud credentials found.\n${help(prefix)}`));
    it(`${prefix}: half a pair of the samples' variables`, () =>
      assert.equal(
        messageOf({ CLOUD_SDK_SK: "sk" }, door),
        `CLOUD_SDK_SK is set but CLOUD_SDK_AK is not: give both.\n${help(prefix)}`,
      ));
    it(`${prefix}: a lone security token`, () =>
      assert.equal(
        messageOf({ HW_SECURITY_TOKEN: "st" }, door),
        "HW_SECURITY_TOKEN is set but HW_ACCESS_KEY and HW_SECRET_KEY are not: a security token is used only " +
          "together with the temporary AK/SK it was issued with. Set all three in environment (HW_*), or unset " +
          `HW_SECURITY_TOKEN.\n${help(prefix)}`,
      ));
  }
});
