/**
 * The arguments of listAddonInstances, checked once here for the TypeScript function and the plugin's alike, so that
 * both refuse the same things with the same words. Pure.
 */
import { optionalTexts, timeoutSecondsOf } from "./arg-checks";
import type { FleetQuery } from "./fleet";

/** What to look for, where, and how long the lookup may take. @public */
export interface FleetArgs {
  query: FleetQuery;
  region?: string | undefined;
  endpoint?: string | undefined;
  projectId?: string | undefined;
  /** Seconds; default {@link DEFAULT_FLEET_TIMEOUT_SECONDS}. */
  timeoutSeconds: number;
}

/**
 * How long a lookup may take by default: a project of 500 clusters is 501 requests, 100 s at the gateway's 5
 * requests per second.
 * @public
 */
export const DEFAULT_FLEET_TIMEOUT_SECONDS = 300;

const FN = "listAddonInstances";
const OPTIONAL_STRINGS = ["region", "endpoint", "projectId"] as const;
const OPTIONAL_LISTS = ["clusterIds", "versions", "statuses"] as const;

/**
 * Checks listAddonInstances' arguments.
 * @throws TypeError or RangeError naming the argument and the fix.
 * @public
 */
export function parseFleetArgs(args: Record<string, unknown>): FleetArgs {
  if (typeof args.addonName !== "string" || args.addonName.trim() === "") {
    throw new TypeError(`${FN}: addonName is required: the add-on's template name, name or alias, e.g. "coredns"`);
  }
  const text = optionalTexts(FN, args, OPTIONAL_STRINGS);
  const lists = Object.fromEntries(OPTIONAL_LISTS.map((name) => [name, stringList(args[name], name)]));
  const timeoutSeconds = timeoutSecondsOf(FN, args.timeoutSeconds, DEFAULT_FLEET_TIMEOUT_SECONDS);
  return {
    query: {
      addonName: args.addonName.trim(),
      ...(lists.clusterIds ? { clusterIds: lists.clusterIds } : {}),
      ...(lists.versions ? { versions: lists.versions } : {}),
      ...(lists.statuses ? { statuses: lists.statuses } : {}),
    },
    region: text.region,
    endpoint: text.endpoint,
    projectId: text.projectId,
    timeoutSeconds,
  };
}

/** A list of non-empty strings, or undefined when not given (an empty list is "not given" too: no filter). */
function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) {
    throw new TypeError(`${FN}: ${name} must be a list of non-empty strings, e.g. ["1.28.6"]`);
  }
  return value.length === 0 ? undefined : [...new Set((value as string[]).map((v) => v.trim()))];
}
