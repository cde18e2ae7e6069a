/**
 * A local emulator of the CCE Autopilot add-on API (Show, List and Rollback) and of its cluster list, on `node:http`,
 * for tests, the demo and the bench.
 *
 * What it reproduces: the paths and bodies (docs/cce-api-facts.md §1), the rollback preconditions and state machine
 * (`./model`), the cluster list (`./clusters`, docs/cce-api-facts.md §9), AK/SK signature and token authentication
 * with the gateway's 15-minute date window (`./auth`), the gateway's per-user rate limit (`./ratelimit`), the gateway
 * and CCE error shapes (`./bodies`), `X-Request-Id` on every answer, and injected faults (`./faults`).
 * Order of checks for an API request: body size (413), route (404 `APIG.0101`), authentication (401 `APIG.0301`,
 * including the `{project_id}` of a project-scoped path), rate limit (429 `APIG.0308`), injected fault, then the
 * operation itself.
 * @internal
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, authorizePathProject, type AcceptedCredential, type AuthResult } from "./auth";
import {
  GATEWAY_CODES,
  gatewayError,
  invalidBodyError,
  notFoundError,
  preconditionError,
  throttlingMessage,
  unsupportedContentTypeError,
} from "./bodies";
import {
  clusterFromSeed,
  clusterMatches,
  implicitClusterSeed,
  installedAddon,
  parseClusterQuery,
  toClusterJson,
  type Cluster,
  type ClusterJson,
  type ClusterListJson,
  type ClusterSeed,
} from "./clusters";
import { handleControl, isControlPath, type ControlTarget } from "./control";
import {
  FaultPlan,
  StaleReads,
  describeFault,
  malformJson,
  matches,
  processesRequest,
  statusFaultAnswer,
  type FaultMatch,
  type FaultRule,
} from "./faults";
import {
  MAX_BODY_BYTES,
  RequestAbortedError,
  headerValue,
  newRequestId,
  queryObject,
  readBody,
  sendJson,
  splitTarget,
} from "./http";
import {
  advance,
  checkRollback,
  instanceFromSeed,
  patchInstance,
  startRollback,
  toAddonJson,
  type AddonInstance,
  type AddonJson,
  type AddonPatch,
  type AddonSeed,
  DEFAULT_SEED,
} from "./model";
import { RateLimiter, callerIdentity, parseRateLimit, type RateLimit } from "./ratelimit";

/**
 * The AK/SK pair (and project ID) the emulator accepts by default. Not a real credential.
 * @internal
 */
export const TEST_CREDENTIALS = Object.freeze({
  accessKey: "EMULATORACCESSKEY0001",
  secretKey: "emulator-secret-key-do-not-use",
  projectId: "0123456789abcdef0123456789abcdef",
});

/** The default accepted credential: the test key pair, whose account owns the test project only. */
const DEFAULT_CREDENTIAL: AcceptedCredential = Object.freeze({
  accessKey: TEST_CREDENTIALS.accessKey,
  secretKey: TEST_CREDENTIALS.secretKey,
  projectIds: Object.freeze([TEST_CREDENTIALS.projectId]),
});

/** The `X-Auth-Token` value the emulator accepts by default. Not a real token. @internal */
export const TEST_TOKEN = "emulator-token-do-not-use";

