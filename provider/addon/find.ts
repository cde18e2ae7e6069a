import type { CceAutopilotClient, ReadOptions } from "../client/client";
import type { AddonInstance } from "../client/schemas";
import type { Deadline } from "../deadline";
import { AddonNameError, AddonNotFoundError } from "./errors";
import { isNotFound } from "../client/errors";

/**
 * Reads the add-on instance, turning a 404 into `AddonNotFoundError`.
 * @public
 */
export async function findAddonInstance(
  client: CceAutopilotClient,
  clusterId: string,
  addonId: string,
  deadline?: Deadline,
  options: ReadOptions = {},
): Promise<AddonInstance> {
  try {
    return await client.showAddonInstance(clusterId, addonId, deadline, options);
  } catch (err) {
    if (isNotFound(err)) throw new AddonNotFoundError(clusterId, addonId, err);
    throw err;
  }
}

/** How a name picked out an add-on, or why it did not. @internal */
export type NameMatch =
  | { kind: "one"; addon: AddonInstance }
  | { kind: "none"; candidates: AddonInstance[] }
  | { kind: "several"; candidates: AddonInstance[] };

/**
 * Picks the add-on a name refers to, as Huawei's own Terraform resource keys add-ons: by template name first
 * (`spec.addonTemplateName`, e.g. "coredns"), then by `metadata.name` or `metadata.alias`. Pure.
 * @internal
 */
export function matchAddonName(addons: readonly AddonInstance[], name: string): NameMatch {
  for (const matches of [
    (a: AddonInstance) => a.templateName === name,
    (a: AddonInstance) => a.name === name || a.alias === name,
  ]) {
    const found = addons.filter(matches);
    if (found.length === 1) return { kind: "one", addon: found[0]! };
    if (found.length > 1) return { kind: "several", candidates: found };
  }
  return { kind: "none", candidates: [...addons] };
}

/**
 * Finds a cluster's add-on by its ID or, failing that, by name, with one list request (an import names it either
 * way: `<clusterId>/<addonId>` or `<clusterId>/coredns`).
 * @throws AddonNameError listing the cluster's add-ons when neither matches.
 * @public
 */
export async function findAddonByIdOrName(
  client: CceAutopilotClient,
  clusterId: string,
  idOrName: string,
  deadline?: Deadline,
): Promise<AddonInstance> {
  const addons = await client.listAddonInstances(clusterId, deadline);
  return addons.find((a) => a.id === idOrName) ?? pickByName(addons, clusterId, idOrName);
}

/**
 * Finds a cluster's add-on by name (one list request).
 * @throws AddonNameError when no add-on, or more than one, answers to the name; the message lists the candidates.
 * @public
 */
export async function findAddonByName(
  client: CceAutopilotClient,
  clusterId: string,
  name: string,
  deadline?: Deadline,
): Promise<AddonInstance> {
  return pickByName(await client.listAddonInstances(clusterId, deadline), clusterId, name);
}

/** The one add-on of `addons` that answers to `name`; an AddonNameError listing the candidates otherwise. */
function pickByName(addons: readonly AddonInstance[], clusterId: string, name: string): AddonInstance {
  const match = matchAddonName(addons, name);
  if (match.kind === "one") return match.addon;
  const list = match.candidates.map(describe).join(", ");
  throw new AddonNameError(
    match.kind === "none"
      ? `no add-on named "${name}" in cluster ${clusterId}: ` +
          (list ? `it has ${list}. Give addonName as one of these names, or give addonId` : "it has no add-ons")
      : `several add-ons in cluster ${clusterId} answer to "${name}": ${list}. Give addonId to choose one`,
    clusterId,
    name,
    match.candidates,
  );
}

function describe(addon: AddonInstance): string {
  const names = [...new Set([addon.templateName, addon.name, addon.alias].filter(Boolean))];
  return `${names.join(" / ") || "(unnamed)"} (ID ${addon.id})`;
}

/**
 * Finds the add-on a resource or a read names: by ID when one is given (one read), otherwise by name (one list).
 * @throws AddonNotFoundError, AddonNameError, or an API error
 * @public
 */
export function lookupAddon(
  client: CceAutopilotClient,
  clusterId: string,
  selector: { addonId?: string | undefined; addonName?: string | undefined },
  deadline?: Deadline,
): Promise<AddonInstance> {
  return selector.addonId
    ? findAddonInstance(client, clusterId, selector.addonId, deadline)
    : findAddonByName(client, clusterId, selector.addonName ?? "", deadline);
}
