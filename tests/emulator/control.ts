/**
 * The emulator's unauthenticated control API under `/__emulator/`, for the standalone mode (CLI, demo): the same
 * operations the {@link Emulator} object offers to in-process tests. Its requests are not part of the request log.
 *
 * - `GET /__emulator/requests`: the request log.
 * - `DELETE /__emulator/log`: clears the log.
 * - `GET /__emulator/addons`: every instance, as the API would show it.
 * - `POST /__emulator/addons`: adds a seed (or an array of seeds).
 * - `PATCH /__emulator/addons/{id}`: an out-of-band change ({@link AddonPatch}).
 * - `DELETE /__emulator/addons/{id}`: removes an instance.
 * - `GET /__emulator/clusters`: every cluster, as the cluster list shows it with `detail=true`.
 * - `POST /__emulator/clusters`: adds a cluster seed (or an array of seeds).
 * - `POST /__emulator/faults`: adds a fault rule (or an array of rules).
 * - `DELETE /__emulator/faults`: drops every pending rule.
 * @internal
 */
import { z } from "zod";
import { parseFaultRules, type FaultRule } from "./faults";
import { parseClusterSeed, type ClusterJson, type ClusterSeed } from "./clusters";
import { AddonPatchSchema, parseSeed, type AddonJson, type AddonPatch, type AddonSeed } from "./model";
import type { RequestLogEntry } from "./server";

/** Path prefix of the control API. @internal */
export const CONTROL_PREFIX = "/__emulator";

/** What the control API acts on (implemented by the emulator). @internal */
export interface ControlTarget {
  readonly requests: readonly RequestLogEntry[];
  addons(): AddonJson[];
  addon(id: string): AddonJson | undefined;
  addAddon(seed: AddonSeed): void;
  patchAddon(id: string, patch: AddonPatch): void;
  removeAddon(id: string): void;
  clusters(): ClusterJson[];
  cluster(id: string): ClusterJson | undefined;
  addCluster(seed: ClusterSeed): void;
  injectFaults(...rules: FaultRule[]): void;
  clearFaults(): void;
  clearLog(): void;
  pendingFaults(): number;
}

/** A control API answer. @internal */
export interface ControlAnswer {
  status: number;
  /** JSON text, or empty for 204. */
  body: string;
}

/**
 * Whether a path belongs to the control API.
 * @internal
 */
export function isControlPath(rawPath: string): boolean {
  return rawPath === CONTROL_PREFIX || rawPath.startsWith(`${CONTROL_PREFIX}/`);
}

/**
 * Handles one control request. Never throws: bad input is a 4xx answer.
 * @param method - HTTP method.
 * @param rawPath - path as received.
 * @param body - raw body.
 * @param target - the emulator.
 * @internal
 */
export function handleControl(method: string, rawPath: string, body: Buffer, target: ControlTarget): ControlAnswer {
  const path = rawPath.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  const addonPath = /^\/addons\/([^/]+)$/.exec(path);
  const route = `${method.toUpperCase()} ${addonPath ? "/addons/{id}" : path}`;
  try {
    switch (route) {
      case "GET /requests":
        return ok(200, target.requests);
      case "DELETE /log":
        target.clearLog();
        return { status: 204, body: "" };
      case "GET /addons":
        return ok(200, target.addons());
      case "POST /addons": {
        const input = parseJson(body);
        const seeds = (Array.isArray(input) ? input : [input]).map(parseSeed);
        const duplicate = seeds.find((s) => target.addon(s.id) !== undefined);
        if (duplicate !== undefined) return problem(409, `addon instance ${duplicate.id} already exists`);
        for (const seed of seeds) target.addAddon(seed);
        const added = seeds.map((s) => target.addon(s.id));
        return ok(201, Array.isArray(input) ? added : added[0]);
      }
      case "GET /clusters":
        return ok(200, target.clusters());
      case "POST /clusters": {
        const input = parseJson(body);
        const seeds = (Array.isArray(input) ? input : [input]).map(parseClusterSeed);
        const duplicate = seeds.find(
          (s, i) => target.cluster(s.id) !== undefined || seeds.findIndex((t) => t.id === s.id) !== i,
        );
        if (duplicate !== undefined) return problem(409, `cluster ${duplicate.id} already exists`);
        for (const seed of seeds) target.addCluster(seed);
        const added = seeds.map((s) => target.cluster(s.id));
        return ok(201, Array.isArray(input) ? added : added[0]);
      }
      case "PATCH /addons/{id}":
      case "DELETE /addons/{id}": {
        const id = decodeSegment(addonPath?.[1] ?? "");
        if (target.addon(id) === undefined) return problem(404, `addon instance ${id} not found`);
        if (method.toUpperCase() === "DELETE") {
          target.removeAddon(id);
          return { status: 204, body: "" };
        }
        const patch = AddonPatchSchema.safeParse(parseJson(body));
        if (!patch.success) return problem(400, `invalid add-on patch: ${z.prettifyError(patch.error)}`);
        target.patchAddon(id, patch.data);
        return ok(200, target.addon(id));
      }
      case "POST /faults":
        target.injectFaults(...parseFaultRules(parseJson(body)));
        return ok(201, { pending: target.pendingFaults() });
      case "DELETE /faults":
        target.clearFaults();
        return { status: 204, body: "" };
      default:
        return problem(404, `no control route ${method} ${rawPath}`);
    }
  } catch (err) {
    return problem(400, err instanceof Error ? err.message : String(err));
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new Error("request body is not valid JSON");
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function ok(status: number, value: unknown): ControlAnswer {
  return { status, body: JSON.stringify(value) };
}

function problem(status: number, message: string): ControlAnswer {
  return { status, body: JSON.stringify({ error: message }) };
}
