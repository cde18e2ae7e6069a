/**
 * The plugin's configuration. A resource plugin sees only the stack config of its own package, handed over by the
 * engine as JSON in the `PULUMI_CONFIG` environment variable, with the package prefix removed
 * (`{"accessKey": "...", "secretKey": "..."}` for `cce-autopilot:accessKey` and `cce-autopilot:secretKey`), secrets
 * in clear. References: pulumi/pulumi pkg/host/host.go (`defaultHost.Provider`, `k.Name()`) and
 * pkg/resource/plugin/provider_plugin.go (`PULUMI_CONFIG`).
 *
 * The provider implementation reads config through a lookup of `huaweicloud:*` keys (what a dynamic provider
 * receives); this maps the plugin's keys onto that lookup, so that both resolve credentials the same way (and the
 * environment variables keep working as they do for the dynamic provider). Pure: the JSON is passed in.
 */
import type { ConfigLookup } from "../auth/connection";
import { CONFIG_DESCRIPTIONS } from "./descriptions";
import { PACKAGE_NAME } from "./names";

/** The plugin's configuration keys, without the `cce-autopilot:` prefix. */
export const CONFIG_KEYS = Object.keys(CONFIG_DESCRIPTIONS) as (keyof typeof CONFIG_DESCRIPTIONS)[];
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/**
 * Keys of a package's namespace that the engine itself interprets (the default provider's version and download
 * URL): they may arrive, and are not ours to complain about. Reference: pulumi/pulumi
 * pkg/resource/deploy/providers/registry.go (`versionKey`, `pluginDownloadKey`).
 */
const ENGINE_KEYS = ["version", "pluginDownloadURL"];

/** The plugin's configuration as a lookup of `huaweicloud:*` keys, and what in it was not understood. */
export interface PluginConfig {
  lookup: ConfigLookup;
  /** Keys set in `cce-autopilot:*` that the plugin does not know (likely a typo), without prefix. */
  unknownKeys: string[];
}

/** A `PULUMI_CONFIG` that is not what the engine sends. */
export class PluginConfigError extends Error {
  override name = "PluginConfigError";
}

/**
 * Parses `PULUMI_CONFIG`. Accepts keys with or without the `cce-autopilot:` prefix (the engine sends them
 * without; a hand-set variable may have it); a key given both ways with different values is an error. Keys of
 * other namespaces are ignored. Empty or missing: no config.
 */
export function parsePluginConfig(raw: string | undefined): PluginConfig {
  const values = new Map<ConfigKey, string>();
  const unknownKeys: string[] = [];
  if (raw !== undefined && raw.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new PluginConfigError("PULUMI_CONFIG is not JSON: it must be an object of config keys and string values");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new PluginConfigError("PULUMI_CONFIG must be a JSON object of config keys and string values");
    }
    const prefix = `${PACKAGE_NAME}:`;
    for (const [fullKey, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (fullKey.includes(":") && !fullKey.startsWith(prefix)) continue;
      const key = fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey;
      if (!(CONFIG_KEYS as string[]).includes(key)) {
        if (!ENGINE_KEYS.includes(key)) unknownKeys.push(key);
        continue;
      }
      if (typeof value !== "string") {
        throw new PluginConfigError(`${prefix}${key} must be a string`);
      }
      const earlier = values.get(key as ConfigKey);
      if (earlier !== undefined && earlier !== value) {
        throw new PluginConfigError(
          `${prefix}${key} is given twice (with and without its prefix) with different values`,
        );
      }
      values.set(key as ConfigKey, value);
    }
  }
  return { lookup: huaweicloudLookup(values), unknownKeys: [...new Set(unknownKeys)].sort() };
}

/** The plugin's values under the `huaweicloud:*` names the implementation asks for. */
function huaweicloudLookup(values: ReadonlyMap<ConfigKey, string>): ConfigLookup {
  return (key) => {
    const name = /^huaweicloud:(.+)$/.exec(key)?.[1];
    if (name === undefined) return undefined;
    if (name === "endpoints") {
      const endpoint = values.get("endpoint");
      // What `pulumi config set --path huaweicloud:endpoints.cce <url>` gives a dynamic provider.
      return endpoint === undefined || endpoint.trim() === "" ? undefined : JSON.stringify({ cce: endpoint });
    }
    return name === "endpoint" ? undefined : values.get(name as ConfigKey);
  };
}

/**
 * Rewrites the `huaweicloud:*` config names in a text meant for users of the dynamic provider (an error, a hint, a
 * description) into the plugin's `cce-autopilot:*` names, which are the ones a plugin user can set.
 */
export function withPluginConfigNames(text: string): string {
  return text
    .replace(/pulumi config set --path huaweicloud:endpoints\.cce\b/g, `pulumi config set ${PACKAGE_NAME}:endpoint`)
    .replace(/`huaweicloud:endpoints` \(`cce` key\)/g, `\`${PACKAGE_NAME}:endpoint\``)
    .replace(/huaweicloud:endpoints(\.cce)?( \(`?cce`? key\))?/g, `${PACKAGE_NAME}:endpoint`)
    .replace(/huaweicloud:(accessKey|secretKey|securityToken|token|region|projectId)\b/g, `${PACKAGE_NAME}:$1`);
}
