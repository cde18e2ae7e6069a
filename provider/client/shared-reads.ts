import type { Deadline } from "../deadline";
import { cancellationOf } from "../deadline";
import { CceTimeoutError } from "./errors";
import type { RequestBudget, Urgency } from "./request-budget";
import type { AddonInstance } from "./schemas";

/** The two reads of a cluster's add-ons, as the transport sends them. @internal */
export interface ClusterReadRequests {
  /** `GET /autopilot/v3/addons/{id}?cluster_id=...`. */
  show(clusterId: string, addonId: string, how: ReadHow): Promise<AddonInstance>;
  /** `GET /autopilot/v3/addons?cluster_id=...`. */
  list(clusterId: string, how: ReadHow): Promise<AddonInstance[]>;
}

/** How one read is sent. @internal */
export interface ReadHow {
  deadline: Deadline | undefined;
  urgency: Urgency | (() => Urgency);
  /** Its first attempt's place in the request budget is already taken. */
  prepaid: boolean;
}

/** What a read that several callers share found. */
type Observation = { kind: "one"; addon: AddonInstance } | { kind: "all"; addons: AddonInstance[] };

/** A read of one cluster that callers may still join: it waits for the request budget. */
interface Batch {
  clusterId: string;
  addonIds: Set<string>;
  /** Someone wants the whole list (a lookup by name). */
  wantsAll: boolean;
  urgency: Urgency;
  /** The callers still waiting for it, with their deadlines. */
  callers: Set<Deadline | undefined>;
  /** Gives up the place in the request budget once every caller has given up. */
  abandon: AbortController;
  /** Once sent: the deadline the request was sent with (the transport ends it there, in its own words). */
  sentWith?: Deadline | undefined;
  sent: boolean;
  observation: Promise<Observation>;
}

/**
 * Reads of add-ons that callers of one cluster share, so that a fleet's read cost grows with its clusters, not its
 * add-ons (as Kubernetes' shared informers serve every controller of a process from one list).
 *
 * A read waits for the request budget; while it waits, every other read of the same cluster joins it. When its turn
 * comes it is sent as a read of the one add-on asked for (exactly the request a lone caller always made), or as one
 * list of the cluster's add-ons when several were asked for, or the list itself. A caller joins only a read not yet
 * sent, so what it gets was observed after it asked: a wait that started after its rollback was accepted never gets
 * an older answer than it would have read itself. An add-on missing from a list is read on its own, so that "not
 * found" is said by the same request and in the same words as before.
 * @internal
 */
export class SharedClusterReads {
  private readonly waiting = new Map<string, Batch>();

  constructor(
    private readonly budget: RequestBudget,
    private readonly requests: ClusterReadRequests,
  ) {}

  /** The add-on `addonId` of `clusterId`, read no earlier than now. */
  async addon(
    clusterId: string,
    addonId: string,
    deadline: Deadline | undefined,
    urgency: Urgency,
  ): Promise<AddonInstance> {
    const observation = await this.join(clusterId, { addonId }, deadline, urgency);
    if (observation.kind === "one") return observation.addon;
    const found = observation.addons.find((a) => a.id === addonId);
    if (found) return found;
    // Not in the list: its own read says whether it is gone (404) or the list was behind.
    return this.requests.show(clusterId, addonId, { deadline, urgency, prepaid: false });
  }

  /** Every add-on of `clusterId`, read no earlier than now. */
  async all(clusterId: string, deadline: Deadline | undefined, urgency: Urgency): Promise<AddonInstance[]> {
    const observation = await this.join(clusterId, "all", deadline, urgency);
    if (observation.kind === "all") return observation.addons;
    return [observation.addon];
  }

  /** How many clusters have a read waiting for its turn (for tests). */
  get pending(): number {
    return this.waiting.size;
  }

