/**
 * The names the native plugin is known by. Kept apart from the schema so that the plugin can start (and check a
 * resource type) without building the schema.
 */

import { PLUGIN_NAMESPACE } from "../connection/front-doors";

/** The Pulumi package name: config keys are `cce-autopilot:<key>`, the plugin is `pulumi-resource-cce-autopilot`. */
export const PACKAGE_NAME = PLUGIN_NAMESPACE;

/** The resource type token programs use, e.g. `type: cce-autopilot:index:AddonVersionRollback` in YAML. */
export const RESOURCE_TOKEN = `${PACKAGE_NAME}:index:AddonVersionRollback`;

/** The read function's token: `fn::invoke: { function: cce-autopilot:index:getAddonInstance }` in YAML. */
export const FUNCTION_TOKEN = `${PACKAGE_NAME}:index:getAddonInstance`;

/** The fleet lookup's token: `fn::invoke: { function: cce-autopilot:index:listAddonInstances }` in YAML. */
export const LIST_FUNCTION_TOKEN = `${PACKAGE_NAME}:index:listAddonInstances`;

/** The type of one add-on instance the fleet lookup found. */
export const FOUND_ADDON_TYPE_TOKEN = `${PACKAGE_NAME}:index:FoundAddonInstance`;

/** The executable the engine looks for in a plugin folder, on PATH, or in its plugin cache. */
export const PLUGIN_EXECUTABLE = `pulumi-resource-${PACKAGE_NAME}`;

/**
 * The resource type named by a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`), without the parent
 * types that a qualified type starts with (`parent$child`).
 * Reference: pulumi/pulumi sdk/go/common/resource/urn.go (`URN.Type`, `URN.QualifiedType`).
 */
export function resourceTypeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}