/** Options of {@link startEmulator}. @internal */
export interface EmulatorOptions {
  /** Initial instances; default `[DEFAULT_SEED]`. */
  seed?: AddonSeed[];
  /**
   * Initial clusters, added before the add-on seeds. Every cluster an add-on seed names and this list does not is
   * added too, as `implicitClusterSeed` describes (named `cluster-<id>`, `Available`, `v1.28`). The clusters belong to
   * every project the caller may act in (one project per emulator). Default: none besides those.
   */
  clusters?: ClusterSeed[];
  /**
   * The gateway's per-user rate limit: a token bucket per caller (access key id, or accepted token) holding `burst`
   * tokens (default `requestsPerSecond`), refilled continuously at `requestsPerSecond` on the emulator's clock. A
   * request that finds no token is answered 429 `APIG.0308` (no `Retry-After`) and not processed. Default: no limit.
   */
  rateLimit?: RateLimit;
  /**
   * Accepted AK/SK pairs, each with the project IDs of its account (`projectIds`; omitted: any project). Default:
   * `TEST_CREDENTIALS`, whose account owns `TEST_CREDENTIALS.projectId` only.
   */
  credentials?: AcceptedCredential[];
  /** Accepted `X-Auth-Token` values; default `[TEST_TOKEN]`. */
  tokens?: string[];
  /** How long a rollback stays `rollbacking` unless the seed says otherwise; default 2000. */
  defaultRollbackDurationMs?: number;
  /** Stale-read window after an accepted rollback unless the seed says otherwise; default 0 (none). */
  staleReadMs?: number;
  /** The emulator's clock in epoch ms, for state transitions and the signature date window; default `Date.now`. */
  now?: () => number;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** One API request as the emulator saw it. Holds no secret: no Authorization value, token or secret key. @internal */
export interface RequestLogEntry {
  /** Arrival time on the emulator's clock. */
  at: number;
  method: string;
  /** Path as received (percent-encoded). */
  path: string;
  query: Record<string, string>;
  /** Status answered; 0 when the socket was reset without an answer. */
  status: number;
  /** The `X-Request-Id` of the answer (also set for resets, which send none). */
  requestId: string;
  /** `none` also when the request was refused before authentication (413). */
  auth: "aksk" | "token" | "none" | "rejected";
  /** The access key id of an AK/SK request (accepted or not). */
  accessKey?: string;
  /** Lower-case signed header names of an accepted AK/SK request. */
  signedHeaders?: string[];
  /** Why authentication failed (diagnostic; signatures masked). */
  authError?: string;
  /** The `X-Project-Id` header as received (checked against the access key's projects, docs/cce-api-facts.md §4.3). */
  projectId?: string;
  /** The `Host` header (plain or `{clusterid}.` prefixed; both are accepted). */
  host?: string;
  /** Body as UTF-8 text; empty when it was too large to keep. */
  body: string;
  /**
   * Injected fault, stale read or rate limit that shaped the answer, e.g. `status 429`, `reset`, `stale-read`, or
   * `throttled` (429 from {@link EmulatorOptions.rateLimit}: count these to see how often a client was throttled).
   */
  fault?: string;
  /** For a `huge-body` fault: how many body bytes were written before the client stopped reading. */
  bodyBytesSent?: number;
}

/** A running emulator. @internal */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every API request, in order (control API requests excluded). */
  readonly requests: RequestLogEntry[];
  /** Adds an instance, and its cluster if no cluster has that ID yet. @throws Error if the seed is invalid or the ID exists. */
  addAddon(seed: AddonSeed): void;
  /** Adds a cluster. @throws Error if the seed is invalid or the ID exists (also as the cluster of an add-on). */
  addCluster(seed: ClusterSeed): void;
  /** A cluster as ListAutopilotClusters shows it with `detail=true` (add-ons' transitions applied; never stale). */
  cluster(id: string): ClusterJson | undefined;
  /** The current state of an instance (transitions applied; never stale). */
  addon(id: string): AddonJson | undefined;
  /** Changes an instance out of band. @throws Error if the ID is unknown or the patch invalid. */
  patchAddon(id: string, patch: AddonPatch): void;
  /** Removes an instance (later requests get 404). */
  removeAddon(id: string): void;
  /** Adds fault rules after the pending ones. @throws Error on an invalid rule. */
  injectFaults(...rules: FaultRule[]): void;
  /** Drops every pending fault rule. */
  clearFaults(): void;
  /** Empties {@link Emulator.requests} (the same array). */
  clearLog(): void;
  /** How many logged requests match the filter. */
  count(filter?: FaultMatch): number;
  /** Closes every connection and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts an emulator.
 * @param options - see {@link EmulatorOptions}.
 * @returns the running emulator; call {@link Emulator.close} when done.
 * @throws Error if a seed is invalid or the port cannot be bound.
 * @internal
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorServer(options);
  await emulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return emulator;
}

type Route =
  { op: "show"; id: string } | { op: "rollback"; id: string } | { op: "list" } | { op: "clusters"; projectId: string };

const LIST_PATH = "/autopilot/v3/addons";
const CLUSTERS_PATH = /^\/autopilot\/v3\/projects\/([^/]+)\/clusters$/;
const SHOW_PATH = /^\/autopilot\/v3\/addons\/([^/]+)$/;
const ROLLBACK_PATH = /^\/autopilot\/v3\/addons\/([^/]+)\/operation\/rollback$/;

/** An operation's answer before faults are applied. */
interface Answer {
  status: number;
  body: string;
  stale?: boolean;
}

class EmulatorServer implements Emulator, ControlTarget {
  url = "";
  readonly requests: RequestLogEntry[] = [];
  private readonly instances = new Map<string, AddonInstance>();
  private readonly clusterStates = new Map<string, Cluster>();
  private readonly limiter: RateLimiter | undefined;
  private readonly faults = new FaultPlan();
  private readonly staleReads = new StaleReads();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  private readonly now: () => number;
  private readonly credentials: readonly AcceptedCredential[];
  private readonly tokens: readonly string[];
  private readonly rollbackDurationMs: number;
  private readonly staleReadMs: number;
  private closed = false;

