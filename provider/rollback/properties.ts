/**
 * Every property of AddonVersionRollback, once: each input with its validation, type, default and description, and
 * each observation the rollback records. The input validation (inputs.ts), the diff (what replaces), the plugin's
 * schema, the TypeScript SDK's declarations (sdk/properties.generated.ts) and the README's tables are all derived
 * from this file; scripts/gen-properties.ts writes the generated ones and a test fails when they drift.
 *
 * Descriptions that name a stack config key are functions of the front door: the TypeScript resource reads
 * `huaweicloud:*` keys, the plugin `cce-autopilot:*`.
 */
import { z } from "zod";
import { endpointProblem } from "../connection/endpoint";
import type { FrontDoor } from "../connection/front-doors";
import { envNames } from "../connection/settings";
import { idProblem } from "../client/ids";
import { canonicalJson } from "./canonical-json";

/** @internal */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * The largest `trigger`, as canonical JSON. A trigger names an occasion (an incident ID, a change ticket, a
 * commit): a few dozen bytes. Pulumi keeps it twice in the state (inputs and outputs) and sends it on every
 * preview, so a document pasted in by mistake would bloat every later operation; a hash of it does the job.
 * @internal
 */
export const MAX_TRIGGER_BYTES = 8 * 1024;

/** A description, the same for both front doors or written for each. */
export type Doc = string | ((door: FrontDoor) => string);

/** The type of a property, as the schema and the SDKs know it. */
export type PropertyType = "string" | "integer" | "boolean" | "any";

/** One input of the resource; every input is also an output, recorded as given unless said otherwise. */
export interface InputRow {
  type: PropertyType;
  validate: z.ZodType;
  description: Doc;
  /** Given by every program. */
  required?: true;
  /** Applied when the input is not given. */
  default?: number;
  /** A change means "roll back again" (see diff.ts). */
  replaces?: true;
  /** Always in the outputs: required, defaulted, or found when the rollback runs. */
  alwaysOutput?: true;
  /** How the output is described when it says more than the input it records. */
  output?: Doc;
}

/** One observation of the rollback: always an output, never an input. */
export interface ObservedRow {
  type: "string";
  description: Doc;
  /** Absent from some records (said in the description). */
  optional?: true;
}

const env = (name: Parameters<typeof envNames>[0]) => envNames(name).map((v) => `\`${v}\``);

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

/** What the resource does. */
export const RESOURCE_DESCRIPTION =
  "Rolls a CCE Autopilot add-on back to its previous version when created, and waits until the rollback has " +
  "really finished (the add-on is `running` at the previous version), failing with the add-on's " +
  "own reason otherwise. The rollback runs again only when `trigger`, `clusterId` or the add-on (`addonName`, " +
  "`addonId`) changes; any other `pulumi up` leaves the add-on alone and makes no API call. Deleting the resource " +
  "does not undo the rollback: it only removes the record from the stack.";

/**
 * The inputs, in the order they are documented. Credentials are deliberately absent: they come from stack config
 * or the environment, so that they never reach the state.
 */
