import { isAddonNameError, isAddonNotFoundError } from "../addon/errors";
import { parseReadArgs } from "../addon/read-args";
import { type FleetResult, findAddonAcrossClusters } from "../addon/fleet";
import { parseFleetArgs } from "../addon/fleet-args";
import type { AddonInstance } from "../client/schemas";
import { findAddonByIdOrName, findAddonByName, lookupAddon } from "../addon/find";
import type { CceAutopilotClient } from "../client/client";
import { ClientPool } from "../client/pool";
import { isConnectionConfigError } from "../connection/errors";
import { type ConfigLookup, DYNAMIC_DOOR, type FrontDoor } from "../connection/front-doors";
import { type Connection, resolveConnection, secretValues } from "../connection/resolve";
import { redact } from "../auth/redact";
import { Deadline, isOperationCancelled } from "../deadline";
import { type Runtime, makeRuntime } from "../runtime";
import type { PollSchedule } from "../waiter/waiter";
import { operationBudget } from "./budget";
import { type ResolvedInputs, createRollback, recordId } from "./create";
import { importedRecord, parseImportId } from "./import";
import { finishRollback } from "./finish";
import { diffInputs } from "./diff";
import { isRollbackNotAllowedError } from "./errors";
import { explainError } from "./explain-error";
import {
  type CheckFailure,
  type RollbackInputs,
  ADDON_SELECTORS,
  checkInputs,
  containsUnknown,
  parseInputs,
  pickConnectionInputs,
} from "./inputs";
import { OneAtATime } from "./one-at-a-time";
import { type RollbackOutcome, type RollbackOutputs, UNFINISHED_OUTCOMES } from "./outputs";
import { type PlannedOutputs, planPreview } from "./preview";
import { INPUT_NAMES } from "./properties";

/**
 * How long a refresh may take. Reading is one request (with its retries); the rollback's own timeoutSeconds is
 * for waiting on a rollback and may be hours.
 * @internal
 */
export const READ_TIMEOUT_MS = 120_000;

/**
 * How long a preview may spend reading the add-on: a preview is a look, and an API that does not answer by then
 * leaves the planned versions unknown (with a warning) rather than holding the preview up.
 * @internal
 */
export const PREVIEW_TIMEOUT_MS = 30_000;

/** What the engine adds to a create or an update besides the inputs. @internal */
export interface OperationOptions {
  /** Aborts when the engine cancels the operation (Ctrl-C), with an OperationCancelledError as its reason. */
  cancel?: AbortSignal;
  /** The program's `customTimeouts` for this operation, in seconds (0 or absent: none). */
  timeoutSeconds?: number;
}

/** What a preview of a create found: the planned outputs, or why they stay unknown. @internal */
export type PreviewResult = { planned: PlannedOutputs } | { planned: undefined; warning?: string };

/** What the implementation takes from its surroundings; tests inject a clock and an environment. @internal */
export interface ProviderEnvironment {
  /** Time, jitter and progress lines; by default the real clock, and lines on stdout (a dynamic provider's). */
  runtime?: Runtime;
  env?: Record<string, string | undefined>;
  /** How stack config names the settings: `huaweicloud:*` (the default, the dynamic provider) or the plugin's. */
  door?: FrontDoor;
  schedule?: Partial<PollSchedule>;
  reconcileWindowMs?: number;
}

type Props = Record<string, unknown>;

/**
 * The AddonVersionRollback resource provider. One instance per provider process; the serialized provider in
 * each resource's state is only a stub that calls into this (see provider/index.ts).
 * @internal
 */
export class RollbackProviderImplementation {
  private config: ConfigLookup = () => undefined;
  /** One rollback per add-on at a time in this process (see OneAtATime). */
  private readonly rollbacks = new OneAtATime();
  private readonly runtime: Runtime;
  private readonly clients: ClientPool;
  private readonly env: Record<string, string | undefined>;
  private readonly door: FrontDoor;

  constructor(private readonly environment: ProviderEnvironment = {}) {
    // Provider stdout reaches the Pulumi CLI as an info diagnostic (Pulumi >= 3.146).
    this.runtime = environment.runtime ?? makeRuntime({ log: (line) => console.log(line) });
    this.clients = new ClientPool(this.runtime);
    this.env = environment.env ?? process.env;
    this.door = environment.door ?? DYNAMIC_DOOR;
  }

  private get log(): (line: string) => void {
    return this.runtime.log;
  }

