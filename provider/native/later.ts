/**
 * What the plugin loads on first use, not at start-up: the schema, the input names, the provider's settings and
 * the implementation (with its HTTP client and validation, the bulk of the plugin's code). The engine starts the
 * plugin at least twice per run, once only to read its schema; in the bundled plugin this module and what only it
 * uses are a chunk of their own, which a start-up neither reads nor compiles (scripts/plugin-pack.ts).
 */
export { changedSettings, checkProviderConfig } from "./provider-config";
export { parsePluginConfig, pluginConfig } from "./config";
export { pluginImplementation } from "./implementation";
export { schemaText } from "./schema";
export { INPUT_NAMES, OBSERVED_OUTPUTS } from "../rollback/properties";