export const INPUTS = {
  clusterId: {
    type: "string",
    validate: id("the CCE Autopilot cluster ID", "c0ffee00-0000-0000-0000-000000000001"),
    required: true,
    replaces: true,
    alwaysOutput: true,
    description:
      "The CCE Autopilot cluster ID. Changing it rolls back the add-on of the new cluster on the next `pulumi up`.",
  },
  addonId: {
    type: "string",
    validate: id("the add-on instance ID", "7a8b9c0d-0000-0000-0000-000000000002").optional(),
    replaces: true,
    alwaysOutput: true,
    description:
      "The add-on instance ID (its `metadata.uid`). Give this or `addonName`, not both. Changing it rolls back the " +
      "new add-on on the next `pulumi up`; changing to the `addonName` output of this resource does not.",
    output: "The add-on instance ID: as given, or found from `addonName`.",
  },
  addonName: {
    type: "string",
    validate: z
      .string({ error: 'must be the add-on\'s name, e.g. "coredns"' })
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
        'must be the add-on\'s template name, name or alias, e.g. "coredns" (letters, digits, ".", "_", "-")',
      )
      .optional(),
    replaces: true,
    alwaysOutput: true,
    description:
      'The add-on\'s name: its template name such as "coredns" or "log-agent" (or its name or alias). Give this ' +
      "or `addonId`, not both. It is looked up in the cluster when the rollback runs; no add-on, or several, with " +
      "that name is an error that lists the cluster's add-ons. Changing it rolls back the new add-on on the next " +
      "`pulumi up`; changing to the `addonId` output of this resource does not.",
    output: 'The add-on\'s name: the one it was addressed by, or its own name (e.g. "coredns") when addressed by ID.',
  },
  trigger: {
    type: "any",
    validate: jsonValue
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
    replaces: true,
    description:
      "Any JSON value; the rollback runs when the resource is created and again each time this value changes " +
      '(compared as canonical JSON: key order does not matter). Use an incident ID such as "INC-4211": a later ' +
      "incident gets a new ID and so a new rollback. When it does not change, `pulumi up` never calls the cloud. " +
      "If it is computed from another resource and unknown during preview, the preview shows a replacement. At " +
      `most ${MAX_TRIGGER_BYTES / 1024} KiB as canonical JSON.`,
  },
  region: {
    type: "string",
    validate: z
      .string({ error: 'must be a region name such as "cn-north-4"' })
      .regex(/^[a-z]{2}(-[a-z0-9]+)+$/, 'must be a region name such as "cn-north-4"')
      .optional(),
    description: (door) =>
      `Region of the cluster, e.g. "cn-north-4". Default: stack config ${door.docKey("region")}, then ` +
      `${env("region").join(", then ")}. Changing it later records the new value without calling the cloud.`,
  },
  endpoint: {
    type: "string",
    validate: z
      .string({ error: "must be a URL such as https://cce.cn-north-4.myhuaweicloud.com" })
      .superRefine((value, ctx) => {
        const problem = endpointProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    description: (door) =>
      `CCE endpoint URL. Default: ${door.docKey("endpoint")}, else \`https://cce.{region}.myhuaweicloud.com\`. ` +
      "Must be https:// (http:// only for localhost). Changing it later does not call the cloud.",
  },
  projectId: {
    type: "string",
    validate: z
      .string({ error: "must be the project ID of the region, a string such as 0a1b2c3d4e5f60718293a4b5c6d7e8f9" })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the project ID of the region (letters and digits)")
      .optional(),
    description: (door) =>
      `Project ID of the region, sent as X-Project-Id. Default: ${door.docKey("projectId")}, then ` +
      `${env("projectId").join(", then ")}. Changing it later does not call the cloud.`,
  },
  timeoutSeconds: {
    type: "integer",
    validate: z
      .number({ error: "must be a number of seconds, e.g. 1800" })
      .int("must be a whole number of seconds")
      .min(10, "must be at least 10 seconds")
      .max(86_400, "must be at most 86400 seconds (24 hours)")
      .default(DEFAULT_TIMEOUT_SECONDS),
    default: DEFAULT_TIMEOUT_SECONDS,
    alwaysOutput: true,
    description:
      "One deadline for the whole create, in seconds from its start (10 to 86400): the reads, the rollback " +
      "request, retries and the wait. When it runs out, `pulumi up` fails with the last status seen; the rollback " +
      `itself is not cancelled and the resource is recorded. Default ${DEFAULT_TIMEOUT_SECONDS}. With the plugin, ` +
      "the `customTimeouts.create` resource option also applies: the smaller of the two wins. Changing it later " +
      "does not call the cloud.",
  },
  acceptPartiallyReady: {
    type: "boolean",
    validate: z.boolean({ error: "must be true or false" }).optional(),
    description:
      "Take `available` at the target version for success. The service reports `running` when all of the " +
      "add-on's instances run and `available` when only some do; by default the wait goes on until `running`, " +
      "and at the deadline fails saying the add-on is at the target version but only partially ready. Set it for " +
      "an add-on that is partial by design. Changing it later does not call the cloud.",
  },
  expectCurrentVersion: {
    type: "string",
    validate: version("the version the add-on must be at for the rollback to run").optional(),
    description:
      'Guard: roll back only if the add-on is at this version now (e.g. the broken "1.28.6"); otherwise fail ' +
      "before anything is sent. Checked only when a rollback is about to run.",
  },
  expectTargetVersion: {
    type: "string",
    validate: version("the version the rollback must land on").optional(),
    description:
      'Guard: roll back only if the rollback would land on this version (e.g. "1.28.4"); otherwise fail before ' +
      "anything is sent. Also makes a rerun idempotent: if the add-on is already running at this version and can " +
      "no longer be rolled back (an earlier run did it), the resource is recorded without a new rollback.",
  },
} as const satisfies Record<string, InputRow>;

/** What the rollback observed, beyond its inputs, in the order they are documented. */
export const OBSERVED = {
  fromVersion: { type: "string", description: "The version the add-on had before the rollback." },
  toVersion: { type: "string", description: "The version the rollback landed on." },
  status: {
    type: "string",
    description:
      'The add-on\'s status when the rollback finished (updated by `pulumi refresh`; "notFound" once it is gone).',
  },
  currentVersion: {
    type: "string",
    description: "The add-on's version as last seen (at the end of the rollback, or at the last `pulumi refresh`).",
  },
  addonName: { type: "string", description: INPUTS.addonName.output },
  startedAt: {
    type: "string",
    description: "When the rollback was requested (or found in progress), ISO 8601; absent from an imported record.",
    optional: true,
  },
  finishedAt: {
    type: "string",
    description: "When the rollback was seen finished (well or not), ISO 8601; absent while it was not.",
    optional: true,
  },
  outcome: {
    type: "string",
    description:
      'How it went: "rolled-back", "resumed" (an interrupted run\'s rollback was waited for), ' +
      '"already-rolled-back" (recorded through expectTargetVersion); or, for a rollback the service accepted that ' +
      'did not finish well: "failed" (it ended in a failure status), "timed-out" (still going, or only partially ' +
      'ready, at the deadline) or "cancelled" (Ctrl-C during the wait). The next `pulumi up` waits for a ' +
      '"timed-out" or "cancelled" one, without a new request, and records how it ended. "imported": recorded by ' +
      "`pulumi import` as the add-on was (a rollback done elsewhere).",
  },
} as const satisfies Record<string, ObservedRow>;

/** The name of an input. */
export type InputName = keyof typeof INPUTS;
/** The name of an output: every input, and every observation. */
export type OutputName = InputName | keyof typeof OBSERVED;

/** The input names, in the order they are documented. @internal */
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];

