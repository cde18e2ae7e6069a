/**
 * The Autopilot clusters of the emulator and their rendering by ListAutopilotClusters
 * (`GET /autopilot/v3/projects/{project_id}/clusters`).
 *
 * Pure, like `./model`: functions take the time they need and return new values. A cluster here is only what a
 * client of this project can see of one: its ID, name, phase and Kubernetes version, and (with `detail=true`) the
 * add-ons installed in it.
 *
 * References (docs/cce-api-facts.md §9): https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/ListAutopilotClusters.html
 * and huaweicloud/huaweicloud-sdk-go-v3 `services/cce/v3/model/model_list_autopilot_clusters_request.go`,
 * `model_list_autopilot_clusters_response.go`, `model_autopilot_cluster.go`, `model_autopilot_cluster_metadata.go`,
 * `model_autopilot_cluster_spec.go`, `model_autopilot_cluster_status.go`.
 * @internal
 */
import { z } from "zod";
import { apiTimestamp, type AddonInstance } from "./model";

/**
 * The documented values of `status.phase` and of the `status` query parameter of ListAutopilotClusters (the GO
 * request model's enum). Seeds may use any other string, as a client must tolerate values it does not know.
 * @internal
 */
export const CLUSTER_PHASES = [
  "Available",
  "Unavailable",
  "Creating",
  "Deleting",
  "Upgrading",
  "RollingBack",
  "RollbackFailed",
  "Error",
] as const;

/** The only documented `spec.type` and `type` query value ("VirtualMachine: CCE cluster"). @internal */
export const CLUSTER_TYPE = "VirtualMachine";

/**
 * The JSON description of one emulated cluster (what tests, `EmulatorOptions.clusters` and
 * `POST /__emulator/clusters` give).
 * @internal
 */
export interface ClusterSeed {
  /** Cluster ID (`metadata.uid`; what add-on seeds name as `clusterId`). */
  id: string;
  /** `metadata.name`, also `metadata.alias` (the API returns the name as alias when none was set). */
  name: string;
  /** `status.phase`; default `Available`. */
  phase?: string;
  /** `spec.version`; default `v1.28`. */
  version?: string;
}

const nonEmpty = z.string().min(1);

/** Validates cluster seeds that come from JSON or options. @internal */
export const ClusterSeedSchema = z.strictObject({
  // Any non-empty text, like an add-on seed's clusterId: it travels in queries and bodies, never in a path here.
  id: nonEmpty,
  name: nonEmpty,
  phase: nonEmpty.optional(),
  version: nonEmpty.optional(),
});

/**
 * Checks a cluster seed and returns it typed.
 * @param input - untrusted JSON.
 * @throws Error naming the offending fields.
 * @internal
 */
