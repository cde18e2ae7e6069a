import { z } from "zod";
import { INPUTS, INPUT_NAMES, type InputName, inputsWhere } from "./properties";

/**
 * The value Pulumi puts in place of an input that is not known yet (during preview), whatever the input's type.
 * Reference: pulumi/pulumi sdk/nodejs/runtime/rpc.ts `unknownValue`.
 * @internal
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains, a preview-time unknown. @internal */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The resource's inputs, validated as the property table says (properties.ts). Public only because the type of the
 * inputs is derived from it.
 * @public
 */
export const RollbackInputsSchema = z.strictObject(
  Object.fromEntries(INPUT_NAMES.map((name) => [name, INPUTS[name].validate])) as {
    [K in InputName]: (typeof INPUTS)[K]["validate"];
  },
  // No message for unknown inputs here: checkInputs writes one per input, and parseInputs passes only known ones.
);

/** The inputs, validated and with defaults applied. @public */
export type RollbackInputs = z.infer<typeof RollbackInputsSchema>;

/** Inputs whose change means "roll back again" (they name what to roll back, or ask for another run). @internal */
export const REPLACE_ON_CHANGE: readonly InputName[] = inputsWhere("replaces");

/** The two ways to name the add-on; exactly one is given. @internal */
export const ADDON_SELECTORS = ["addonId", "addonName"] as const satisfies readonly InputName[];

/** @internal */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Validates and normalises inputs. Inputs that are unknown during preview are accepted as they are: they are
 * checked again once known, before `create` runs.
 * @internal
 */
export function checkInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const known: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    // null is how some languages and config files say "not set"; diff already treats it so.
    if (key === "__provider" || value === undefined || value === null) continue;
    (containsUnknown(value) ? unknown : known)[key] = value;
  }
  const schema = RollbackInputsSchema.partial(
    Object.fromEntries(Object.keys(unknown).map((k) => [k, true])) as Record<keyof RollbackInputs, true>,
  );
  const result = schema.safeParse(known);
  if (!result.success) {
    const selectorFailure = addonSelectorFailure(Object.keys(known), Object.keys(unknown));
    return {
      inputs: news,
      failures: [
        ...result.error.issues.flatMap((issue) => {
          // One failure per misspelt input, on that input, so that the CLI shows it next to the property.
          if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({
              property: key,
              reason: `${key} is an unknown input: remove it, or use one of ${INPUT_NAMES.join(", ")}`,
            }));
          }
          // The schema is flat and unknown inputs were handled above, so every other issue is on one input.
          const property = String(issue.path[0]);
          return [{ property, reason: `${property} ${issue.message}` }];
        }),
        ...(selectorFailure ? [selectorFailure] : []),
      ],
    };
  }
  const selectorFailure = addonSelectorFailure(Object.keys(known), Object.keys(unknown));
  if (selectorFailure) return { inputs: news, failures: [selectorFailure] };
  const kept = Object.fromEntries(Object.entries(news).filter(([, v]) => v !== null));
  return { inputs: { ...kept, ...result.data, ...unknown }, failures: [] };
}

/** Exactly one of addonId and addonName names the add-on (a preview-time unknown counts as given). */
function addonSelectorFailure(known: string[], unknown: string[]): CheckFailure | undefined {
  const given = ADDON_SELECTORS.filter((key) => known.includes(key) || unknown.includes(key));
  if (given.length === 1) return undefined;
  return given.length === 0
    ? {
        property: "addonId",
        reason:
          'addonId or addonName is required: give addonName (the add-on\'s name, e.g. "coredns") or addonId (its instance ID)',
      }
    : {
        property: "addonName",
        reason: "addonName and addonId were both given: give exactly one of them (remove addonId or addonName)",
      };
}

/**
 * The inputs of a known-valid resource (check ran before); a clear error if the state holds something else.
 * @internal
 */
export function parseInputs(props: Record<string, unknown>): RollbackInputs {
  const parsed = RollbackInputsSchema.safeParse(pickInputs(props));
  if (parsed.success) return parsed.data;
  // pickInputs passes only known inputs and the schema is flat: every issue is on one input, as in checkInputs.
  const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; ");
  throw new Error(`invalid AddonVersionRollback inputs: ${problems}`);
}

/**
 * The connection inputs when all are known (they may be unknown during a preview); undefined otherwise.
 * @internal
 */
export function pickConnectionInputs(
  inputs: Record<string, unknown>,
): { region?: string; endpoint?: string; projectId?: string } | undefined {
  const picked = { region: inputs.region, endpoint: inputs.endpoint, projectId: inputs.projectId };
  if (Object.values(picked).some(containsUnknown)) return undefined;
  return picked as { region?: string; endpoint?: string; projectId?: string };
}

function pickInputs(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    INPUT_NAMES.filter((k) => props[k] !== undefined && props[k] !== null).map((k) => [k, props[k]]),
  );
}
