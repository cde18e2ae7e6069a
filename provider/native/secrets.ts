/**
 * Secrets as a resource plugin sees them. The Node.js provider server tells the engine it accepts secrets, so a
 * secret input arrives wrapped, at any depth (`trigger: { incident: <secret> }`), as
 * `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value }`; and the engine marks an
 * output secret only if the plugin wraps it so (it re-marks outputs itself only for plugins that do not accept
 * secrets). The adapter therefore reveals values before they reach the implementation and wraps again, at the top
 * level, every output whose input was secret. Pure functions.
 * References: pulumi/pulumi sdk/nodejs/runtime/rpc.ts (`specialSigKey`, `specialSecretSig`,
 * `specialOutputValueSig`), sdk/nodejs/provider/server.ts (`configure`: `setAcceptsecrets(true)`) and
 * pkg/resource/plugin/provider_plugin.go (`annotateSecrets` only when `!acceptSecrets`).
 */

/** The key that marks a special value. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** A secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** An output value (`{ [SIG_KEY]: OUTPUT_VALUE_SIG, value?, secret?, dependencies? }`); no `value` means unknown. */
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The value that stands for one not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Props = Record<string, unknown>;

/** A value as the engine sent it, without its secret wrappers, and what they hid. */
export interface Revealed<T> {
  value: T;
  /** Whether a secret was found anywhere in the value. */
  secret: boolean;
  /** The strings found inside secrets, to keep out of log lines and error messages. */
  secretTexts: string[];
}

/** Props without their secret wrappers, which top-level keys held a secret, and the texts the secrets hid. */
export interface RevealedProps {
  props: Props;
  secretKeys: string[];
  secretTexts: string[];
}

function isSpecial(value: unknown, sig: string): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as Props)[SIG_KEY] === sig;
}

/** True for a wrapped secret. */
export function isWrappedSecret(value: unknown): value is { value: unknown } {
  return isSpecial(value, SECRET_SIG);
}

/** Removes every secret (and output-value) wrapper from a value, at any depth. */
export function reveal(wrapped: unknown): Revealed<unknown> {
  const texts: string[] = [];
  let secret = false;
  const walk = (v: unknown, inSecret: boolean): unknown => {
    if (isSpecial(v, SECRET_SIG)) {
      secret = true;
      return walk(v.value, true);
    }
    if (isSpecial(v, OUTPUT_VALUE_SIG)) {
      const isSecret = v.secret === true;
      secret ||= isSecret;
      return "value" in v ? walk(v.value, inSecret || isSecret) : UNKNOWN;
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, inSecret));
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, inSecret)]));
    }
    if (inSecret && typeof v === "string" && v !== UNKNOWN) texts.push(v);
    return v;
  };
  const value = walk(wrapped, false);
  return { value, secret, secretTexts: [...new Set(texts)] };
}

/** {@link reveal} for each property: the plain props, and which keys held a secret somewhere inside. */
export function revealProps(props: Props | undefined): RevealedProps {
  const out: Props = {};
  const secretKeys: string[] = [];
  const secretTexts = new Set<string>();
  for (const [key, raw] of Object.entries(props ?? {})) {
    const { value, secret, secretTexts: texts } = reveal(raw);
    out[key] = value;
    if (secret) secretKeys.push(key);
    for (const text of texts) secretTexts.add(text);
  }
  return { props: out, secretKeys, secretTexts: [...secretTexts] };
}

/** Wraps a value as a secret (once: a wrapped secret is returned as it is). */
export function wrapSecret(value: unknown): unknown {
  return isWrappedSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

/** Wraps the given top-level keys of props as secrets; absent (undefined) values stay absent. */
export function concealProps(props: Props, secretKeys: readonly string[]): Props {
  const out: Props = { ...props };
  for (const key of secretKeys) {
    if (out[key] !== undefined) out[key] = wrapSecret(out[key]);
  }
  return out;
}

/**
 * The keys that are secret after an update: a key the new inputs give is secret if it is secret there; any other
 * key keeps the secrecy it had in the old state.
 */
export function secretKeysAfterUpdate(
  olds: RevealedProps,
  news: RevealedProps,
  outputKeys: readonly string[],
): string[] {
  return outputKeys.filter((key) =>
    news.props[key] !== undefined && news.props[key] !== null
      ? news.secretKeys.includes(key)
      : olds.secretKeys.includes(key),
  );
}

/** Top-level keys whose secrecy differs between two sets of props (a key absent from one side counts as plain). */
export function secrecyChanges(olds: RevealedProps, news: RevealedProps, keys: readonly string[]): string[] {
  return keys.filter(
    (key) =>
      news.props[key] !== undefined &&
      news.props[key] !== null &&
      olds.secretKeys.includes(key) !== news.secretKeys.includes(key),
  );
}
