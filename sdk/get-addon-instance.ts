import type { AddonInstance } from "../provider/client/schemas";
import { withProgramClient } from "./program-reads";

/** @public */
export interface GetAddonInstanceArgs {
  /** The CCE Autopilot cluster ID. */
  clusterId: string;
  /** The add-on instance ID. Give this or `addonName`. */
  addonId?: string;
  /** The add-on's template name (e.g. "coredns"), name or alias. Give this or `addonId`. */
  addonName?: string;
  /** Region, endpoint and project, as on `AddonVersionRollback`; otherwise stack config, then environment. */
  region?: string;
  endpoint?: string;
  projectId?: string;
  /**
   * How long the read may take, retries included, in seconds; the program fails after that with what was last
   * seen. Default 60.
   */
  timeoutSeconds?: number;
}

/**
 * Reads an add-on instance, by ID or by name: its status, current and previous version, and whether it can be rolled back now.
 * Read-only (one GET, retried on throttling), so it also runs during `pulumi preview`; use it to decide a
 * trigger, or to skip a rollback when the add-on is not rollbackable. Credentials are resolved like the
 * resource's: `huaweicloud:*` stack config, then `HW_*`/`HUAWEICLOUD_SDK_*` environment variables.
 * @public
 */
export async function getAddonInstance(args: GetAddonInstanceArgs): Promise<AddonInstance> {
  const { lookupAddon } = require("../provider/addon/find") as typeof import("../provider/addon/find");
  const { parseReadArgs } = require("../provider/addon/read-args") as typeof import("../provider/addon/read-args");
  const { timeoutSeconds } = parseReadArgs(args as unknown as Record<string, unknown>);
  // A 404 becomes an error that names the add-on and the cluster, and says which input to check.
  return withProgramClient(args, timeoutSeconds, "getAddonInstance", (client, deadline) =>
    lookupAddon(client, args.clusterId, args, deadline),
  );
}
