import type { FleetResult } from "../provider/addon/fleet";
import { withProgramClient } from "./program-reads";

/** @public */
export interface ListAddonInstancesArgs {
  /** The add-on's template name (e.g. "coredns"), name or alias. */
  addonName: string;
  /** Only these clusters (IDs). Default: every cluster of the project in the region. */
  clusterIds?: string[];
  /** Only add-ons running one of these versions now, e.g. `["1.28.6"]`. */
  versions?: string[];
  /** Only add-ons in one of these statuses, e.g. `["running", "abnormal"]`. */
  statuses?: string[];
  /** Region, endpoint and project, as on `AddonVersionRollback`; otherwise stack config, then environment. */
  region?: string;
  endpoint?: string;
  /** The project whose clusters are listed. */
  projectId?: string;
  /** How long the lookup may take, retries included, in seconds. Default 300. */
  timeoutSeconds?: number;
}

/**
 * Finds an add-on across the project's CCE Autopilot clusters in the region (or the clusters named): in each, its ID,
 * status, current and previous version, and whether it can be rolled back now. Reads only (one list of clusters,
 * then one list of add-ons per cluster that may have it, within the gateway's rate), so it also runs during
 * `pulumi preview`. Use it to roll back every cluster where an incident's version runs, a canary cluster first.
 * Credentials are resolved like the resource's: `huaweicloud:*` stack config, then `HW_*`/`HUAWEICLOUD_SDK_*`
 * environment variables.
 * @public
 */
export async function listAddonInstances(args: ListAddonInstancesArgs): Promise<FleetResult> {
  const { parseFleetArgs } = require("../provider/addon/fleet-args") as typeof import("../provider/addon/fleet-args");
  const { findAddonAcrossClusters } = require("../provider/addon/fleet") as typeof import("../provider/addon/fleet");
  const { DYNAMIC_DOOR } =
    require("../provider/connection/front-doors") as typeof import("../provider/connection/front-doors");
  const fleet = parseFleetArgs(args as unknown as Record<string, unknown>);
  return withProgramClient(fleet, fleet.timeoutSeconds, "listAddonInstances", (client, deadline, projectId) =>
    findAddonAcrossClusters(client, projectId, fleet.query, deadline, DYNAMIC_DOOR),
  );
}
