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
 * References: pulumi/pulumi sdk/nodejs/provider/provider.ts (`Provider`) and sdk/nodejs/provider/server.ts
 * (which forwards only `changes`, `replaces` and `deleteBeforeReplace` of a diff, and turns an error carrying
 * `id`, `properties` and `reasons` into a partially created resource).
 */
import type * as pulumi from "@pulumi/pulumi";
import { redact } from "../auth/redact";
import { RollbackInitError, isRollbackInitError } from "../rollback/errors";
import type { RollbackProviderImplementation } from "../rollback/provider";
import type { CallLog } from "./engine-log";
import { PACKAGE_NAME, RESOURCE_TOKEN, resourceTypeOfUrn } from "./names";
import { type RevealedProps, concealProps, revealProps, secrecyChanges, secretKeysAfterUpdate } from "./secrets";

type Props = Record<string, unknown>;

/** What the adapter calls of the provider implementation: its resource methods, as the implementation types them. */
export type RollbackImplementation = Pick<
  RollbackProviderImplementation,
  "check" | "diff" | "create" | "read" | "update" | "delete"
>;

/** What {@link NativeRollbackProvider} is made of. */
export interface NativeProviderOptions {
  /** The plugin's version (GetPluginInfo). */
  version: string;
  /** The schema text, built on the engine's first GetSchema. */
  schema: () => string;
  /** Creates the implementation; called once, on the first resource call. */
  implementation: () => RollbackImplementation;
  /** Where progress lines go. */
  log: CallLog;
  /** The input names (loaded on first use). */
  inputNames: () => readonly string[];
}

/** The provider the plugin serves. */
export class NativeRollbackProvider implements pulumi.provider.Provider {
  readonly version: string;
  private implementation: RollbackImplementation | undefined;
  private schemaCache: string | undefined;

  constructor(private readonly options: NativeProviderOptions) {
    this.version = options.version;
  }

  getSchema(): Promise<string> {
    this.schemaCache ??= this.options.schema();
    return Promise.resolve(this.schemaCache);
  }

  check(urn: string, olds: Props, news: Props): Promise<pulumi.provider.CheckResult> {
    const n = revealProps(news);
    return this.handle(urn, n, async (impl) => {
      const result = await impl.check(revealProps(olds).props, n.props);
      return {
        inputs: concealProps(result.inputs, n.secretKeys),
        failures: result.failures.map((f) => ({ property: f.property, reason: this.say(f.reason, n) })),
      };
    });
  }

  diff(id: string, urn: string, olds: Props, news: Props): Promise<pulumi.provider.DiffResult> {
    const o = revealProps(olds);
    const n = revealProps(news);
    return this.handle(urn, n, async (impl) => {
      const diff = await impl.diff(id, o.props, n.props);
      // A value that became secret (or stopped being one) is recorded again: an update, which calls no API.
      const secrecy = secrecyChanges(o, n, this.options.inputNames());
      return {
        changes: diff.changes || secrecy.length > 0,
        replaces: diff.replaces,
        deleteBeforeReplace: diff.deleteBeforeReplace,
      };
    });
  }

  create(urn: string, inputs: Props): Promise<pulumi.provider.CreateResult> {
    const n = revealProps(inputs);
    return this.handle(urn, n, async (impl) => {
      try {
        const { id, outs } = await impl.create(n.props);
        return { id, outs: concealProps(outs, n.secretKeys) };
      } catch (err) {
        if (!isRollbackInitError(err)) throw err;
        // Recorded with its properties (the provider server turns an error with an id into a partial create): a
        // later `up` must not roll back again by accident.
        throw new RollbackInitError(
          err.message,
          err.id,
          concealProps(err.properties, n.secretKeys),
          err.reasons,
          err.cause,
        );
      }
    });
  }

  /**
   * Refresh. Returns no `inputs`, so the engine keeps the inputs it recorded (as for the dynamic resource): the
   * refreshed outputs hold both `addonId` and `addonName`, and inputs picked from them would record a selector the
   * program never gave, which the next preview would show as a change (`[diff: -addonId]`).
   */
  read(id: string, urn: string, props: Props = {}): Promise<pulumi.provider.ReadResult> {
    const o = revealProps(props);
    return this.handle(urn, o, async (impl) => {
      const result = await impl.read(id, o.props);
      return { id: result.id, props: concealProps(result.props, o.secretKeys) };
    });
  }

  update(id: string, urn: string, olds: Props, news: Props): Promise<pulumi.provider.UpdateResult> {
    const o = revealProps(olds);
    const n = revealProps(news);
    const both = { props: n.props, secretKeys: n.secretKeys, secretTexts: [...o.secretTexts, ...n.secretTexts] };
    return this.handle(urn, both, async (impl) => {
      const { outs } = await impl.update(id, o.props, n.props);
      return { outs: concealProps(outs, secretKeysAfterUpdate(o, n, Object.keys(outs))) };
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
    return this.options.log.run(
      urn,
      async () => {
        const type = resourceTypeOfUrn(urn);
        if (type !== RESOURCE_TOKEN) {
          throw new Error(`unknown resource type ${type}: the ${PACKAGE_NAME} plugin provides ${RESOURCE_TOKEN}`);
        }
        try {
          this.implementation ??= this.options.implementation();
          return await fn(this.implementation);
        } catch (err) {
          throw this.rephrase(err, revealed);
        }
      },
      (line) => this.say(line, revealed),
    );
  }

  /** A user-facing text with no secret input in it. */
  private say(text: string, revealed: Pick<RevealedProps, "secretTexts">): string {
    return redact(text, revealed.secretTexts);
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

/** Removes secret texts from the plain string values of props (a status text may quote an input). */
function redactStrings(props: Props, secretTexts: readonly string[]): Props {
  if (secretTexts.length === 0) return props;
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, typeof v === "string" ? redact(v, secretTexts) : v]),
  );
}