  constructor(options: EmulatorOptions) {
    this.now = options.now ?? Date.now;
    this.credentials = options.credentials ?? [DEFAULT_CREDENTIAL];
    this.tokens = options.tokens ?? [TEST_TOKEN];
    this.rollbackDurationMs = nonNegative("defaultRollbackDurationMs", options.defaultRollbackDurationMs ?? 2000);
    this.staleReadMs = nonNegative("staleReadMs", options.staleReadMs ?? 0);
    this.limiter = options.rateLimit === undefined ? undefined : new RateLimiter(parseRateLimit(options.rateLimit));
    // Clusters first, so that a listed cluster is not taken for the implicit cluster of an add-on.
    for (const seed of options.clusters ?? []) this.addCluster(seed);
    for (const seed of options.seed ?? [DEFAULT_SEED]) this.addAddon(seed);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.internalError(res, err));
    });
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const { port: bound } = this.server.address() as AddressInfo;
        this.url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
        resolve();
      });
    });
  }

  addAddon(seed: AddonSeed): void {
    if (this.instances.has(seed.id)) throw new Error(`addon instance ${seed.id} already exists`);
    const nowMs = this.now();
    const instance = instanceFromSeed(seed, nowMs, { rollbackDurationMs: this.rollbackDurationMs });
    const known = this.clusterStates.has(instance.clusterId);
    const cluster = known ? undefined : clusterFromSeed(implicitClusterSeed(instance.clusterId), nowMs);
    this.instances.set(instance.id, instance);
    if (cluster !== undefined) this.clusterStates.set(cluster.id, cluster);
  }

  addCluster(seed: ClusterSeed): void {
    if (this.clusterStates.has(seed.id)) throw new Error(`cluster ${seed.id} already exists`);
    const cluster = clusterFromSeed(seed, this.now());
    this.clusterStates.set(cluster.id, cluster);
  }

  cluster(id: string): ClusterJson | undefined {
    const cluster = this.clusterStates.get(id);
    return cluster && this.clusterJson(cluster, true);
  }

  clusters(): ClusterJson[] {
    return [...this.clusterStates.keys()].flatMap((id) => this.cluster(id) ?? []);
  }

  addon(id: string): AddonJson | undefined {
    const instance = this.current(id);
    return instance && toAddonJson(instance);
  }

  addons(): AddonJson[] {
    return [...this.instances.keys()].flatMap((id) => this.addon(id) ?? []);
  }

  patchAddon(id: string, patch: AddonPatch): void {
    const instance = this.current(id);
    if (instance === undefined) throw new Error(`addon instance ${id} not found`);
    this.instances.set(id, patchInstance(instance, patch, this.now()));
    // What the test just set is what reads must show.
    this.staleReads.forget(id);
  }

  removeAddon(id: string): void {
    this.instances.delete(id);
    this.staleReads.forget(id);
  }

  injectFaults(...rules: FaultRule[]): void {
    this.faults.add(...rules);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  pendingFaults(): number {
    return this.faults.size;
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  count(filter?: FaultMatch): number {
    return this.requests.filter((r) => matches(filter, r.method, r.path)).length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  /** A cluster's JSON; with `detail`, its add-ons as they are now (transitions applied, never stale). */
  private clusterJson(cluster: Cluster, detail: boolean): ClusterJson {
    if (!detail) return toClusterJson(cluster, undefined);
    const installed = [...this.instances.keys()]
      .map((id) => this.current(id))
      .filter((i): i is AddonInstance => i !== undefined && i.clusterId === cluster.id)
      .map(installedAddon);
    return toClusterJson(cluster, installed);
  }

  /** The instance with the transitions due by now applied (and stored). */
  private current(id: string): AddonInstance | undefined {
    const stored = this.instances.get(id);
    if (stored === undefined) return undefined;
    const advanced = advance(stored, this.now());
    if (advanced !== stored) this.instances.set(id, advanced);
    return advanced;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const at = this.now();
    const method = (req.method ?? "GET").toUpperCase();
    const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
    const read = await readBody(req);

    if (isControlPath(rawPath)) {
      const answer = read.tooLarge
        ? { status: 413, body: JSON.stringify({ error: "request body too large" }) }
        : handleControl(method, rawPath, read.body, this);
      sendJson(res, requestId, answer.status, answer.body);
      return;
    }

    const entry: RequestLogEntry = {
      at,
      method,
      path: rawPath,
      query: queryObject(rawQuery),
      status: 0,
      requestId,
      auth: "none",
      body: read.body.toString("utf8"),
    };
    const projectId = headerValue(req, "x-project-id");
    if (projectId !== undefined) entry.projectId = projectId;
    const host = headerValue(req, "host");
    if (host !== undefined) entry.host = host;
    const answer = (status: number, body: string, headers: Record<string, string> = {}): void => {
      entry.status = status;
      this.requests.push(entry);
      sendJson(res, requestId, status, body, headers);
    };

    if (read.tooLarge) {
      const message = `Request entity too large: ${read.size} bytes, limit ${MAX_BODY_BYTES}`;
      answer(413, gatewayError(GATEWAY_CODES.badRequest, message, requestId));
      return;
    }

    // Authentication is evaluated for every request so that the log says who called, and enforced after routing
    // because the gateway answers "no such API" before it looks at credentials.
    const route = matchRoute(method, rawPath);
    const authConfig = { credentials: this.credentials, tokens: this.tokens };
    let auth = authenticate({ method, rawPath, rawQuery, headers: req.headers, body: read.body }, authConfig, at);
    if (route?.op === "clusters") auth = authorizePathProject(auth, route.projectId, projectId, authConfig);
    recordAuth(entry, auth);

    if (route === undefined) {
      const message = "The API does not exist or has not been published in the environment";
      answer(404, gatewayError(GATEWAY_CODES.apiNotFound, message, requestId));
      return;
    }
    if (auth.kind === "none" || auth.kind === "rejected") {
      answer(401, gatewayError(GATEWAY_CODES.authFailed, auth.message, requestId));
      return;
    }

    // The gateway throttles identified users before the request reaches CCE: nothing is processed, no fault rule is
    // used up, and no Retry-After is promised (the real gateway sends none; docs/cce-api-facts.md §3.5).
    if (this.limiter !== undefined && !this.limiter.take(callerIdentity(auth), at)) {
      entry.fault = "throttled";
      const message = throttlingMessage(this.limiter.limit.requestsPerSecond);
      answer(429, gatewayError(GATEWAY_CODES.throttled, message, requestId));
      return;
    }

    const fault = this.faults.take(method, rawPath);
    if (fault !== undefined) entry.fault = describeFault(fault);
    if (fault !== undefined && !processesRequest(fault)) {
      if (fault.kind === "reset") {
        this.requests.push(entry);
        req.socket.destroy();
        return;
      }
      if (fault.kind === "hang") {
        this.requests.push(entry);
        return;
      }
      if (fault.kind === "huge-body") {
        entry.status = 200;
        this.requests.push(entry);
        streamHugeBody(res, requestId, fault.bytes, entry);
        return;
      }
      if (fault.kind === "status") {
        const injected = statusFaultAnswer(fault, requestId);
        answer(injected.status, injected.body, injected.headers);
        return;
      }
    }

    const result = this.operate(route, entry, req, read.body);
    if (result.stale === true) entry.fault = entry.fault === undefined ? "stale-read" : `${entry.fault}, stale-read`;

    switch (fault?.kind) {
      case undefined:
        answer(result.status, result.body);
        return;
      case "reset":
        this.requests.push(entry);
        req.socket.destroy();
        return;
      case "hang":
      case "huge-body":
        // Processed first (a rollback is accepted), then no answer ever comes.
        this.requests.push(entry);
        return;
      case "status": {
        const injected = statusFaultAnswer(fault, requestId);
        answer(injected.status, injected.body, injected.headers);
        return;
      }
      case "malformed-json":
        answer(result.status, malformJson(result.body));
        return;
      case "delay": {
        // Logged now, with the status the client will get: the state already changed at arrival.
        entry.status = result.status;
        this.requests.push(entry);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          sendJson(res, requestId, result.status, result.body);
        }, fault.ms);
        this.timers.add(timer);
        return;
      }
    }
  }

  /** Runs the routed operation. */
  private operate(route: Route, entry: RequestLogEntry, req: IncomingMessage, body: Buffer): Answer {
    switch (route.op) {
      case "show":
        return this.show(route.id, entry);
      case "list":
        return this.list(entry);
      case "rollback":
        return this.rollback(route.id, req, body);
      case "clusters":
        return this.listClusters(entry);
    }
  }

  /**
   * `GET /autopilot/v3/projects/{project_id}/clusters[?detail=true&status=...&type=...&version=...]`: every cluster
   * (the project was checked with authentication), filtered, in the order they were added. With `detail=true` each
   * carries the `installedAddonInstances` annotation (`./clusters`).
   */
  private listClusters(entry: RequestLogEntry): Answer {
    const query = parseClusterQuery(entry.query);
    const items = [...this.clusterStates.values()]
      .filter((c) => clusterMatches(c, query))
      .map((c) => this.clusterJson(c, query.detail));
    const body: ClusterListJson = { kind: "List", apiVersion: "v3", items };
    return { status: 200, body: JSON.stringify(body) };
  }

  /** `GET /autopilot/v3/addons/{id}[?cluster_id=...]`. */
  private show(id: string, entry: RequestLogEntry): Answer {
    const instance = this.current(id);
    if (instance === undefined) return { status: 404, body: notFoundError(`addon instance ${id} not found`) };
    const clusterId = entry.query["cluster_id"];
    // The query parameter is optional (TF reads without it); when present it must name the instance's cluster.
    if (clusterId !== undefined && clusterId !== instance.clusterId) {
      return { status: 404, body: notFoundError(`addon instance ${id} not found in cluster ${clusterId}`) };
    }
    // Stale by when the read arrived, the time its log entry shows: a body read slowly under load must not turn a
    // read that arrived inside the window into a fresh one.
    const stale = this.staleReads.read(id, entry.at);
    if (stale !== undefined) return { status: 200, body: JSON.stringify(stale), stale: true };
    return { status: 200, body: JSON.stringify(toAddonJson(instance)) };
  }

  /**
   * `GET /autopilot/v3/addons?cluster_id=...[&addon_template_name=...]`: the cluster's add-ons, each as Show would
   * answer it (stale reads included). `addon_template_name` keeps those whose template name, name or alias equals it.
   * A cluster the emulator does not know is 404 (the real code for it is unconfirmed; docs/cce-api-facts.md §9.4).
   */
  private list(entry: RequestLogEntry): Answer {
    const clusterId = entry.query["cluster_id"];
    if (clusterId === undefined || clusterId === "") {
      return { status: 400, body: invalidBodyError("the query parameter cluster_id is required") };
    }
    if (!this.clusterStates.has(clusterId)) {
      return { status: 404, body: notFoundError(`cluster ${clusterId} not found`) };
    }
    const name = entry.query["addon_template_name"];
    const items = [...this.instances.keys()]
      .map((id) => this.current(id))
      .filter((i): i is AddonInstance => i !== undefined && i.clusterId === clusterId)
      .filter((i) => name === undefined || [i.name, i.alias].includes(name))
      .map((i) => this.staleReads.read(i.id, entry.at) ?? toAddonJson(i));
    return { status: 200, body: JSON.stringify({ kind: "List", apiVersion: "v3", items }) };
  }

  /** `POST /autopilot/v3/addons/{id}/operation/rollback` with `{"clusterID": "..."}`. */
  private rollback(id: string, req: IncomingMessage, body: Buffer): Answer {
    const contentType = headerValue(req, "content-type");
    // Both SDKs send application/json; CCE documents CCE.01400006 for other types. A missing header is tolerated
    // because the Rollback page does not list it.
    if (contentType !== undefined && mediaType(contentType) !== "application/json") {
      return { status: 400, body: unsupportedContentTypeError(contentType) };
    }
    const parsed = parseRollbackBody(body);
    if (!parsed.ok) return { status: 400, body: invalidBodyError(parsed.message) };

    const instance = this.current(id);
    if (instance === undefined) return { status: 404, body: notFoundError(`addon instance ${id} not found`) };
    if (parsed.clusterId !== instance.clusterId) {
      return { status: 404, body: notFoundError(`addon instance ${id} not found in cluster ${parsed.clusterId}`) };
    }
    const check = checkRollback(instance);
    if (!check.ok) return { status: 400, body: preconditionError(check.message) };

    const nowMs = this.now();
    const before = toAddonJson(instance);
    const started = startRollback(instance, nowMs);
    this.instances.set(id, started);
    const staleMs = instance.staleReadMs ?? this.staleReadMs;
    if (staleMs > 0) this.staleReads.remember(id, before, nowMs + staleMs);
    return { status: 200, body: JSON.stringify(toAddonJson(started)) };
  }

  private internalError(res: ServerResponse, err: unknown): void {
    // An aborted upload is the client's business; anything else is an emulator bug worth seeing in test output.
    if (!(err instanceof RequestAbortedError)) {
      console.error(`cce emulator: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    sendJson(res, newRequestId(), 500, JSON.stringify({ error: "emulator internal error" }));
  }
}

/**
 * Streams a 200 answer of `bytes` bytes (endless when undefined) that starts like an add-on and never ends like
 * one, writing only as fast as the client reads (so the emulator's own memory stays flat), until the client hangs up.
 */
function streamHugeBody(
  res: ServerResponse,
  requestId: string,
  bytes: number | undefined,
  entry: RequestLogEntry,
): void {
  const head = Buffer.from('{"kind":"Addon","apiVersion":"v3","padding":"');
  const chunk = Buffer.alloc(64 * 1024, "x");
  const total = bytes ?? Number.POSITIVE_INFINITY;
  res.writeHead(200, {
    "content-type": "application/json",
    "x-request-id": requestId,
    ...(bytes === undefined ? {} : { "content-length": String(bytes) }),
  });
  let sent = 0;
  entry.bodyBytesSent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      const next = sent === 0 ? head : chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += next.length;
      entry.bodyBytesSent = sent;
      if (!res.write(next)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on("close", () => res.removeAllListeners("drain"));
  pump();
}

/** The List, Show, Rollback and cluster list routes; anything else is not an API of this service. */
function matchRoute(method: string, rawPath: string): Route | undefined {
  if (rawPath === LIST_PATH && method === "GET") return { op: "list" };
  const clusters = CLUSTERS_PATH.exec(rawPath);
  if (clusters?.[1] !== undefined && method === "GET") return { op: "clusters", projectId: decodeSegment(clusters[1]) };
  const show = SHOW_PATH.exec(rawPath);
  if (show?.[1] !== undefined && method === "GET") return { op: "show", id: decodeSegment(show[1]) };
  const rollback = ROLLBACK_PATH.exec(rawPath);
  if (rollback?.[1] !== undefined && method === "POST") return { op: "rollback", id: decodeSegment(rollback[1]) };
  return undefined;
}

function recordAuth(entry: RequestLogEntry, auth: AuthResult): void {
  entry.auth = auth.kind;
  switch (auth.kind) {
    case "aksk":
      entry.accessKey = auth.accessKey;
      entry.signedHeaders = auth.signedHeaders;
      break;
    case "rejected":
      if (auth.accessKey !== undefined) entry.accessKey = auth.accessKey;
      entry.authError = auth.detail;
      break;
    case "none":
    case "token":
      break;
  }
}

type RollbackBody = { ok: true; clusterId: string } | { ok: false; message: string };

const EXPECTED_BODY = 'expected {"clusterID": "<cluster id>"}';

/**
 * Checks the rollback body: a JSON object with exactly one key, `clusterID`, a non-empty string. Whitespace around
 * the JSON is fine (the GO SDK's encoder appends a newline). Extra keys are refused to catch client typos such as
 * `cluster_id` next to `clusterID`; the real service's tolerance is unknown.
 */
function parseRollbackBody(body: Buffer): RollbackBody {
  const text = body.toString("utf8");
  if (text.trim() === "") return { ok: false, message: `request body is empty, ${EXPECTED_BODY}` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `request body is not valid JSON, ${EXPECTED_BODY}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: `request body is not a JSON object, ${EXPECTED_BODY}` };
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => k !== "clusterID");
  if (extra.length > 0) return { ok: false, message: `unknown field(s) ${extra.join(", ")}, ${EXPECTED_BODY}` };
  const clusterId = record["clusterID"];
  if (typeof clusterId !== "string" || clusterId === "") {
    return { ok: false, message: `clusterID is missing or not a non-empty string, ${EXPECTED_BODY}` };
  }
  return { ok: true, clusterId };
}

function mediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return value;
}
