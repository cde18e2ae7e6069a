import type { z } from "zod";
import type { Connection } from "../connection/resolve";
import { redact } from "../auth/redact";
import type { Deadline } from "../deadline";
import { type Runtime, makeRuntime } from "../runtime";
import { ResponseValidationError } from "./errors";
import { HttpTransport } from "./http";
import { assertId } from "./ids";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { RequestBudget, type Urgency } from "./request-budget";
import { type ReadHow, SharedClusterReads } from "./shared-reads";
import { DEFAULT_MAX_REQUESTS_PER_SECOND } from "../connection/settings";
import {
  type AddonInstance,
  AddonInstanceListSchema,
  AddonInstanceSchema,
  ClusterListSchema,
  type ClusterSummary,
  describeIssues,
  toAddonInstance,
  toClusterSummary,
} from "./schemas";

/** @public */
export interface ClientOptions {
  connection: Connection;
  /** Time, jitter and where a line per retry goes; by default the real clock and no lines. */
  runtime?: Runtime;
  retry?: Partial<RetryPolicy>;
  /** Budget of one HTTP attempt. Default 30 s. */
  requestTimeoutMs?: number;
  /** Budget of one request, retries included, unless the caller's deadline comes first. Default 120 s. */
  totalTimeoutMs?: number;
  /**
   * The request budget to share with other clients of the same account and endpoint. Default: one of this
   * client's own, at the connection's `maxRequestsPerSecond`.
   */
  budget?: RequestBudget;
}

/** How urgent a read is when the request budget is short. @public */
export interface ReadOptions {
  /** Default `foreground`; a wait's polls are `background`. */
  urgency?: Urgency;
}

const USER_AGENT = "pulumi-cce-addon-rollback";

/**
 * The two CCE Autopilot add-on operations a rollback needs.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/RollbackAutopilotAddonInstance.html
 * @public
 */
export class CceAutopilotClient {
  private readonly transport: HttpTransport;
  private readonly reads: SharedClusterReads;
  /** The request budget every request of this client waits for. */
  readonly budget: RequestBudget;

  constructor(options: ClientOptions) {
    const runtime = options.runtime ?? makeRuntime();
    this.budget =
      options.budget ??
      new RequestBudget(runtime.clock, {
        maxPerSecond: options.connection.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND,
      });
    this.transport = new HttpTransport({
      connection: options.connection,
      runtime,
      budget: this.budget,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      totalTimeoutMs: options.totalTimeoutMs ?? 120_000,
      userAgent: USER_AGENT,
    });
    this.reads = new SharedClusterReads(this.budget, {
      show: async (clusterId, addonId, how) =>
        toAddonInstance(
          addonId,
          clusterId,
          await this.read(`/autopilot/v3/addons/${encodeURIComponent(addonId)}`, clusterId, AddonInstanceSchema, how),
        ),
      list: async (clusterId, how) =>
        (await this.read("/autopilot/v3/addons", clusterId, AddonInstanceListSchema, how)).items.map((item) =>
          toAddonInstance(item.metadata.uid, clusterId, item),
        ),
    });
  }

  /**
   * Reads an add-on instance (`GET /autopilot/v3/addons/{id}?cluster_id=...`). Retried on throttling, 5xx and
   * network errors. Reads of the same cluster that wait for the request budget at the same time are one list of the
   * cluster's add-ons (see SharedClusterReads).
   * @param deadline - when given, no attempt starts after it and the one in flight is cut there.
   * @throws CceApiError (404 when the add-on or cluster does not exist; 3xx, never followed), CceNetworkError,
   *   CceTimeoutError, ResponseValidationError (also for an answer over 1 MiB)
   */
  async showAddonInstance(
    clusterId: string,
    addonId: string,
    deadline?: Deadline,
    options: ReadOptions = {},
  ): Promise<AddonInstance> {
    assertId("clusterId", clusterId);
    assertId("addonId", addonId);
    return this.reads.addon(clusterId, addonId, deadline, options.urgency ?? "foreground");
  }

