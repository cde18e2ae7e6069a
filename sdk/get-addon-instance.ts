import * as pulumi from "@pulumi/pulumi";
import type { AddonInstance } from "../provider/client/schemas";

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

const DEFAULT_READ_TIMEOUT_SECONDS = 60;

/**
 * Reads an add-on instance, by ID or by name: its status, current and previous version, and whether it can be rolled back now.
 * Read-only (one GET, retried on throttling), so it also runs during `pulumi preview`; use it to decide a
 * trigger, or to skip a rollback when the add-on is not rollbackable. Credentials are resolved like the
 * resource's: `huaweicloud:*` stack config, then `HW_*`/`HUAWEICLOUD_SDK_*` environment variables.
 * @public
 */
export async function getAddonInstance(args: GetAddonInstanceArgs): Promise<AddonInstance> {
  // Loaded here, not at import: programs that only declare resources should not pay for the HTTP client.
  const { resolveConnection } =
    require("../provider/connection/resolve") as typeof import("../provider/connection/resolve");
  const { CceAutopilotClient } = require("../provider/client/client") as typeof import("../provider/client/client");
  const { Deadline } = require("../provider/deadline") as typeof import("../provider/deadline");
  const { systemClock } = require("../provider/clock") as typeof import("../provider/clock");
  if (!args.addonId === !args.addonName) {
    throw new TypeError(
      `getAddonInstance: give exactly one of addonId and addonName (e.g. addonName: "coredns"); ${args.addonId ? "both were given" : "neither was given"}`,
    );
  }
  const timeoutSeconds = args.timeoutSeconds ?? DEFAULT_READ_TIMEOUT_SECONDS;
  if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
    throw new RangeError(
      `getAddonInstance: timeoutSeconds must be a positive number of seconds; got ${timeoutSeconds}`,
    );
  }
  // runtime.getConfig reads the stack's config without the secret-value warnings of Config.get: the values
  // are used to sign requests here and are never returned or logged.
  const connection = resolveConnection(args, (key) => pulumi.runtime.getConfig(key), process.env);
  const client = new CceAutopilotClient({ connection });
  const deadline = new Deadline(
    systemClock,
    timeoutSeconds * 1000,
    `getAddonInstance's timeoutSeconds (${timeoutSeconds} s)`,
  );
  try {
    const { findAddonByName, findAddonInstance } =
      require("../provider/addon/find") as typeof import("../provider/addon/find");
    // A 404 becomes an error that names the add-on and the cluster, and says which input to check.
    if (args.addonId) return await findAddonInstance(client, args.clusterId, args.addonId, deadline);
    return await findAddonByName(client, args.clusterId, args.addonName ?? "", deadline);
  } finally {
    await client.close();
  }
}