/** The observations' names, in the order they are documented. @internal */
export const OBSERVED_OUTPUTS = Object.keys(OBSERVED) as (keyof typeof OBSERVED)[];

/** The inputs that have a given flag. */
export function inputsWhere(flag: "required" | "replaces" | "alwaysOutput"): InputName[] {
  return INPUT_NAMES.filter((name) => (INPUTS[name] as InputRow)[flag] === true);
}

/** The observations every record holds. */
export function alwaysObserved(): (keyof typeof OBSERVED)[] {
  return OBSERVED_OUTPUTS.filter((name) => (OBSERVED[name] as ObservedRow).optional !== true);
}

/** The text of a description for a front door. */
export function docFor(doc: Doc, door: FrontDoor): string {
  return typeof doc === "string" ? doc : doc(door);
}

/** How an input is described. */
export function inputDescription(name: InputName, door: FrontDoor): string {
  return docFor(INPUTS[name].description, door);
}

/** How an output is described: its own words, or those of the input it records. */
export function outputDescription(name: OutputName, door: FrontDoor): string {
  if (name in OBSERVED) return docFor(OBSERVED[name as keyof typeof OBSERVED].description, door);
  const row: InputRow = INPUTS[name as InputName];
  return docFor(row.output ?? row.description, door);
}
