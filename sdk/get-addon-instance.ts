import * as pulumi from "@pulumi/pulumi";
import type { AddonInstance } from "../provider/client/schemas";

/** @public */
export interface GetAddonInstanceArgs {
  /** The CCE Autopilot cluster ID. */
  clusterId: string;
  /** The add-on instance ID (not its name). */
  addonId: string;
  /** Region, endpoint and project, as on `AddonVersionRollback`; otherwise stack config, then environment. */
  region?: string;
  endpoint?: string;
  projectId?: string;
}

/**
 * Reads an add-on instance: its status, current and previous version, and whether it can be rolled back now.
 * Read-only (one GET, retried on throttling), so it also runs during `pulumi preview`; use it to decide a
 * trigger, or to skip a rollback when the add-on is not rollbackable. Credentials are resolved like the
 * resource's: `huaweicloud:*` stack config, then `HW_*`/`HUAWEICLOUD_SDK_*` environment variables.
 * @public
 */
export async function getAddonInstance(args: GetAddonInstanceArgs): Promise<AddonInstance> {
  // Loaded here, not at import: programs that only declare resources should not pay for the HTTP client.
  const { resolveConnection } = require("../provider/auth/connection") as typeof import("../provider/auth/connection");
  const { CceAutopilotClient } = require("../provider/client/client") as typeof import("../provider/client/client");
  // runtime.getConfig reads the stack's config without the secret-value warnings of Config.get: the values
  // are used to sign requests here and are never returned or logged.
  const connection = resolveConnection(args, (key) => pulumi.runtime.getConfig(key), process.env);
  const client = new CceAutopilotClient({ connection });
  try {
    return await client.showAddonInstance(args.clusterId, args.addonId);
  } finally {
    await client.close();
  }
}
