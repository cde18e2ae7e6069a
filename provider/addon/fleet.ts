/**
 * listAddonInstances: where in a project an add-on is, at which version and whether it can be rolled back, so that
 * a program rolls back exactly the clusters an incident touched. One list of the project's clusters, then one list
 * of add-ons per cluster that may have it (the cluster list's `installedAddonInstances` annotation rules out the
 * others when it says so); reads only. The decisions are pure functions; the requests are at the end.
 */
import type { CceAutopilotClient } from "../client/client";
import type { AddonInstance, ClusterSummary } from "../client/schemas";
import type { Deadline } from "../deadline";
import { ConnectionConfigError } from "../connection/errors";
import type { FrontDoor } from "../connection/front-doors";

/** What to look for. @public */
export interface FleetQuery {
  /** The add-on's template name (e.g. "coredns"), name or alias. */
  addonName: string;
  /** Only these clusters (IDs); default every cluster of the project in the region. */
  clusterIds?: readonly string[] | undefined;
  /** Only add-ons running one of these versions now (e.g. the bad version). */
  versions?: readonly string[] | undefined;
  /** Only add-ons in one of these statuses (e.g. "running", "abnormal"). */
  statuses?: readonly string[] | undefined;
}

/** One add-on instance found. @public */
export interface FleetAddon {
  clusterId: string;
  clusterName: string;
  addonId: string;
  /** The add-on's template name, e.g. "coredns" (its name when the service gives no template name). */
  addonName: string;
  status: string;
  currentVersion: string;
  /** The version a rollback lands on; absent when there is none. */
  previousVersion?: string | undefined;
  /** Whether the service accepts a rollback now. */
  isRollbackable: boolean;
}

/** What the lookup found. @public */
export interface FleetResult {
  /** The matching add-ons, by cluster name, then cluster ID. */
  instances: FleetAddon[];
  /** How many clusters' add-ons were read. */
  clustersRead: number;
  /**
   * Clusters not looked into because they are not Available (hibernating, upgrading, ...), as
   * "name (id): phase": their add-ons cannot be rolled back now.
   */
  skippedClusters: string[];
}

/** The phase a cluster must be in for its add-ons to be read. */
const AVAILABLE = "Available";

/** Whether an add-on answers to `name`, as a resource's `addonName` does: template name, name or alias. @internal */
export function answersTo(addon: Pick<AddonInstance, "templateName" | "name" | "alias">, name: string): boolean {
  return addon.templateName === name || addon.name === name || addon.alias === name;
}

/**
 * Which clusters to read: those asked for (all when none were named) that are Available and whose annotation, when
 * readable, does not rule the add-on out. A named cluster the project does not have is an error. Pure.
 * @throws TypeError naming the clusters not found
 * @internal
 */
export function clustersToRead(
  clusters: readonly ClusterSummary[],
  query: FleetQuery,
): { read: ClusterSummary[]; skipped: string[] } {
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const missing = (query.clusterIds ?? []).filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new TypeError(
      `listAddonInstances: clusterIds names cluster(s) that the project does not have in this region: ` +
        `${missing.join(", ")}. It has ${clusters.map(describeCluster).join(", ") || "no clusters"}`,
    );
  }
  const wanted = query.clusterIds ? query.clusterIds.map((id) => byId.get(id)!) : [...clusters];
  const skipped = wanted.filter((c) => c.phase !== AVAILABLE).map((c) => `${describeCluster(c)}: ${c.phase}`);
  const templateNames = new Set(clusters.flatMap((c) => (c.installedAddons ?? []).map((a) => a.templateName)));
  const read = wanted.filter((c) => c.phase === AVAILABLE && mayHave(c, query, templateNames));
  return { read, skipped };
}

/**
 * Whether the cluster may have the add-on at a wanted version. The annotation names add-ons by template name only:
 * it rules a cluster out only for a name that is a template name somewhere in the project (`templateNames`), and
 * a cluster without a readable annotation is always read.
 */
function mayHave(cluster: ClusterSummary, query: FleetQuery, templateNames: ReadonlySet<string>): boolean {
  if (cluster.installedAddons === undefined || !templateNames.has(query.addonName)) return true;
  const named = cluster.installedAddons.filter((a) => a.templateName === query.addonName);
  return named.length > 0 && (query.versions === undefined || named.some((a) => query.versions!.includes(a.version)));
}

/** The add-ons of one cluster that match the query. Pure. @internal */
export function matchAddons(
  cluster: ClusterSummary,
  addons: readonly AddonInstance[],
  query: FleetQuery,
): FleetAddon[] {
  return addons
    .filter((a) => answersTo(a, query.addonName))
    .filter((a) => query.versions === undefined || query.versions.includes(a.currentVersion))
    .filter((a) => query.statuses === undefined || query.statuses.includes(a.status))
    .map((a) => ({
      clusterId: cluster.id,
      clusterName: cluster.name,
      addonId: a.id,
      addonName: a.templateName || a.name,
      status: a.status,
      currentVersion: a.currentVersion,
      ...(a.previousVersion ? { previousVersion: a.previousVersion } : {}),
      isRollbackable: a.isRollbackable,
    }));
}

function describeCluster(c: ClusterSummary): string {
  return c.name ? `${c.name} (${c.id})` : c.id;
}

/**
 * Finds the add-on across the project's clusters: one cluster list, then the clusters' add-on lists, all through the
 * client's request budget.
 * @param door - how the message for a missing project ID names the setting.
 * @throws ConnectionConfigError without a project ID (the cluster list is per project); TypeError for a cluster ID
 *   the project lacks; the first read's error otherwise (nothing partial is returned)
 * @public
 */
export async function findAddonAcrossClusters(
  client: CceAutopilotClient,
  projectId: string | undefined,
  query: FleetQuery,
  deadline: Deadline,
  door: FrontDoor,
): Promise<FleetResult> {
  if (!projectId) {
    throw new ConnectionConfigError(
      `No project ID: the cluster list is per project. Give projectId, or ${door.setCommand("projectId", "<project ID>")}, ` +
        "or set HW_PROJECT_ID (the project of the region, in the console under My Credentials)",
      "projectId",
      true,
    );
  }
  const clusters = await client.listClusters(projectId, deadline);
  const { read, skipped } = clustersToRead(clusters, query);
  const found = await Promise.all(
    read.map(async (cluster) => matchAddons(cluster, await client.listAddonInstances(cluster.id, deadline), query)),
  );
  const instances = found
    .flat()
    .sort((a, b) => a.clusterName.localeCompare(b.clusterName) || a.clusterId.localeCompare(b.clusterId));
  return { instances, clustersRead: read.length, skippedClusters: skipped };
}
