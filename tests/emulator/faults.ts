/**
 * Fault injection for the emulator: scripted failures per request, and stale reads after a rollback.
 *
 * A rule fires on the next requests that match it (`times`, default 1) and is used up afterwards; rules are tried
 * in the order they were added. Faults are applied after routing, authentication and the rate limit (`./ratelimit`),
 * like a gateway that throttles identified callers (the message "policy user over ratelimit" names a user); a
 * request the rate limit refused uses up no rule.
 * @internal
 */
import { z } from "zod";
import { GATEWAY_CODES, THROTTLING_MESSAGE, cceErrorForStatus, gatewayError } from "./bodies";
import { type AddonJson, apiTimestamp } from "./model";

/**
 * What happens to a matching request.
 *
 * - `status`: answer this HTTP status instead of processing the request. The default body is the gateway throttling
 *   body for 429 and a CCE `Status` body otherwise; `body` replaces it verbatim; `retryAfter` sets `Retry-After`.
 * - `reset`: destroy the socket without answering.
 * - `delay`: process the request normally (state changes at arrival) and answer `ms` later.
 * - `malformed-json`: process the request normally and answer with the body cut in half.
 * - `hang`: accept the request and never answer (the socket stays open until the client or `close` ends it).
 * - `huge-body`: answer 200 and stream a body of `bytes` bytes (endless when absent), at the pace the client reads
 *   it; the log entry's `bodyBytesSent` says how far it got.
 * - `status` with `location`: also sends that `Location` header (a redirect).
 *
 * Extension: `afterProcessing: true` on `status` and `reset` processes the request first (a rollback is accepted)
 * and then fails the answer, the ambiguous case in which a client must re-read before retrying a POST.
 * @internal
 */
export type Fault =
  | {
      kind: "status";
      status: number;
      retryAfter?: string;
      location?: string;
      body?: string;
      afterProcessing?: boolean;
    }
  | { kind: "reset"; afterProcessing?: boolean }
  | { kind: "delay"; ms: number }
  | { kind: "malformed-json" }
  | { kind: "hang"; afterProcessing?: boolean }
  | { kind: "huge-body"; bytes?: number };

/** Which requests a rule applies to; an absent field matches everything. @internal */
export interface FaultMatch {
  /** Case-insensitive HTTP method. */
  method?: string;
  /** Substring of the request path (without the query). */
  pathIncludes?: string;
}

/** One fault injection rule. @internal */
export interface FaultRule {
  match?: FaultMatch;
  /** How many matching requests it affects; default 1. `Infinity` keeps it until {@link FaultPlan.clear}. */
  times?: number;
  fault: Fault;
}

const FaultSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("status"),
    status: z.number().int().min(100).max(599),
    retryAfter: z.string().optional(),
    location: z.string().optional(),
    body: z.string().optional(),
    afterProcessing: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal("reset"), afterProcessing: z.boolean().optional() }),
  z.strictObject({ kind: z.literal("delay"), ms: z.number().int().nonnegative().max(600_000) }),
  z.strictObject({ kind: z.literal("malformed-json") }),
  z.strictObject({ kind: z.literal("hang"), afterProcessing: z.boolean().optional() }),
  z.strictObject({ kind: z.literal("huge-body"), bytes: z.number().int().positive().optional() }),
]);

/** Validates rules that come from JSON (CLI `--faults` files, `POST /__emulator/faults`). @internal */
export const FaultRuleSchema = z.strictObject({
  match: z.strictObject({ method: z.string().optional(), pathIncludes: z.string().optional() }).optional(),
  times: z.union([z.number().int().positive(), z.literal(Infinity)]).optional(),
  fault: FaultSchema,
});

/**
 * Checks one rule or an array of rules.
 * @param input - untrusted JSON.
 * @returns the rules, in order.
 * @throws Error naming the offending fields.
 * @internal
 */
