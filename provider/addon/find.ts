import type { CceAutopilotClient } from "../client/client";
import type { AddonInstance } from "../client/schemas";
import type { Deadline } from "../deadline";
import { AddonNotFoundError, isNotFound } from "../errors";

/**
 * Reads the add-on instance, turning a 404 into `AddonNotFoundError`.
 * @public
 */
export async function findAddonInstance(
  client: CceAutopilotClient,
  clusterId: string,
  addonId: string,
  deadline?: Deadline,
): Promise<AddonInstance> {
  try {
    return await client.showAddonInstance(clusterId, addonId, deadline);
  } catch (err) {
    if (isNotFound(err)) throw new AddonNotFoundError(clusterId, addonId, err);
    throw err;
  }
}