  /**
   * Lists the add-on instances of a cluster (`GET /autopilot/v3/addons?cluster_id=...`), to find one by name.
   * Retried like a read.
   * @throws CceApiError, CceNetworkError, CceTimeoutError, ResponseValidationError
   */
  async listAddonInstances(
    clusterId: string,
    deadline?: Deadline,
    options: ReadOptions = {},
  ): Promise<AddonInstance[]> {
    assertId("clusterId", clusterId);
    return this.reads.all(clusterId, deadline, options.urgency ?? "foreground");
  }

  /**
   * Lists the project's CCE Autopilot clusters in the endpoint's region
   * (`GET /autopilot/v3/projects/{project_id}/clusters?detail=true`), each with the add-ons the list says it has.
   * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/ListAutopilotClusters.html
   * @throws CceApiError, CceNetworkError, CceTimeoutError, ResponseValidationError
   */
  async listClusters(projectId: string, deadline?: Deadline): Promise<ClusterSummary[]> {
    assertId("projectId", projectId);
    const path = `/autopilot/v3/projects/${encodeURIComponent(projectId)}/clusters`;
    const res = await this.transport.send({ method: "GET", path, query: { detail: "true" }, kind: "read", deadline });
    return this.parse("GET", path, res, ClusterListSchema).items.map(toClusterSummary);
  }

  /**
   * Asks the service to roll the add-on back to its previous version
   * (`POST /autopilot/v3/addons/{id}/operation/rollback`, body `{"clusterID": ...}`). Returns the instance as the
   * service answered, usually already `rollbacking`. Retried only when the request certainly did not reach the
   * service; on any other failure the outcome is unknown and the caller must read the add-on to find out.
   * @throws CceApiError (400 when the add-on is not rollbackable), CceNetworkError, CceTimeoutError,
   *   ResponseValidationError
   */
  async rollbackAddonInstance(
    clusterId: string,
    addonId: string,
    deadline?: Deadline,
    options: { cancelWhileQueued?: AbortSignal | undefined } = {},
  ): Promise<AddonInstance> {
    assertId("clusterId", clusterId);
    assertId("addonId", addonId);
    const path = `/autopilot/v3/addons/${encodeURIComponent(addonId)}/operation/rollback`;
    const res = await this.transport.send({
      method: "POST",
      path,
      body: { clusterID: clusterId },
      kind: "rollback",
      deadline,
      cancelWhileQueued: options.cancelWhileQueued,
    });
    return toAddonInstance(addonId, clusterId, this.parse("POST", path, res, AddonInstanceSchema));
  }

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  /** A GET of `path` in `clusterId`'s context, its answer checked against `schema`. */
  private async read<T>(path: string, clusterId: string, schema: z.ZodType<T>, how: ReadHow): Promise<T> {
    const res = await this.transport.send({
      method: "GET",
      path,
      query: { cluster_id: clusterId },
      kind: "read",
      deadline: how.deadline,
      urgency: how.urgency,
      prepaid: how.prepaid,
    });
    return this.parse("GET", path, res, schema);
  }

  /** The answer's JSON checked against `schema`, or an error that lists what is wrong or quotes what came. */
  private parse<T>(
    method: string,
    path: string,
    res: { json: unknown; text: string; requestId: string | undefined },
    schema: z.ZodType<T>,
  ): T {
    const fail = (issues: string[]) => new ResponseValidationError({ method, path, requestId: res.requestId, issues });
    if (res.json === undefined) {
      // A proxy or echo page may repeat the request headers: redact before cutting, so no secret is cut in half.
      const snippet = redact(res.text.replace(/\s+/g, " "), this.transport.connection.secrets).slice(0, 120);
      throw fail([`(body): not JSON${snippet ? `: ${JSON.stringify(snippet)}` : " (empty)"}`]);
    }
    const parsed = schema.safeParse(res.json);
    if (!parsed.success) throw fail(describeIssues(parsed.error));
    return parsed.data;
  }
}