export function parseFaultRules(input: unknown): FaultRule[] {
  // Parsed separately rather than as a union so that the error names the field at fault, not just "invalid input".
  const parsed = Array.isArray(input) ? z.array(FaultRuleSchema).safeParse(input) : FaultRuleSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid fault rule: ${z.prettifyError(parsed.error)}`);
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data];
}

/**
 * A short description of a fault for the request log, e.g. `status 429`, `reset`, `delay 500ms`.
 * @internal
 */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "status":
      return `status ${fault.status}${fault.afterProcessing ? " after processing" : ""}`;
    case "reset":
      return `reset${fault.afterProcessing ? " after processing" : ""}`;
    case "delay":
      return `delay ${fault.ms}ms`;
    case "malformed-json":
      return "malformed-json";
    case "hang":
      return `hang${fault.afterProcessing ? " after processing" : ""}`;
    case "huge-body":
      return `huge-body ${fault.bytes ?? "endless"}`;
  }
}

/**
 * Whether the request is processed (state may change) before the fault applies.
 * @internal
 */
export function processesRequest(fault: Fault): boolean {
  switch (fault.kind) {
    case "status":
    case "reset":
    case "hang":
      return fault.afterProcessing === true;
    case "delay":
    case "malformed-json":
      return true;
    case "huge-body":
      return false;
  }
}

/** The answer an injected `status` fault sends. @internal */
export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Builds the answer of a `status` fault.
 * @param fault - the fault.
 * @param requestId - the `X-Request-Id` of the answer, repeated in gateway bodies.
 * @internal
 */
export function statusFaultAnswer(fault: Extract<Fault, { kind: "status" }>, requestId: string): FaultAnswer {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
  if (fault.location !== undefined) headers["location"] = fault.location;
  const body =
    fault.body ??
    (fault.status === 429
      ? gatewayError(GATEWAY_CODES.throttled, THROTTLING_MESSAGE, requestId)
      : cceErrorForStatus(fault.status, `injected fault: HTTP ${fault.status}`));
  return { status: fault.status, headers, body };
}

/**
 * Corrupts a JSON body so that `JSON.parse` fails: it keeps the first half, as if the upstream had cut the answer.
 * @internal
 */
export function malformJson(body: string): string {
  const cut = body.slice(0, Math.floor(body.length / 2));
  // A body of one or two characters would cut to "" or "{"; make sure the result is never valid JSON.
  return cut.length > 1 ? cut : '{"kind":';
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/** The rules waiting to fire. @internal */
export class FaultPlan {
  private rules: ActiveRule[] = [];

  /** Adds rules after the existing ones. @throws Error on an invalid rule. */
  add(...rules: FaultRule[]): void {
    for (const rule of rules) {
      const [valid] = parseFaultRules(rule);
      if (valid === undefined) continue;
      this.rules.push({ rule: valid, remaining: valid.times ?? 1 });
    }
  }

  /** Drops every rule. */
  clear(): void {
    this.rules = [];
  }

  /** How many rules still have uses left. */
  get size(): number {
    return this.rules.length;
  }

  /**
   * Takes one use of the first rule that matches.
   * @param method - request method.
   * @param path - request path without the query.
   * @returns the fault to apply, or `undefined`.
   */
  take(method: string, path: string): Fault | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule.match, method, path));
    const active = this.rules[index];
    if (active === undefined) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    return active.rule.fault;
  }
}

/**
 * Whether a request matches a filter (also used to count log entries).
 * @internal
 */
export function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (match === undefined) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.pathIncludes !== undefined && !path.includes(match.pathIncludes)) return false;
  return true;
}

/**
 * Stale reads: for a while after an accepted rollback, GETs of that instance still return the state from just
 * before it, as an eventually consistent read path can: the old status and the old version, but not a byte-for-byte
 * copy of an earlier answer. Each stale read carries the time it was served (at least a second past the snapshot) as
 * `metadata.updateTimestamp`, as a replica that touched the object since would, so only the version can tell it
 * from a finished rollback. This is the race a waiter must not mistake for success (the status still reads `running` right after the POST).
 * @internal
 */
export class StaleReads {
  private readonly snapshots = new Map<string, { json: AddonJson; untilMs: number }>();

  /**
   * Serves `json` for reads of `id` until `untilMs` (exclusive).
   * @param id - instance ID.
   * @param json - the pre-rollback snapshot.
   * @param untilMs - end of the window, on the emulator's clock.
   */
  remember(id: string, json: AddonJson, untilMs: number): void {
    this.snapshots.set(id, { json, untilMs });
  }

  /**
   * The stale snapshot to serve, if the window is still open.
   * @param id - instance ID.
   * @param nowMs - the emulator's time.
   */
  read(id: string, nowMs: number): AddonJson | undefined {
    const entry = this.snapshots.get(id);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.untilMs) {
      this.snapshots.delete(id);
      return undefined;
    }
    // Timestamps have whole seconds: at least one second past the snapshot, so that it always differs from it.
    const stampMs = Math.max(nowMs, Date.parse(entry.json.metadata.updateTimestamp) + 1000);
    return { ...entry.json, metadata: { ...entry.json.metadata, updateTimestamp: apiTimestamp(stampMs) } };
  }

  /** Ends the window for `id` (the instance was patched or removed). */
  forget(id: string): void {
    this.snapshots.delete(id);
  }
}
