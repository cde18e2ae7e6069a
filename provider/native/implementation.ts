/**
 * The provider implementation as a plugin process uses it: the dynamic provider's, reading the plugin's own config
 * keys (`cce-autopilot:*`, from PULUMI_CONFIG) through the plugin's front door, and the environment, with progress
 * lines going to the engine.
 */
import { PLUGIN_DOOR } from "../connection/front-doors";
import { SETTING_NAMES } from "../connection/settings";
import { loadImplementation } from "../load";
import { makeRuntime } from "../runtime";
import type { PluginConfig } from "./config";
import type { CallLog } from "./engine-log";
import { PACKAGE_NAME } from "./names";
import type { RollbackImplementation } from "./provider";

/** The implementation of a plugin process; warns once about config keys the plugin does not know. */
export function pluginImplementation(
  log: CallLog,
  env: Record<string, string | undefined>,
  config: PluginConfig,
): RollbackImplementation {
  if (config.unknownKeys.length > 0) {
    const [first, ...rest] = SETTING_NAMES;
    log.warn(
      `${config.unknownKeys.map((k) => `${PACKAGE_NAME}:${k}`).join(", ")}: not a setting of the ${PACKAGE_NAME} ` +
        `plugin, ignored (it reads ${PACKAGE_NAME}:${first}, ${rest.slice(0, -1).join(", ")} and ${rest.at(-1)})`,
    );
  }
  const implementation = loadImplementation({ env, door: PLUGIN_DOOR, runtime: makeRuntime({ log: log.info }) });
  void implementation.configure({ config: { get: config.lookup } });
  return implementation;
}