  private join(
    clusterId: string,
    want: { addonId: string } | "all",
    deadline: Deadline | undefined,
    urgency: Urgency,
  ): Promise<Observation> {
    const batch = this.waiting.get(clusterId) ?? this.open(clusterId);
    if (want === "all") batch.wantsAll = true;
    else batch.addonIds.add(want.addonId);
    if (urgency === "foreground") batch.urgency = "foreground";
    batch.callers.add(deadline);
    const leave = () => {
      batch.callers.delete(deadline);
      if (batch.callers.size > 0) return;
      // Abandoned: a caller that comes next, even in this same turn, starts a read of its own instead of joining.
      if (this.waiting.get(clusterId) === batch) this.waiting.delete(clusterId);
      batch.abandon.abort(new Error("no caller waits for this read any more"));
    };
    // A caller whose deadline the request was sent with hears of its end from the transport, as a lone read would.
    const endsOnItsOwn = () => batch.sent && batch.sentWith === deadline;
    return untilAborted(batch.observation, deadline, leave, endsOnItsOwn);
  }

  private open(clusterId: string): Batch {
    const batch: Batch = {
      clusterId,
      addonIds: new Set(),
      wantsAll: false,
      urgency: "background",
      callers: new Set(),
      abandon: new AbortController(),
      sent: false,
      observation: Promise.resolve({ kind: "all", addons: [] }),
    };
    this.waiting.set(clusterId, batch);
    batch.observation = this.send(batch);
    // Every caller gets the outcome through untilAborted; this copy must not count as unhandled.
    batch.observation.catch(() => undefined);
    return batch;
  }

  private async send(batch: Batch): Promise<Observation> {
    try {
      await this.budget.take(() => batch.urgency, batch.abandon.signal);
    } finally {
      // Sent (or abandoned): later callers start a read of their own.
      if (this.waiting.get(batch.clusterId) === batch) this.waiting.delete(batch.clusterId);
    }
    batch.sent = true;
    batch.sentWith = latest(batch.callers);
    const how: ReadHow = { deadline: batch.sentWith, urgency: () => batch.urgency, prepaid: true };
    const [only] = batch.addonIds;
    if (!batch.wantsAll && batch.addonIds.size === 1 && only !== undefined) {
      return { kind: "one", addon: await this.requests.show(batch.clusterId, only, how) };
    }
    return { kind: "all", addons: await this.requests.list(batch.clusterId, how) };
  }
}

/** The deadline that ends last: the shared read must serve its most patient caller. None: the read's own budget. */
function latest(deadlines: Set<Deadline | undefined>): Deadline | undefined {
  let last: Deadline | undefined;
  for (const d of deadlines) {
    if (d === undefined) return undefined;
    if (last === undefined || d.atMs > last.atMs) last = d;
  }
  return last;
}

/**
 * The shared read's outcome for one caller, or this caller's own end: its deadline (a timeout naming it) or its
 * cancellation. Either way the caller leaves the read, which goes on for the others.
 * @param endsOnItsOwn - true when the read in flight is cut at this caller's deadline anyway.
 */
function untilAborted<T>(
  shared: Promise<T>,
  deadline: Deadline | undefined,
  leave: () => void,
  endsOnItsOwn: () => boolean,
): Promise<T> {
  const signal = deadline?.signal;
  if (!signal) return shared.finally(leave);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if (!deadline.cancelled && endsOnItsOwn()) return;
      signal.removeEventListener("abort", onAbort);
      leave();
      if (deadline.cancelled) return reject(cancellationOf(deadline.cancel!));
      reject(
        new CceTimeoutError(
          `GET /autopilot/v3/addons: ${deadline.label} ran out before the read was answered; last seen: waiting ` +
            "for the request budget",
          { timeoutMs: deadline.budgetMs, scope: "deadline", lastSeen: "waiting for the request budget" },
        ),
      );
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort);
    shared.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        leave();
        resolve(value);
      },
      (err: Error) => {
        signal.removeEventListener("abort", onAbort);
        leave();
        reject(err);
      },
    );
  });
}
