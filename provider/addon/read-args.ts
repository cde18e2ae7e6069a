/**
 * The arguments of getAddonInstance, the read-only look at an add-on: checked once here for the TypeScript helper
 * and the plugin's function alike, so that both refuse the same things with the same words. Pure.
 */

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
  for (const name of OPTIONAL_STRINGS) {
    const value = args[name];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new TypeError(`getAddonInstance: ${name} must be a string`);
    }
  }
  const addonId = (args.addonId as string | null | undefined) || undefined;
  const addonName = (args.addonName as string | null | undefined) || undefined;
  if (!addonId === !addonName) {
    throw new TypeError(
      `getAddonInstance: give exactly one of addonId and addonName (e.g. addonName: "coredns"); ${addonId ? "both were given" : "neither was given"}`,
    );
  }
  const timeoutSeconds = (args.timeoutSeconds as number | null | undefined) ?? DEFAULT_READ_TIMEOUT_SECONDS;
  if (typeof timeoutSeconds !== "number" || !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
    throw new RangeError(
      `getAddonInstance: timeoutSeconds must be a positive number of seconds; got ${String(timeoutSeconds)}`,
    );
  }
  const text = (name: (typeof OPTIONAL_STRINGS)[number]) => (args[name] as string | null | undefined) || undefined;
  return {
    clusterId: args.clusterId,
    addonId,
    addonName,
    region: text("region"),
    endpoint: text("endpoint"),
    projectId: text("projectId"),
    timeoutSeconds,
  };
}
