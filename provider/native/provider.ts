/**
 * The Pulumi provider of the native plugin, over the provider implementation the dynamic resource uses: same
 * inputs, outputs, defaults and behaviour. What the adapter adds is what differs for a plugin (see the references):
 * - secrets arrive wrapped, also nested: they are revealed before the implementation sees them, and every output
 *   whose input was secret is wrapped again (in check, create, read and update results, and in the properties of a
 *   partially created resource);
 * - progress lines go to the engine's Log RPC, under the resource's URN, in order, before the call answers;
 * - errors and lines hold no secret input (the implementation names the plugin's own config keys itself: it reads
 *   them through the plugin's front door).
 * The implementation is created on the first call, never at start-up: the engine also starts the plugin only to
 * read its schema, without config or credentials.
 * - a preview's create plans from the add-on as it is (the planned outputs, the others unknown) and sends nothing;
 * - the engine's timeout and cancellation reach the implementation.
 * The plugin's own gRPC server (server/) calls this; an error carrying `id`, `properties` and `reasons` becomes a
 * partially created resource there.
 */
import { redact } from "../auth/redact";
import { RollbackInitError, isRollbackInitError } from "../rollback/errors";
import type { RollbackProviderImplementation } from "../rollback/provider";
import type { CallLog } from "./engine-log";
import { FUNCTION_TOKEN, LIST_FUNCTION_TOKEN, PACKAGE_NAME, RESOURCE_TOKEN, resourceTypeOfUrn } from "./names";
import {
  type RevealedProps,
  UNKNOWN,
  concealProps,
  revealProps,
  secrecyChanges,
  secretKeysAfterUpdate,
} from "./secrets";

type Props = Record<string, unknown>;

/** What the adapter calls of the provider implementation: its resource methods, as the implementation types them. */
export type RollbackImplementation = Pick<
  RollbackProviderImplementation,
  "check" | "diff" | "create" | "preview" | "read" | "update" | "delete" | "getAddonInstance" | "listAddonInstances"
>;

/** What the engine says about a create or an update besides its inputs. */
export interface EngineOperation {
  /** A preview: read, never write. */
  preview: boolean;
  /** The program's customTimeouts for the operation, in seconds (0: none). */
  timeoutSeconds: number;
  /** Aborts when the engine cancels (Ctrl-C). */
  cancel: AbortSignal;
}

/** One input's change, as the engine's detailed diff shows it. */
export interface PropertyChange {
  kind: "add" | "delete" | "update";
  replace: boolean;
}

/** A diff, with what changed per input. */
export interface DiffAnswer {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, PropertyChange>;
}

/** What {@link NativeRollbackProvider} is made of. */
export interface NativeProviderOptions {
  /** The plugin's version (GetPluginInfo). */
  version: string;
  /** The schema text, built on the engine's first GetSchema. */
  schema: () => string | Promise<string>;
  /**
   * Creates the implementation; called once, on the first resource or function call, with the provider's settings
   * as Configure gave them (secrets revealed), or undefined when the engine sent no Configure.
   */
  implementation: (settings: Props | undefined) => RollbackImplementation | Promise<RollbackImplementation>;
  /** Checks the provider's settings (loaded on first use): the failures, each naming the setting. */
  checkSettings: (settings: Props) => Failure[] | Promise<Failure[]>;
  /** The settings that differ between two sets of provider inputs. */
  changedSettings: (olds: Props, news: Props) => string[] | Promise<string[]>;
  /** Where progress lines go. */
  log: CallLog;
  /** The input names (loaded on first use). */
  inputNames: () => readonly string[] | Promise<readonly string[]>;
  /** The names of the outputs a rollback observes (loaded on first use): unknown in a preview until planned. */
  observedNames: () => readonly string[] | Promise<readonly string[]>;
}

/** A provider setting or input given wrong, and why. */
type Failure = { property: string; reason: string };

/** The provider the plugin serves. */
export class NativeRollbackProvider {
  readonly version: string;
  private implementation: Promise<RollbackImplementation> | undefined;
  private schemaCache: Promise<string> | undefined;
  /** The provider's settings from Configure, secrets revealed; kept in memory only. */
  private settings: Props | undefined;
  /** The texts of the provider's secret settings, kept out of every message. */
  private settingSecrets: string[] = [];

  constructor(private readonly options: NativeProviderOptions) {
    this.version = options.version;
  }

  getSchema(): Promise<string> {
    this.schemaCache ??= Promise.resolve().then(() => this.options.schema());
    return this.schemaCache;
  }