export function parseClusterSeed(input: unknown): ClusterSeed {
  const parsed = ClusterSeedSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid cluster seed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The seed of a cluster that exists only because an add-on seed names it: named `cluster-<id>` (the whole ID, so
 * that two IDs with a common prefix, such as `c0ffee00-cluster-1` and `c0ffee00-cluster-2`, still get distinct names
 * as the API requires; and starting with a lower-case letter as cluster names must), `Available`, `v1.28`.
 * @internal
 */
export function implicitClusterSeed(id: string): ClusterSeed {
  return { id, name: `cluster-${id}` };
}

/** The emulator's state of one cluster. Immutable. @internal */
export interface Cluster {
  readonly id: string;
  readonly name: string;
  readonly phase: string;
  readonly version: string;
  readonly createdAtMs: number;
}

/**
 * Builds the state of a new cluster.
 * @param seed - the cluster description (validated here).
 * @param nowMs - creation time.
 * @throws Error if the seed is invalid.
 * @internal
 */
export function clusterFromSeed(seed: ClusterSeed, nowMs: number): Cluster {
  const valid = parseClusterSeed(seed);
  return {
    id: valid.id,
    name: valid.name,
    phase: valid.phase ?? "Available",
    version: valid.version ?? "v1.28",
    createdAtMs: nowMs,
  };
}

/**
 * One entry of the `installedAddonInstances` annotation. The API pages and the SDKs name these three fields and
 * nothing else: "the details of installed add-ons include the add-on name (addonTemplateName), version (version),
 * and status (status)". The exact JSON shape of the annotation value is not documented beyond those three names;
 * the emulator writes the JSON text of an array of these objects.
 * @internal
 */
export interface InstalledAddon {
  addonTemplateName: string;
  version: string;
  status: string;
}

/**
 * The annotation entry of an add-on instance: its template name, the version it is at and its `status.status`.
 * @param instance - state with transitions applied (never a stale read: the annotation is computed, not cached).
 * @internal
 */
export function installedAddon(instance: AddonInstance): InstalledAddon {
  return { addonTemplateName: instance.name, version: instance.version, status: instance.status };
}

/** A cluster as ListAutopilotClusters returns it (the GO `AutopilotCluster`, reduced to what the emulator knows). @internal */
export interface ClusterJson {
  kind: "Cluster";
  apiVersion: "v3";
  metadata: {
    name: string;
    uid: string;
    alias: string;
    /** Only with `detail=true`: `installedAddonInstances`. */
    annotations?: Record<string, string>;
    creationTimestamp: string;
    updateTimestamp: string;
  };
  spec: {
    /** The SDKs' only `category` value for Autopilot clusters. */
    category: "Turbo";
    type: typeof CLUSTER_TYPE;
    /** The only Autopilot flavor. */
    flavor: "cce.autopilot.cluster";
    version: string;
    /** Non-omitempty in the GO model; placeholder IDs. */
    hostNetwork: { vpc: string; subnet: string };
    /** Non-omitempty in the GO model; `eni` is the only mode. */
    containerNetwork: { mode: "eni" };
  };
  status: { phase: string };
}

/** The list answer (`ListAutopilotClustersResponse`). @internal */
export interface ClusterListJson {
  kind: "List";
  apiVersion: "v3";
  items: ClusterJson[];
}

/** The annotation key that `detail=true` adds. @internal */
export const INSTALLED_ADDONS_ANNOTATION = "installedAddonInstances";

/** Placeholder network IDs: the emulator models no VPC. */
const PLACEHOLDER_VPC = "00000000-0000-4000-8000-00000000e0c1";
const PLACEHOLDER_SUBNET = "00000000-0000-4000-8000-00000000e0c2";

/**
 * Renders a cluster as the API's cluster JSON.
 * @param cluster - the cluster.
 * @param installed - the cluster's add-ons for `detail=true`, in the emulator's order; `undefined` without detail,
 *   which leaves out `metadata.annotations` (an omitempty map that the API fills only on request).
 * @internal
 */
export function toClusterJson(cluster: Cluster, installed: readonly InstalledAddon[] | undefined): ClusterJson {
  const created = apiTimestamp(cluster.createdAtMs);
  const metadata: ClusterJson["metadata"] = {
    name: cluster.name,
    uid: cluster.id,
    alias: cluster.name,
    creationTimestamp: created,
    updateTimestamp: created,
  };
  if (installed !== undefined) metadata.annotations = { [INSTALLED_ADDONS_ANNOTATION]: JSON.stringify(installed) };
  return {
    kind: "Cluster",
    apiVersion: "v3",
    metadata,
    spec: {
      category: "Turbo",
      type: CLUSTER_TYPE,
      flavor: "cce.autopilot.cluster",
      version: cluster.version,
      hostNetwork: { vpc: PLACEHOLDER_VPC, subnet: PLACEHOLDER_SUBNET },
      containerNetwork: { mode: "eni" },
    },
    status: { phase: cluster.phase },
  };
}

/** The query of a ListAutopilotClusters request, as the emulator uses it. @internal */
export interface ClusterQuery {
  /** `detail=true` (exactly; any other value, or none, is no detail). */
  detail: boolean;
  /** Keep clusters whose `status.phase` equals it. */
  status?: string;
  /** Keep clusters whose `spec.type` equals it (all are `VirtualMachine`). */
  type?: string;
  /** Keep clusters whose `spec.version` equals it. */
  version?: string;
}

/**
 * Reads the query parameters. `errorStatus` (a switch that shows clusters failing deletion as `Error` rather than
 * `Deleting`) is ignored: the emulator models no deletion. An empty value filters nothing, as an absent one.
 * Unknown parameters are ignored, as unknown query parameters usually are.
 * @param query - the decoded query.
 * @internal
 */
export function parseClusterQuery(query: Readonly<Record<string, string>>): ClusterQuery {
  const out: ClusterQuery = { detail: query["detail"] === "true" };
  for (const key of ["status", "type", "version"] as const) {
    const value = query[key];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/**
 * Whether a cluster passes the query's filters. Each filter is an exact match: the pages do not say whether
 * `version` also matches patch versions (`v1.28` against `v1.28.5`), so the emulator does not guess.
 * @internal
 */
export function clusterMatches(cluster: Cluster, query: ClusterQuery): boolean {
  if (query.status !== undefined && query.status !== cluster.phase) return false;
  if (query.type !== undefined && query.type !== CLUSTER_TYPE) return false;
  if (query.version !== undefined && query.version !== cluster.version) return false;
  return true;
}
