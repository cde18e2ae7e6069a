/**
 * The provider's own inputs: the plugin's settings (access key, secret key, security token, token, region, project
 * ID, endpoint), given as arguments of an explicit provider, or, for the default provider, as the stack's
 * `cce-autopilot:*` config, which the engine hands over the same way. CheckConfig refuses a setting given wrong,
 * naming it, before any request; DiffConfig never replaces: a provider's credentials or endpoint say how to reach
 * the API, not what was rolled back, so changing them must not replace (and so roll back again) its resources.
 * References: pulumi/pulumi proto/pulumi/provider.proto (CheckConfig, DiffConfig, Configure) and
 * pkg/resource/deploy/providers/registry.go (a provider whose DiffConfig says "replace" replaces its resources).
 */
import { redact } from "../auth/redact";
import { isConnectionConfigError } from "../connection/errors";
import { PLUGIN_DOOR } from "../connection/front-doors";
import { resolveConnection, secretValues } from "../connection/resolve";
import { SETTING_NAMES } from "../connection/settings";
import { canonicalJson } from "../rollback/canonical-json";
import { isPluginConfigError, pluginConfig } from "./config";

type Props = Record<string, unknown>;

/** Any valid region: stands in for the one a resource gives, so that the other settings are still checked. */
const PLACEHOLDER_REGION = "cn-north-4";

/** A setting given wrong: which, and why. */
export interface SettingFailure {
  property: string;
  reason: string;
}

/**
 * The failures of a provider's settings (`settings` revealed of their secrets): each names the setting and says how
 * to fix it, with no credential in it. Settings that are simply absent pass (the environment may give them, and a
 * preview needs none).
 */
export function checkProviderConfig(settings: Props, env: Record<string, string | undefined>): SettingFailure[] {
  let config;
  try {
    config = pluginConfig(settings);
  } catch (err) {
    if (!isPluginConfigError(err)) throw err;
    return [{ property: err.setting ?? "config", reason: err.message }];
  }
  // Without a region or an endpoint here, a resource's own `region` or `endpoint` input says where to go: the rest
  // is checked as if one were given.
  const located = config.lookup(PLUGIN_DOOR.key("region")) ?? config.lookup(PLUGIN_DOOR.key("endpoint"));
  try {
    resolveConnection(located ? {} : { region: PLACEHOLDER_REGION }, config.lookup, env, PLUGIN_DOOR);
    return [];
  } catch (err) {
    if (!isConnectionConfigError(err)) throw err;
    if (err.setting === "credentials" && err.missing) return [];
    if (err.setting === "proxy") return []; // the environment's, not the provider's: a resource's check names it
    const property = err.setting === "credentials" ? "accessKey" : err.setting;
    return [{ property, reason: redact(err.message, secretValues(config.lookup, env, PLUGIN_DOOR)) }];
  }
}

/** The settings that differ between two sets of provider inputs (revealed); never a replacement. */
export function changedSettings(olds: Props, news: Props): string[] {
  const value = (props: Props, name: string) => canonicalJson(props[name] ?? null);
  return SETTING_NAMES.filter((name) => value(olds, name) !== value(news, name));
}
