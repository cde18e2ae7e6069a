import { z } from "zod";
import { endpointProblem } from "../auth/connection";
import { idProblem } from "../client/ids";
import { canonicalJson } from "./canonical-json";

/**
 * The value Pulumi puts in place of an input that is not known yet (during preview), whatever the input's type.
 * Reference: pulumi/pulumi sdk/nodejs/runtime/rpc.ts `unknownValue`.
 * @internal
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** @internal */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * The largest `trigger`, as canonical JSON. A trigger names an occasion (an incident ID, a change ticket, a
 * commit): a few dozen bytes. Pulumi keeps it twice in the state (inputs and outputs) and sends it on every
 * preview, so a document pasted in by mistake would bloat every later operation; a hash of it does the job.
 * @internal
 */
export const MAX_TRIGGER_BYTES = 8 * 1024;

/** True when `value` is, or contains, a preview-time unknown. @internal */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

const id = (what: string, example: string) =>
  z.string({ error: `is required and must be a string: ${what}, e.g. "${example}"` }).superRefine((value, ctx) => {
    const problem = idProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem}: give ${what}` });
  });

const version = (what: string) =>
  z
    .string({ error: `must be a version string such as "1.28.4" (${what})` })
    .trim()
    .min(1, `must not be empty: give ${what}, or leave it out`);

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union(
    [z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)],
    // NaN, Infinity, a function, ...: what JSON cannot hold, and Pulumi could not store.
    { error: "must be a JSON value (a string, a finite number, true/false, null, or a list or object of those)" },
  ),
);

/**
 * The resource's inputs. Credentials are deliberately absent: they come from stack config or the environment
 * so that they never reach the state. Public only because the type of the inputs is derived from it.
 * @public
 */
export const RollbackInputsSchema = z.strictObject(
  {
    clusterId: id("the CCE Autopilot cluster ID", "c0ffee00-0000-0000-0000-000000000001"),
    addonId: id("the add-on instance ID", "7a8b9c0d-0000-0000-0000-000000000002").optional(),
    addonName: z
      .string({ error: 'must be the add-on\'s name, e.g. "coredns"' })
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
        'must be the add-on\'s template name, name or alias, e.g. "coredns" (letters, digits, ".", "_", "-")',
      )
      .optional(),
    trigger: jsonValue
      .superRefine((value, ctx) => {
        const bytes = Buffer.byteLength(canonicalJson(value));
        if (bytes > MAX_TRIGGER_BYTES) {
          ctx.addIssue({
            code: "custom",
            message:
              `is ${bytes} bytes as canonical JSON, over the limit of ${MAX_TRIGGER_BYTES}: use a short value such ` +
              `as an incident ID, or a hash of a larger document`,
          });
        }
      })
      .optional(),
    region: z
      .string({ error: 'must be a region name such as "cn-north-4"' })
      .regex(/^[a-z]{2}(-[a-z0-9]+)+$/, 'must be a region name such as "cn-north-4"')
      .optional(),
    endpoint: z
      .string({ error: "must be a URL such as https://cce.cn-north-4.myhuaweicloud.com" })
      .superRefine((value, ctx) => {
        const problem = endpointProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    projectId: z
      .string({ error: "must be the project ID of the region, a string such as 0a1b2c3d4e5f60718293a4b5c6d7e8f9" })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the project ID of the region (letters and digits)")
      .optional(),
    timeoutSeconds: z
      .number({ error: "must be a number of seconds, e.g. 1800" })
      .int("must be a whole number of seconds")
      .min(10, "must be at least 10 seconds")
      .max(86_400, "must be at most 86400 seconds (24 hours)")
      .default(DEFAULT_TIMEOUT_SECONDS),
    expectCurrentVersion: version("the version the add-on must be at for the rollback to run").optional(),
    expectTargetVersion: version("the version the rollback must land on").optional(),
  },
  // No message for unknown inputs here: checkInputs writes one per input, and parseInputs passes only known ones.
);

/** The inputs, validated and with defaults applied. @public */
export type RollbackInputs = z.infer<typeof RollbackInputsSchema>;

/** The input names, in the order they are documented. @internal */
export const INPUT_NAMES = Object.keys(RollbackInputsSchema.shape) as (keyof RollbackInputs)[];

/** Inputs whose change means "roll back again" (they name what to roll back, or ask for another run). @internal */
export const REPLACE_ON_CHANGE = [
  "clusterId",
  "addonId",
  "addonName",
  "trigger",
] as const satisfies readonly (keyof RollbackInputs)[];

/** The two ways to name the add-on; exactly one is given. @internal */
export const ADDON_SELECTORS = ["addonId", "addonName"] as const satisfies readonly (keyof RollbackInputs)[];

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
