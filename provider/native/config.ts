/**
 * The plugin's configuration. A resource plugin sees only the stack config of its own package, handed over by the
 * engine as JSON in the `PULUMI_CONFIG` environment variable, with the package prefix removed
 * (`{"accessKey": "...", "secretKey": "..."}` for `cce-autopilot:accessKey` and `cce-autopilot:secretKey`), secrets
 * in clear. References: pulumi/pulumi pkg/host/host.go (`defaultHost.Provider`, `k.Name()`) and
 * pkg/resource/plugin/provider_plugin.go (`PULUMI_CONFIG`).
 *
 * This turns it into a lookup of `cce-autopilot:*` keys, which the implementation reads through the plugin's front
 * door (connection/front-doors.ts). Pure: the JSON is passed in.
 */
import { type ConfigLookup, PLUGIN_DOOR } from "../connection/front-doors";
import { SETTING_NAMES, type SettingName } from "../connection/settings";
import { errorGuard } from "../error-guard";
import { PACKAGE_NAME } from "./names";

/**
 * Keys of a package's namespace that the engine itself interprets (the default provider's version and download
 * URL): they may arrive, and are not ours to complain about. Reference: pulumi/pulumi
 * pkg/resource/deploy/providers/registry.go (`versionKey`, `pluginDownloadKey`).
 */
const ENGINE_KEYS = ["version", "pluginDownloadURL"];

/** The plugin's configuration as a lookup of `cce-autopilot:*` keys, and what in it was not understood. */
export interface PluginConfig {
  lookup: ConfigLookup;
  /** Keys set in `cce-autopilot:*` that the plugin does not know (likely a typo), without prefix. */
  unknownKeys: string[];
}

/** A `PULUMI_CONFIG`, or provider arguments, that are not what the engine sends. */
export class PluginConfigError extends Error {
  override name = "PluginConfigError";
  constructor(
    message: string,
    /** The setting at fault, when it is one setting. */
    readonly setting?: SettingName,
  ) {
    super(message);
  }
}

/** True for {@link PluginConfigError}. */
export const isPluginConfigError = errorGuard(PluginConfigError);

/**
 * Parses `PULUMI_CONFIG`. Accepts keys with or without the `cce-autopilot:` prefix (the engine sends them
 * without; a hand-set variable may have it); a key given both ways with different values is an error. Keys of
 * other namespaces are ignored. Empty or missing: no config.
 */
export function parsePluginConfig(raw: string | undefined): PluginConfig {
  if (raw === undefined || raw.trim() === "") return pluginConfig({});
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new PluginConfigError("PULUMI_CONFIG is not JSON: it must be an object of config keys and string values");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new PluginConfigError("PULUMI_CONFIG must be a JSON object of config keys and string values");
  }
  return pluginConfig(parsed as Record<string, unknown>);
}

/**
 * The configuration from the provider's arguments, as Configure hands them over (secrets already revealed): the
 * explicit provider's inputs, or for the default provider the stack's `cce-autopilot:*` config. The same rules as
 * {@link parsePluginConfig}; an empty value is none.
 */
export function pluginConfig(settings: Record<string, unknown>): PluginConfig {
  const values = new Map<string, string>();
  const unknownKeys: string[] = [];
  const prefix = `${PACKAGE_NAME}:`;
  for (const [fullKey, value] of Object.entries(settings)) {
    if (fullKey.includes(":") && !fullKey.startsWith(prefix)) continue;
    const key = fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey;
    if (!(SETTING_NAMES as string[]).includes(key)) {
      if (!ENGINE_KEYS.includes(key)) unknownKeys.push(key);
      continue;
    }
    // An explicit provider's argument left out may arrive as null.
    if (value === null || value === undefined) continue;
    if (typeof value !== "string") {
      throw new PluginConfigError(`${prefix}${key} must be a string`, key as SettingName);
    }
    const earlier = values.get(PLUGIN_DOOR.key(key as SettingName));
    if (earlier !== undefined && earlier !== value) {
      throw new PluginConfigError(
        `${prefix}${key} is given twice (with and without its prefix) with different values`,
        key as SettingName,
      );
    }
    values.set(PLUGIN_DOOR.key(key as SettingName), value);
  }
  return { lookup: (key) => values.get(key), unknownKeys: [...new Set(unknownKeys)].sort() };
}