  /**
   * CheckConfig: the provider's settings as given (secrets stay wrapped), and a failure for each one given wrong,
   * naming it, before any request.
   */
  async checkConfig(news: Props): Promise<{ inputs: Props; failures: Failure[] }> {
    const n = revealProps(news);
    const failures = (await this.options.checkSettings(n.props)).map((f) => ({
      property: f.property,
      reason: this.say(f.reason, n),
    }));
    return { inputs: news, failures };
  }

  /** DiffConfig: which settings changed; never a replacement (nothing of the resources depends on them). */
  async diffConfig(olds: Props, news: Props): Promise<DiffAnswer> {
    const changed = await this.options.changedSettings(revealProps(olds).props, revealProps(news).props);
    const detailedDiff = Object.fromEntries(
      changed.map((key): [string, PropertyChange] => [key, { kind: "update", replace: false }]),
    );
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false, detailedDiff };
  }

  /** Configure: the settings this provider's resources and functions use from now on. */
  configure(args: Props): void {
    const revealed = revealProps(args);
    this.settings = revealed.props;
    this.settingSecrets = revealed.secretTexts;
  }

  /** Invoke of getAddonInstance or listAddonInstances: reads only, with this provider's settings. */
  async invoke(token: string, args: Props): Promise<Props> {
    const a = revealProps(args);
    // A function's lines belong to no resource: no URN.
    if (token === FUNCTION_TOKEN)
      return this.call("", a, async (impl) => ({ ...(await impl.getAddonInstance(a.props)) }));
    if (token === LIST_FUNCTION_TOKEN) {
      return this.call("", a, async (impl) => ({ ...(await impl.listAddonInstances(a.props)) }));
    }
    throw new Error(
      `unknown function ${token}: the ${PACKAGE_NAME} plugin provides ${FUNCTION_TOKEN} and ${LIST_FUNCTION_TOKEN}`,
    );
  }

  check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const n = revealProps(news);
    return this.handle(urn, n, async (impl) => {
      const result = await impl.check(revealProps(olds).props, n.props);
      return {
        inputs: concealProps(result.inputs, n.secretKeys),
        failures: result.failures.map((f) => ({ property: f.property, reason: this.say(f.reason, n) })),
      };
    });
  }

  diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffAnswer> {
    const o = revealProps(olds);
    const n = revealProps(news);
    return this.handle(urn, n, async (impl) => {
      const diff = await impl.diff(id, o.props, n.props);
      // A value that became secret (or stopped being one) is recorded again: an update, which calls no API.
      const secrecy = secrecyChanges(o, n, await this.options.inputNames());
      const detailedDiff: Record<string, PropertyChange> = {};
      for (const key of [...diff.changed, ...secrecy.filter((k) => !diff.changed.includes(k))]) {
        const kind = o.props[key] === undefined ? "add" : n.props[key] === undefined ? "delete" : "update";
        detailedDiff[key] = { kind, replace: diff.replaces.includes(key) };
      }
      return {
        changes: diff.changes || secrecy.length > 0,
        replaces: diff.replaces,
        deleteBeforeReplace: diff.deleteBeforeReplace,
        detailedDiff,
      };
    });
  }

  /**
   * Create. In a preview, the rollback is planned from the add-on as read now and nothing is sent: the planned
   * outputs, the others unknown (a warning says why, when the add-on could not be read).
   */
  create(urn: string, inputs: Props, operation: EngineOperation): Promise<{ id: string; outs: Props }> {
    const n = revealProps(inputs);
    return this.handle(urn, n, async (impl) => {
      if (operation.preview) {
        const result = await impl.preview(n.props, { cancel: operation.cancel });
        if ("warning" in result && result.warning) this.options.log.warn(result.warning);
        const unknowns = Object.fromEntries((await this.options.observedNames()).map((name) => [name, UNKNOWN]));
        return { id: "", outs: concealProps({ ...unknowns, ...n.props, ...result.planned }, n.secretKeys) };
      }
      try {
        const { id, outs } = await impl.create(n.props, engineOptions(operation));
        return { id, outs: concealProps(outs, n.secretKeys) };
      } catch (err) {
        // Recorded with its properties (the server turns an error with an id into a partial create): a later
        // `up` must not roll back again by accident.
        throw concealInitError(err, n.secretKeys);
      }
    });
  }

  /**
   * Refresh. Returns no `inputs`, so the engine keeps the inputs it recorded (as for the dynamic resource): the
   * refreshed outputs hold both `addonId` and `addonName`, and inputs picked from them would record a selector the
   * program never gave, which the next preview would show as a change (`[diff: -addonId]`).
   */
  read(id: string, urn: string, props: Props = {}): Promise<{ id: string; props: Props; inputs?: Props }> {
    const o = revealProps(props);
    return this.handle(urn, o, async (impl) => {
      const result = await impl.read(id, o.props);
      // Inputs only for an import (a read with no state): the engine records them and prints the program.
      return {
        id: result.id,
        props: concealProps(result.props, o.secretKeys),
        ...(result.inputs ? { inputs: result.inputs } : {}),
      };
    });
  }

  /** Update: records new inputs; finishes a rollback an earlier run left unfinished (never in a preview). */
  update(id: string, urn: string, olds: Props, news: Props, operation: EngineOperation): Promise<{ outs: Props }> {
    const o = revealProps(olds);
    const n = revealProps(news);
    const both = { props: n.props, secretKeys: n.secretKeys, secretTexts: [...o.secretTexts, ...n.secretTexts] };
    return this.handle(urn, both, async (impl) => {
      try {
        const { outs } = await impl.update(id, o.props, n.props, {
          ...engineOptions(operation),
          preview: operation.preview,
        });
        return { outs: concealProps(outs, secretKeysAfterUpdate(o, n, Object.keys(outs))) };
      } catch (err) {
        const keys = isRollbackInitError(err) ? secretKeysAfterUpdate(o, n, Object.keys(err.properties)) : [];
        throw concealInitError(err, keys);
      }
    });
  }

  delete(id: string, urn: string, props: Props): Promise<void> {
    const o = revealProps(props);
    return this.handle(urn, o, (impl) => impl.delete(id, o.props));
  }

  /**
   * One engine call about resource `urn`: progress lines carry its URN and are delivered before the answer;
   * errors name the plugin's config keys and hold no secret text.
   */
  private async handle<T>(urn: string, revealed: RevealedProps, fn: (impl: RollbackImplementation) => Promise<T>) {
    const type = resourceTypeOfUrn(urn);
    if (type !== RESOURCE_TOKEN) {
      throw new Error(`unknown resource type ${type}: the ${PACKAGE_NAME} plugin provides ${RESOURCE_TOKEN}`);
    }
    return this.call(urn, revealed, fn);
  }

  /** One call of the implementation: its lines under `urn`, in order, before the answer; no secret text in either. */
  private async call<T>(urn: string, revealed: RevealedProps, fn: (impl: RollbackImplementation) => Promise<T>) {
    return this.options.log.run(
      urn,
      async () => {
        try {
          return await fn(await this.impl());
        } catch (err) {
          throw this.rephrase(err, revealed);
        }
      },
      (line) => this.say(line, revealed),
    );
  }

  /** The implementation, created on first use with the provider's settings (once, also for concurrent calls). */
  private impl(): Promise<RollbackImplementation> {
    if (!this.implementation) {
      const created = Promise.resolve().then(() => this.options.implementation(this.settings));
      // One that could not be created is tried again by the next call, as before it was ever asked for.
      created.catch(() => {
        if (this.implementation === created) this.implementation = undefined;
      });
      this.implementation = created;
    }
    return this.implementation;
  }

  /** A user-facing text with no secret input, and no secret setting of the provider, in it. */
  private say(text: string, revealed: Pick<RevealedProps, "secretTexts">): string {
    return redact(text, [...revealed.secretTexts, ...this.settingSecrets]);
  }

  /** The same error, its message (and a partial create's reasons and properties) said as {@link say} says it. */
  private rephrase(err: unknown, revealed: RevealedProps): unknown {
    if (!(err instanceof Error)) return new Error(this.say(String(err), revealed));
    if (isRollbackInitError(err)) {
      return new RollbackInitError(
        this.say(err.message, revealed),
        err.id,
        redactStrings(err.properties, revealed.secretTexts),
        err.reasons.map((r) => this.say(r, revealed)),
        err.cause,
      );
    }
    err.message = this.say(err.message, revealed);
    return err;
  }
}

/** The implementation's view of the engine's operation: its timeout (when set) and cancellation. */
function engineOptions(operation: EngineOperation): { cancel: AbortSignal; timeoutSeconds?: number } {
  return operation.timeoutSeconds > 0
    ? { cancel: operation.cancel, timeoutSeconds: operation.timeoutSeconds }
    : { cancel: operation.cancel };
}

/** A partial create's (or update's) error with the given keys of its properties wrapped as secrets. */
function concealInitError(err: unknown, secretKeys: readonly string[]): unknown {
  if (!isRollbackInitError(err)) return err;
  return new RollbackInitError(err.message, err.id, concealProps(err.properties, secretKeys), err.reasons, err.cause);
}

/** Removes secret texts from the plain string values of props (a status text may quote an input). */
function redactStrings(props: Props, secretTexts: readonly string[]): Props {
  if (secretTexts.length === 0) return props;
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, typeof v === "string" ? redact(v, secretTexts) : v]),
  );
}
