/**
 * The two ways into this package, and how each names the settings in stack config. A dynamic provider receives the
 * stack's whole config and reads the Huawei Cloud provider's keys (`huaweicloud:region`; the endpoint as
 * `huaweicloud:endpoints` with a `cce` key, as that provider spells it), so one stack config serves both; a
 * resource plugin receives only the config of its own package (`cce-autopilot:region`, `cce-autopilot:endpoint`).
 * The resolver reads and names every setting through the door it is given, so a message names the key its reader
 * can set.
 */
import { ConnectionConfigError } from "./errors";
import type { SettingName } from "./settings";
import { nonEmpty } from "./values";

/** Reads one stack config key, e.g. `huaweicloud:accessKey`. @public */
export type ConfigLookup = (key: string) => string | undefined;

/** How a front door names and reads the settings. @public */
export interface FrontDoor {
  /** The config namespace, e.g. `huaweicloud`. */
  readonly namespace: string;
  /** The setting's name in messages, e.g. `huaweicloud:region` or `huaweicloud:endpoints.cce`. */
  key(name: SettingName): string;
  /** The setting's name in documentation, in Markdown, e.g. `` `huaweicloud:endpoints` (`cce` key) ``. */
  docKey(name: SettingName): string;
  /** The command that sets it, e.g. `pulumi config set --secret huaweicloud:secretKey <SK>`. */
  setCommand(name: SettingName, value: string, options?: { secret?: boolean }): string;
  /**
   * The setting's value in stack config (trimmed; a blank value is none).
   * @throws ConnectionConfigError when the config holds it in a shape the door does not read
   */
  read(config: ConfigLookup, name: SettingName): string | undefined;
}

function setCommand(key: string, value: string, secret: boolean | undefined, path = false): string {
  return `pulumi config set ${path ? "--path " : ""}${secret ? "--secret " : ""}${key} ${value}`;
}

/** What the TypeScript (dynamic) resource reads: the Huawei Cloud provider's `huaweicloud:*` keys. @public */
export const DYNAMIC_DOOR: FrontDoor = {
  namespace: "huaweicloud",
  key: (name) => (name === "endpoint" ? "huaweicloud:endpoints.cce" : `huaweicloud:${name}`),
  docKey: (name) => (name === "endpoint" ? "`huaweicloud:endpoints` (`cce` key)" : `\`huaweicloud:${name}\``),
  setCommand: (name, value, options) => setCommand(DYNAMIC_DOOR.key(name), value, options?.secret, name === "endpoint"),
  read: (config, name) =>
    name === "endpoint" ? cceEndpoint(config("huaweicloud:endpoints")) : nonEmpty(config(`huaweicloud:${name}`)),
};

/** The `cce` key of `huaweicloud:endpoints`, which Pulumi hands over as JSON text. */
function cceEndpoint(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const cce = (parsed as Record<string, unknown>).cce;
      if (cce === undefined || typeof cce === "string") return nonEmpty(cce);
    }
  } catch {
    // Not JSON: fall through to the error below.
  }
  throw new ConnectionConfigError(
    `huaweicloud:endpoints must be an object with a "cce" key, e.g. ` +
      DYNAMIC_DOOR.setCommand("endpoint", "https://cce.cn-north-4.myhuaweicloud.com"),
    "endpoint",
  );
}

/** The name of the plugin's package, and of its config namespace. @public */
export const PLUGIN_NAMESPACE = "cce-autopilot";

/** What the resource plugin reads: its own package's `cce-autopilot:*` keys. @public */
export const PLUGIN_DOOR: FrontDoor = {
  namespace: PLUGIN_NAMESPACE,
  key: (name) => `${PLUGIN_NAMESPACE}:${name}`,
  docKey: (name) => `\`${PLUGIN_NAMESPACE}:${name}\``,
  setCommand: (name, value, options) => setCommand(PLUGIN_DOOR.key(name), value, options?.secret),
  read: (config, name) => nonEmpty(config(PLUGIN_DOOR.key(name))),
};
