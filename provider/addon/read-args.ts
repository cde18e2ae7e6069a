/**
 * The arguments of getAddonInstance, the read-only look at an add-on: checked once here for the TypeScript helper
 * and the plugin's function alike, so that both refuse the same things with the same words. Pure.
 */

import { optionalTexts, timeoutSecondsOf } from "./arg-checks";

/** What to read, and how long the read may take. @public */
export interface ReadAddonArgs {
  clusterId: string;
  addonId?: string | undefined;
  addonName?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  projectId?: string | undefined;
  /** Seconds; default {@link DEFAULT_READ_TIMEOUT_SECONDS}. */
  timeoutSeconds: number;
}

/** How long a read may take by default, retries included. @public */
export const DEFAULT_READ_TIMEOUT_SECONDS = 60;

const OPTIONAL_STRINGS = ["addonId", "addonName", "region", "endpoint", "projectId"] as const;

/**
 * Checks getAddonInstance's arguments.
 * @throws TypeError or RangeError naming the argument and the fix.
 * @public
 */
export function parseReadArgs(args: Record<string, unknown>): ReadAddonArgs {
  if (typeof args.clusterId !== "string" || args.clusterId === "") {
    throw new TypeError('getAddonInstance: clusterId is required: the CCE Autopilot cluster ID, e.g. "c0ffee00-..."');
  }
  const text = optionalTexts("getAddonInstance", args, OPTIONAL_STRINGS);
  const { addonId, addonName } = text;
  if (!addonId === !addonName) {
    throw new TypeError(
      `getAddonInstance: give exactly one of addonId and addonName (e.g. addonName: "coredns"); ${addonId ? "both were given" : "neither was given"}`,
    );
  }
  const timeoutSeconds = timeoutSecondsOf("getAddonInstance", args.timeoutSeconds, DEFAULT_READ_TIMEOUT_SECONDS);
  return {
    clusterId: args.clusterId,
    addonId,
    addonName,
    region: text.region,
    endpoint: text.endpoint,
    projectId: text.projectId,
    timeoutSeconds,
  };
}