  /** Receives the stack config once per provider process; credentials stay in memory, never in state. */
  configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    this.config = (key) => req.config.get(key);
    return Promise.resolve();
  }

  /**
   * Refuses, naming the field, whatever `create` would refuse without calling the cloud: malformed inputs, and an
   * endpoint, region, project, proxy or credential setting that is given wrong. Credentials that are simply absent
   * pass: an `up` with nothing to roll back, or a preview, must work where no secret is available.
   */
  check(_olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const checked = checkInputs(news);
    const connectionInputs = pickConnectionInputs(checked.inputs);
    if (checked.failures.length > 0 || connectionInputs === undefined) return Promise.resolve(checked);
    try {
      resolveConnection(connectionInputs, this.config, this.env, this.door);
    } catch (err) {
      if (!isConnectionConfigError(err)) throw err;
      if (!(err.setting === "credentials" && err.missing)) {
        const reason = redact(err.message, secretValues(this.config, this.env, this.door));
        return Promise.resolve({ inputs: checked.inputs, failures: [{ property: err.setting, reason }] });
      }
    }
    return Promise.resolve(checked);
  }

  diff(
    _id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: boolean; changed: string[]; replaces: string[]; deleteBeforeReplace: boolean }> {
    return Promise.resolve(diffInputs(olds, news));
  }

  async create(props: Props, options: OperationOptions = {}): Promise<{ id: string; outs: RollbackOutputs }> {
    const inputs = parseInputs(props);
    // One deadline for everything below: waiting for another rollback of the same add-on, the first read, the
    // POST, the reconcile window and the wait.
    const budget = operationBudget(inputs.timeoutSeconds, options.timeoutSeconds, "customTimeouts.create");
    const deadline = new Deadline(this.runtime.clock, budget.ms, budget.label, options.cancel);
    const what = `CCE Autopilot add-on ${inputs.addonId ?? inputs.addonName} in cluster ${inputs.clusterId}`;
    try {
      const { client, connection } = this.clientFor(inputs);
      const resolved = { ...inputs, addonId: inputs.addonId ?? (await this.resolve(client, inputs, deadline)) };
      const key = JSON.stringify([connection.endpoint.href, resolved.clusterId, resolved.addonId]);
      return await this.rollbacks.run(
        key,
        (queued) => this.rollBack(resolved, client, deadline, props.__provider, queued),
        {
          signal: deadline.signal,
          onQueued: () =>
            this.log(
              `${what}: another AddonVersionRollback in this deployment is rolling it back; waiting for it to ` +
                `finish before reading the add-on again (nothing is sent meanwhile)`,
            ),
        },
      );
    } catch (err) {
      if (isOperationCancelled(err)) {
        throw new Error(
          `rolling back ${what}: ${err.message}${/nothing was sent/.test(err.message) ? "" : "; no rollback was requested: nothing was sent"}. ` +
            "The next `pulumi up` starts over (it reads the add-on first).",
          { cause: err },
        );
      }
      if (deadline.signal.aborted && (err as Error)?.name === "TimeoutError") {
        throw new Error(
          `rolling back ${what}: ${deadline.label} ran out while another AddonVersionRollback of the same add-on ` +
            `was still running; nothing was sent for this one. Give the two resources different add-ons, or remove one.`,
          { cause: err },
        );
      }
      throw this.describe(err, `rolling back ${what}`);
    }
  }

  /**
   * What `create` would do, read only (a preview): finds the add-on and plans the rollback, sending nothing. Fails
   * as `up` would when the rollback would be refused; when the add-on cannot be read (no credentials, the API
   * unreachable) the planned outputs stay unknown and `warning` says why.
   */
  async preview(props: Props, options: Pick<OperationOptions, "cancel"> = {}): Promise<PreviewResult> {
    const known =
      pickConnectionInputs(props) !== undefined &&
      !["clusterId", ...ADDON_SELECTORS].some((key) => containsUnknown(props[key]));
    // An input computed by another resource: nothing to look up yet (the engine shows the outputs as unknown).
    if (!known) return { planned: undefined };
    const inputs = parseInputs(props);
    const what = `CCE Autopilot add-on ${inputs.addonId ?? inputs.addonName} in cluster ${inputs.clusterId}`;
    const deadline = new Deadline(
      this.runtime.clock,
      Math.min(PREVIEW_TIMEOUT_MS, inputs.timeoutSeconds * 1000),
      `the preview's ${PREVIEW_TIMEOUT_MS / 1000} s budget`,
      options.cancel,
    );
    let addon;
    try {
      const { client } = this.clientFor(inputs);
      addon = await lookupAddon(client, inputs.clusterId, inputs, deadline);
    } catch (err) {
      if (isAddonNotFoundError(err) || isAddonNameError(err) || isOperationCancelled(err)) {
        throw this.describe(err, `previewing the rollback of ${what}`);
      }
      const reason =
        isConnectionConfigError(err) && err.setting === "credentials" && err.missing
          ? "no credentials are configured"
          : this.describe(err, "reading it").message;
      return {
        planned: undefined,
        warning: `${what}: the planned versions are unknown: ${reason}. The preview goes on; \`pulumi up\` reads the add-on before it sends anything.`,
      };
    }
    const label = `CCE Autopilot add-on ${addon.name || addon.id} (${addon.id})`;
    try {
      const { planned, line } = planPreview(inputs, addon, label);
      this.log(line);
      return { planned };
    } catch (err) {
      throw this.describe(err, `previewing the rollback of ${what}`);
    }
  }

  /** The ID of the add-on named by `addonName`, with a progress line saying which one it is. */
  private async resolve(client: CceAutopilotClient, inputs: RollbackInputs, deadline: Deadline): Promise<string> {
    const addon = await findAddonByName(client, inputs.clusterId, inputs.addonName ?? "", deadline);
    this.log(
      `CCE Autopilot add-on "${inputs.addonName}" in cluster ${inputs.clusterId} is ${addon.templateName || addon.name} ` +
        `(ID ${addon.id}, ${addon.status} at ${addon.currentVersion})`,
    );
    return addon.id;
  }

  /** One rollback, once no other rollback of the same add-on is running in this process. */
  private async rollBack(
    inputs: ResolvedInputs,
    client: CceAutopilotClient,
    deadline: Deadline,
    providerText: unknown,
    queued: boolean,
  ): Promise<{ id: string; outs: RollbackOutputs }> {
    const { schedule, reconcileWindowMs } = this.environment;
    try {
      return await createRollback(
        inputs,
        {
          client,
          runtime: this.runtime,
          deadline,
          ...(schedule ? { schedule } : {}),
          ...(reconcileWindowMs ? { reconcileWindowMs } : {}),
        },
        providerText === undefined ? {} : { __provider: providerText },
      );
    } catch (err) {
      if (queued && isRollbackNotAllowedError(err)) {
        err.message = `another AddonVersionRollback in this deployment targets the same add-on and ran first; then: ${err.message}`;
      }
      throw err;
    }
  }

  /**
   * Refresh: updates what is observed now (status, current version, name). A finished rollback is history, so
   * the resource never disappears, even when the add-on has changed or is gone: a later `up` must not roll back
   * again just because the add-on changed.
   */
  async read(id: string, props: Props = {}): Promise<{ id: string; props: Props; inputs?: Props }> {
    if (props.clusterId === undefined) return this.importRollback(id);
    const inputs = parseInputs(props);
    const deadline = new Deadline(
      this.runtime.clock,
      READ_TIMEOUT_MS,
      `the refresh budget (${READ_TIMEOUT_MS / 1000} s)`,
    );
    const what = `CCE Autopilot add-on ${inputs.addonId ?? inputs.addonName} in cluster ${inputs.clusterId}`;
    try {
      const { client } = this.clientFor(inputs);
      // The add-on that was rolled back, by the ID recorded then; by name only in a state that has no ID.
      const addon = await lookupAddon(client, inputs.clusterId, inputs, deadline);
      const names = [addon.templateName, addon.name, addon.alias];
      return {
        id,
        props: {
          ...props,
          addonId: addon.id,
          status: addon.status,
          currentVersion: addon.currentVersion,
          // Kept while it is still one of the add-on's names (it may be the name a user addressed it by).
          addonName: names.includes(props.addonName as string) ? props.addonName : addon.name || props.addonName,
        },
      };
    } catch (err) {
      if (isAddonNotFoundError(err)) {
        this.log(`${what}: no longer exists; the rollback record is kept`);
        return { id, props: { ...props, status: "notFound" } };
      }
      throw this.describe(err, `reading ${what}`);
    }
  }

  /**
   * `pulumi import` (and `get()` in the SDKs): a read by an ID `<clusterId>/<addonId>` or
   * `<clusterId>/<add-on name>`, with no state; one list request, no rollback. The record gets an ID of its own.
   */
  private async importRollback(id: string): Promise<{ id: string; props: Props; inputs: Props }> {
    const named = parseImportId(id);
    if (!named) {
      throw new Error(
        `reading AddonVersionRollback ${id}: there is no recorded state to read it by. To import a rollback done ` +
          "elsewhere (or get() one in a program), give the ID as <clusterId>/<addonId> or <clusterId>/<add-on name>, " +
          'e.g. "c0ffee00-0000-0000-0000-000000000001/coredns"',
      );
    }
    const what = `CCE Autopilot add-on ${named.addon} in cluster ${named.clusterId}`;
    const deadline = new Deadline(
      this.runtime.clock,
      READ_TIMEOUT_MS,
      `the import's ${READ_TIMEOUT_MS / 1000} s budget`,
    );
    try {
      const { client } = this.clientFor({});
      const addon = await findAddonByIdOrName(client, named.clusterId, named.addon, deadline);
      const { inputs, outputs } = importedRecord(named.clusterId, addon);
      this.log(
        `${what} is ${addon.name || addon.id} (ID ${addon.id}): imported as it is, ${addon.status} at ${addon.currentVersion}`,
      );
      return { id: recordId(this.runtime.clock.now(), this.runtime.random), props: outputs, inputs };
    } catch (err) {
      throw this.describe(err, `importing ${what}`);
    }
  }

  /**
   * Inputs other than what to roll back changed: record them; nothing to do in the cloud. A record an earlier
   * run left unfinished (timed out, cancelled) is finished first: its rollback is waited for, with no request
   * but reads, and the record says how it ended. In a preview (`preview`), nothing is read or sent.
   */
  async update(
    id: string,
    olds: Props,
    news: Props,
    options: OperationOptions & { preview?: boolean } = {},
  ): Promise<{ outs: Props }> {
    const outs: Props = { ...olds };
    for (const key of INPUT_NAMES) {
      // addonId and addonName are also what the rollback recorded: a resource that names its add-on the other
      // way now keeps them.
      if (news[key] !== undefined) outs[key] = news[key];
      else if (!(ADDON_SELECTORS as readonly string[]).includes(key)) delete outs[key];
    }
    if (options.preview || !UNFINISHED_OUTCOMES.includes(olds.outcome as RollbackOutcome)) return { outs };
    const inputs = parseInputs(outs);
    const budget = operationBudget(inputs.timeoutSeconds, options.timeoutSeconds, "customTimeouts.update");
    const deadline = new Deadline(this.runtime.clock, budget.ms, budget.label, options.cancel);
    const { client } = this.clientFor(inputs);
    const { schedule } = this.environment;
    return {
      outs: await finishRollback(
        id,
        {
          clusterId: inputs.clusterId,
          addonId: String(olds.addonId),
          fromVersion: String(olds.fromVersion),
          toVersion: String(olds.toVersion),
          outcome: olds.outcome as RollbackOutcome,
          ...(inputs.acceptPartiallyReady !== undefined ? { acceptPartiallyReady: inputs.acceptPartiallyReady } : {}),
        },
        outs,
        { client, runtime: this.runtime, deadline, ...(schedule ? { schedule } : {}) },
      ),
    };
  }

  /**
   * getAddonInstance: reads an add-on, by ID or name, with this provider's settings; sends nothing but reads.
   * @throws TypeError or RangeError for arguments given wrong, naming them; the read's error otherwise.
   */
  async getAddonInstance(args: Props): Promise<AddonInstance> {
    const read = parseReadArgs(args);
    const what = `CCE Autopilot add-on ${read.addonId ?? read.addonName} in cluster ${read.clusterId}`;
    const deadline = new Deadline(
      this.runtime.clock,
      read.timeoutSeconds * 1000,
      `getAddonInstance's timeoutSeconds (${read.timeoutSeconds} s)`,
    );
    try {
      const { client } = this.clientFor(read);
      return await lookupAddon(client, read.clusterId, read, deadline);
    } catch (err) {
      throw this.describe(err, `getAddonInstance: reading ${what}`);
    }
  }

  /**
   * listAddonInstances: the add-on's instances across the project's clusters in the region (or the clusters named),
   * with this provider's settings; sends nothing but reads.
   * @throws TypeError or RangeError for arguments given wrong, naming them; the reads' errors otherwise.
   */
  async listAddonInstances(args: Props): Promise<FleetResult> {
    const fleet = parseFleetArgs(args);
    const deadline = new Deadline(
      this.runtime.clock,
      fleet.timeoutSeconds * 1000,
      `listAddonInstances's timeoutSeconds (${fleet.timeoutSeconds} s)`,
    );
    const context = `listAddonInstances: finding add-on ${fleet.query.addonName} in the project's clusters`;
    try {
      const { client, connection } = this.clientFor(fleet);
      return await findAddonAcrossClusters(client, connection.projectId, fleet.query, deadline, this.door);
    } catch (err) {
      throw this.describe(err, context);
    }
  }

  /** A rollback cannot be undone by deleting its record: delete only removes the resource from the stack. */
  delete(_id?: string, _props?: Props): Promise<void> {
    return Promise.resolve();
  }

  /** Closes pooled connections (tests and benchmarks; the provider process simply exits). */
  close(): Promise<void> {
    return this.clients.close();
  }

  private clientFor(inputs: Pick<RollbackInputs, "region" | "endpoint" | "projectId">): {
    client: CceAutopilotClient;
    connection: Connection;
  } {
    const connection = resolveConnection(inputs, this.config, this.env, this.door);
    return { client: this.clients.clientFor(connection), connection };
  }

  /** Adds context and a hint to an error, and removes any credential from its text. */
  private describe(err: unknown, context: string): Error {
    return explainError(err, context, { secrets: secretValues(this.config, this.env, this.door), door: this.door });
  }
}
