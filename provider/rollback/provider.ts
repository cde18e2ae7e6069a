import { createHash } from "node:crypto";
import { type ConfigLookup, resolveConnection } from "../auth/connection";
import { redact } from "../auth/redact";
import { CceAutopilotClient } from "../client/client";
import { isCceApiError } from "../client/errors";
import { type Clock, systemClock } from "../clock";
import { findAddonInstance } from "../waiter/addon";
import { isAddonNotFoundError, isRollbackNotAllowedError } from "../waiter/errors";
import type { PollSchedule } from "../waiter/waiter";
import { type RollbackOutputs, createRollback } from "./create";
import { diffInputs } from "./diff";
import { RollbackInitError, RollbackRequestError } from "./errors";
import { type CheckFailure, INPUT_NAMES, type RollbackInputs, RollbackInputsSchema, checkInputs } from "./inputs";

/** What the implementation takes from its surroundings; tests inject a clock and an environment. @internal */
export interface ProviderEnvironment {
  clock?: Clock;
  random?: () => number;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
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
  private readonly clients = new Map<string, CceAutopilotClient>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly env: Record<string, string | undefined>;
  private readonly log: (line: string) => void;

  constructor(private readonly environment: ProviderEnvironment = {}) {
    this.clock = environment.clock ?? systemClock;
    this.random = environment.random ?? Math.random;
    this.env = environment.env ?? process.env;
    // Provider stdout reaches the Pulumi CLI as an info diagnostic (Pulumi >= 3.146).
    this.log = environment.log ?? ((line) => console.log(line));
  }

  /** Receives the stack config once per provider process; credentials stay in memory, never in state. */
  configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    this.config = (key) => req.config.get(key);
    return Promise.resolve();
  }

  check(_olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    return Promise.resolve(checkInputs(news));
  }

  diff(
    _id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    return Promise.resolve(diffInputs(olds, news));
  }

  async create(props: Props): Promise<{ id: string; outs: RollbackOutputs }> {
    const inputs = parseInputs(props);
    try {
      return await createRollback(
        inputs,
        {
          client: this.clientFor(inputs),
          clock: this.clock,
          random: this.random,
          log: this.log,
          ...(this.environment.schedule ? { schedule: this.environment.schedule } : {}),
          ...(this.environment.reconcileWindowMs ? { reconcileWindowMs: this.environment.reconcileWindowMs } : {}),
        },
        props.__provider === undefined ? {} : { __provider: props.__provider },
      );
    } catch (err) {
      throw this.describe(err, `rolling back CCE Autopilot add-on ${inputs.addonId} in cluster ${inputs.clusterId}`);
    }
  }

  /**
   * Refresh: updates what is observed now (status, current version, name). A finished rollback is history, so
   * the resource never disappears, even when the add-on has changed or is gone: a later `up` must not roll back
   * again just because the add-on changed.
   */
  async read(id: string, props: Props = {}): Promise<{ id: string; props: Props }> {
    const inputs = parseInputs(props);
    try {
      const addon = await findAddonInstance(this.clientFor(inputs), inputs.clusterId, inputs.addonId);
      return {
        id,
        props: {
          ...props,
          status: addon.status,
          currentVersion: addon.currentVersion,
          addonName: addon.name || props.addonName,
        },
      };
    } catch (err) {
      if (isAddonNotFoundError(err)) {
        this.log(`CCE Autopilot add-on ${inputs.addonId}: no longer exists; the rollback record is kept`);
        return { id, props: { ...props, status: "notFound" } };
      }
      throw this.describe(err, `reading CCE Autopilot add-on ${inputs.addonId} in cluster ${inputs.clusterId}`);
    }
  }

  /** Inputs other than what to roll back changed: record them; nothing to do in the cloud. */
  update(_id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const outs: Props = { ...olds };
    for (const key of INPUT_NAMES) {
      if (news[key] === undefined) delete outs[key];
      else outs[key] = news[key];
    }
    return Promise.resolve({ outs });
  }

  /** A rollback cannot be undone by deleting its record: delete only removes the resource from the stack. */
  delete(_id?: string, _props?: Props): Promise<void> {
    return Promise.resolve();
  }

  /** Closes pooled connections (tests and benchmarks; the provider process simply exits). */
  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }

  private clientFor(inputs: {
    region?: string | undefined;
    endpoint?: string | undefined;
    projectId?: string | undefined;
  }) {
    const connection = resolveConnection(inputs, this.config, this.env);
    // One pooled client per distinct connection; the key is a hash so that no secret is kept as a map key.
    const key = createHash("sha256")
      .update(JSON.stringify([connection.endpoint.href, connection.projectId, connection.auth]))
      .digest("hex");
    let client = this.clients.get(key);
    if (!client) {
      client = new CceAutopilotClient({ connection, clock: this.clock, random: this.random, log: this.log });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Adds context and a hint to an error, and removes any credential from its text. */
  private describe(err: unknown, context: string): Error {
    if (err instanceof RollbackInitError) return err;
    const secrets = this.knownSecrets();
    const message = redact((err as Error)?.message ?? String(err), secrets);
    if (isRollbackNotAllowedError(err) || isAddonNotFoundError(err) || err instanceof RollbackRequestError) {
      return new Error(message, { cause: err });
    }
    let hint = "";
    if (isCceApiError(err) && err.status === 401) {
      hint =
        " Check the credentials (huaweicloud:accessKey/secretKey or HW_ACCESS_KEY/HW_SECRET_KEY) and the machine's clock; " +
        "the API gateway locks an access key for 5 minutes after repeated signature failures.";
    } else if (isCceApiError(err) && err.status === 403) {
      hint =
        " The credentials lack the IAM permission cce:addonInstance:rollback or cce:addonInstance:get for this cluster.";
    }
    return new Error(`${context}: ${message}${hint}`, { cause: err });
  }

  private knownSecrets(): string[] {
    const keys = ["huaweicloud:secretKey", "huaweicloud:securityToken", "huaweicloud:token", "huaweicloud:accessKey"];
    const envKeys = [
      "HW_SECRET_KEY",
      "HW_SECURITY_TOKEN",
      "HW_AUTH_TOKEN",
      "HUAWEICLOUD_SDK_SK",
      "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    ];
    return [...keys.map((k) => this.config(k)), ...envKeys.map((k) => this.env[k])].filter((v): v is string => !!v);
  }
}

/** The inputs of a known-valid resource (check ran before); a clear error if the state holds something else. */
function parseInputs(props: Props): RollbackInputs {
  const parsed = RollbackInputsSchema.safeParse(pickInputs(props));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(inputs)"}: ${i.message}`).join("; ");
  throw new Error(`invalid AddonVersionRollback inputs: ${problems}`);
}

function pickInputs(props: Props): Props {
  return Object.fromEntries(
    INPUT_NAMES.filter((k) => props[k] !== undefined && props[k] !== null).map((k) => [k, props[k]]),
  );
}
