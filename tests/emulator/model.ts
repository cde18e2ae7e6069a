/**
 * The add-on instance model of the emulator and its rollback state machine.
 *
 * Everything here is pure: functions take the time they need (`nowMs`, epoch milliseconds) and return new values.
 * Nothing reads a clock, so a test moves time by changing the number it passes in.
 *
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/RollbackAutopilotAddonInstance.html
 * (preconditions and the 200 body, whose real sample this model reproduces) and docs/cce-api-facts.md §1.5, §2, §8.
 * @internal
 */
import { z } from "zod";

/** Every documented value of `status.status` (docs/cce-api-facts.md §2; `unknown` appears only in the doc comment). @internal */
export const ADDON_STATUSES = [
  "installing",
  "installFailed",
  "running",
  "abnormal",
  "upgrading",
  "upgradeFailed",
  "deleting",
  "deleteFailed",
  "deleteSuccess",
  "available",
  "rollbacking",
  "rollbackFailed",
  "unknown",
] as const;

/** A documented add-on instance status. @internal */
export type AddonStatus = (typeof ADDON_STATUSES)[number];

/**
 * The statuses from which the service accepts a rollback (with `isRollbackable === true`).
 * Reference: the "Function" section of the Rollback API page.
 * @internal
 */
export const ROLLBACK_ALLOWED_STATUSES: readonly AddonStatus[] = [
  "running",
  "available",
  "abnormal",
  "upgradeFailed",
  "rollbackFailed",
];

/**
 * How a rollback of this instance ends: `"success"` (`running` at the target), `"partiallyReady"` (`available` at
 * the target: only some instances run), or a failure with the `Reason` and `message` to report.
 * @internal
 */
export type RollbackOutcome = "success" | "partiallyReady" | { reason: string; message: string };

/**
 * The JSON description of one emulated add-on instance (what tests, `--seed` files and `POST /__emulator/addons` give).
 * @internal
 */
export interface AddonSeed {
  /** Add-on instance ID (`metadata.uid`, the `{id}` of the paths). */
  id: string;
  /** The cluster the instance belongs to (`spec.clusterID`). */
  clusterId: string;
  /** Add-on template name, e.g. `coredns`; also `metadata.name`, and `alias` unless that is given. */
  name: string;
  /** `metadata.alias`; default: `name`. */
  alias?: string;
  /** The version installed now. */
  currentVersion: string;
  /** The version before the last upgrade: the rollback target. */
  previousVersion?: string;
  /** `status.status`; default `running`. Any string is accepted so tests can send undocumented values. */
  status?: string;
  /** Default: `true` when `previousVersion` is given. */
  isRollbackable?: boolean;
  /** How long an accepted rollback stays `rollbacking`; default: the emulator's `defaultRollbackDurationMs`. */
  rollbackDurationMs?: number;
  /** Default `"success"`. A failure outcome applies to every rollback of this instance until patched. */
  rollbackOutcome?: RollbackOutcome;
  /** Stale-read window after an accepted rollback; default: the emulator's `staleReadMs`. */
  staleReadMs?: number;
}

/**
 * The default instance: coredns upgraded from 1.28.4 to 1.28.6, running and rollbackable, so a rollback lands on
 * 1.28.4 (the versions of the real sample on the Rollback API page).
 * @internal
 */
export const DEFAULT_SEED: Readonly<AddonSeed> = Object.freeze({
  id: "7a8b9c0d-coredns",
  clusterId: "c0ffee00-cluster-1",
  name: "coredns",
  currentVersion: "1.28.6",
  previousVersion: "1.28.4",
  status: "running",
  isRollbackable: true,
});

/** The `currentVersion` object of an add-on instance (`Versions` in the SDKs). @internal */
export interface AddonVersionJson {
  version: string;
  input: Record<string, unknown>;
  stable: boolean;
  translate: Record<string, unknown>;
  supportVersions: { clusterType: string; clusterVersion: string[]; category: string[] }[] | null;
  creationTimestamp: string;
  updateTimestamp: string;
}

/** An add-on instance as the API returns it (Show and Rollback 200 bodies). @internal */
export interface AddonJson {
  kind: "Addon";
  apiVersion: "v3";
  metadata: {
    uid: string;
    name: string;
    alias: string;
    annotations: Record<string, string>;
    creationTimestamp: string;
    updateTimestamp: string;
  };
  spec: {
    clusterID: string;
    version: string;
    addonTemplateName: string;
    addonTemplateType: string;
    addonTemplateLogo: string;
    addonTemplateLabels: string[];
    description: string;
    values: Record<string, unknown>;
  };
  status: {
    status: string;
    /** Capital R, as the API spells it. */
    Reason: string;
    message: string;
    targetVersions: string[];
    currentVersion: AddonVersionJson;
    isRollbackable: boolean;
    /** Omitted when the instance was never upgraded or rolled back. */
    previousVersion?: string;
  };
}

/** A rollback the service has accepted and not finished. @internal */
export interface RollbackInFlight {
  readonly source: string;
  readonly target: string;
  readonly startedAtMs: number;
  readonly completesAtMs: number;
}

/** The emulator's state of one add-on instance. Immutable: the functions below return new objects. @internal */
export interface AddonInstance {
  readonly id: string;
  readonly clusterId: string;
  readonly name: string;
  /** `metadata.alias`. */
  readonly alias: string;
  readonly version: string;
  readonly previousVersion: string | undefined;
  readonly status: string;
  readonly isRollbackable: boolean;
  readonly reason: string;
  readonly message: string;
  readonly rollbackDurationMs: number;
  readonly rollbackOutcome: RollbackOutcome;
  /** `undefined`: use the emulator-wide setting. */
  readonly staleReadMs: number | undefined;
  /** Every version this instance has been at, to derive `targetVersions`. */
  readonly knownVersions: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly inFlight: RollbackInFlight | undefined;
}

const nonEmpty = z.string().min(1);
const durationMs = z.number().int().nonnegative();

/** Validates seeds that come from JSON (CLI files, the control API). @internal */
export const AddonSeedSchema = z.strictObject({
  id: nonEmpty.regex(/^[^/?#]+$/, "must not contain '/', '?' or '#'"),
  clusterId: nonEmpty,
  name: nonEmpty,
  alias: nonEmpty.optional(),
  currentVersion: nonEmpty,
  previousVersion: nonEmpty.optional(),
  status: nonEmpty.optional(),
  isRollbackable: z.boolean().optional(),
  rollbackDurationMs: durationMs.optional(),
  rollbackOutcome: z
    .union([
      z.literal("success"),
      z.literal("partiallyReady"),
      z.strictObject({ reason: z.string(), message: z.string() }),
    ])
    .optional(),
  staleReadMs: durationMs.optional(),
});

/**
 * Checks a seed and returns it typed.
 * @param input - untrusted JSON.
 * @throws Error naming the offending fields.
 * @internal
 */
export function parseSeed(input: unknown): AddonSeed {
  const parsed = AddonSeedSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid add-on seed: ${z.prettifyError(parsed.error)}`);
  const seed = parsed.data;
  if (seed.isRollbackable === true && seed.previousVersion === undefined) {
    throw new Error(`invalid add-on seed ${seed.id}: isRollbackable requires previousVersion`);
  }
  return seed;
}

/** Emulator-wide defaults a seed may leave out. @internal */
export interface SeedDefaults {
  rollbackDurationMs: number;
}

/**
 * Builds the state of a new instance.
 * @param seed - the instance description (validated here).
 * @param nowMs - creation time.
 * @param defaults - values for fields the seed leaves out.
 * @throws Error if the seed is invalid.
 * @internal
 */
export function instanceFromSeed(seed: AddonSeed, nowMs: number, defaults: SeedDefaults): AddonInstance {
  const valid = parseSeed(seed);
  const upgraded = valid.previousVersion !== undefined;
  return {
    id: valid.id,
    clusterId: valid.clusterId,
    name: valid.name,
    alias: valid.alias ?? valid.name,
    version: valid.currentVersion,
    previousVersion: valid.previousVersion,
    status: valid.status ?? "running",
    isRollbackable: valid.isRollbackable ?? upgraded,
    reason: "",
    message: "",
    rollbackDurationMs: valid.rollbackDurationMs ?? defaults.rollbackDurationMs,
    rollbackOutcome: valid.rollbackOutcome ?? "success",
    staleReadMs: valid.staleReadMs,
    knownVersions: uniqueVersions([valid.currentVersion, valid.previousVersion]),
    // The fixed annotations that install and upgrade requests carry (docs/cce-api-facts.md §1.5).
    annotations: upgraded ? { "addon.upgrade/type": "upgrade" } : { "addon.install/type": "install" },
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    inFlight: undefined,
  };
}

/**
 * Applies the transitions due by `nowMs`: a rollback whose duration has elapsed settles.
 *
 * On success the instance is `running` at the target version, `previousVersion` names the source and
 * `isRollbackable` is false (a rollback cannot be rolled back; docs/cce-api-facts.md §8, unconfirmed).
 * On failure it is `rollbackFailed` with the seeded `Reason`/`message`, and the version fields return to their
 * pre-rollback values (the source version is still deployed, `previousVersion` is the target again,
 * `isRollbackable` true) so that a retry of the same rollback is allowed, as the documented preconditions intend.
 * @param instance - current state.
 * @param nowMs - the emulator's time.
 * @returns the state at `nowMs` (the same object if nothing changed).
 * @internal
 */
export function advance(instance: AddonInstance, nowMs: number): AddonInstance {
  const flight = instance.inFlight;
  if (flight === undefined || nowMs < flight.completesAtMs) return instance;
  // The change happened when the rollback finished, not when someone looked.
  const settledAt = flight.completesAtMs;
  if (instance.rollbackOutcome === "success" || instance.rollbackOutcome === "partiallyReady") {
    return {
      ...instance,
      status: instance.rollbackOutcome === "success" ? "running" : "available",
      reason: "",
      message: "",
      version: flight.target,
      previousVersion: flight.source,
      isRollbackable: false,
      updatedAtMs: settledAt,
      inFlight: undefined,
    };
  }
  return {
    ...instance,
    status: "rollbackFailed",
    reason: instance.rollbackOutcome.reason,
    message: instance.rollbackOutcome.message,
    version: flight.source,
    previousVersion: flight.target,
    isRollbackable: true,
    updatedAtMs: settledAt,
    inFlight: undefined,
  };
}

/** The answer to "may this instance be rolled back now?". @internal */
export type RollbackCheck = { ok: true; target: string } | { ok: false; message: string };

/**
 * Checks the documented rollback preconditions. The status is checked first because it is the more useful message
 * for a client that posts twice (`rollbacking` is also not rollbackable).
 * @param instance - state with transitions applied.
 * @returns the target version, or why the rollback is refused.
 * @internal
 */
export function checkRollback(instance: AddonInstance): RollbackCheck {
  if (!(ROLLBACK_ALLOWED_STATUSES as readonly string[]).includes(instance.status)) {
    return { ok: false, message: `addon status ${instance.status} does not allow rollback` };
  }
  if (!instance.isRollbackable) return { ok: false, message: `addon ${instance.name} is not rollbackable` };
  if (instance.previousVersion === undefined) {
    return { ok: false, message: `addon ${instance.name} has no previous version to roll back to` };
  }
  return { ok: true, target: instance.previousVersion };
}

/**
 * Starts a rollback the way the service shows it in its 200 answer: status `rollbacking`, the target already in
 * `spec.version` and `currentVersion.version`, the source in `previousVersion`, `isRollbackable` false and
 * `Reason` "Rollback to <target>".
 * @param instance - state with transitions applied.
 * @param nowMs - acceptance time.
 * @throws Error if {@link checkRollback} refuses (callers check first and answer 400).
 * @internal
 */
export function startRollback(instance: AddonInstance, nowMs: number): AddonInstance {
  const check = checkRollback(instance);
  if (!check.ok) throw new Error(check.message);
  return {
    ...instance,
    status: "rollbacking",
    reason: `Rollback to ${check.target}`,
    message: "",
    version: check.target,
    previousVersion: instance.version,
    isRollbackable: false,
    updatedAtMs: nowMs,
    inFlight: {
      source: instance.version,
      target: check.target,
      startedAtMs: nowMs,
      completesAtMs: nowMs + instance.rollbackDurationMs,
    },
  };
}

/** An out-of-band change to an instance (someone else acted on it). @internal */
export interface AddonPatch {
  status?: string;
  version?: string;
  isRollbackable?: boolean;
  previousVersion?: string;
  reason?: string;
  message?: string;
  /** Extension: change how the next rollbacks end (e.g. let a retry succeed). */
  rollbackOutcome?: RollbackOutcome;
  /** Extension: change how long the next rollbacks take. */
  rollbackDurationMs?: number;
}

/** Validates patches that come from JSON (the control API). @internal */
export const AddonPatchSchema = z.strictObject({
  status: nonEmpty.optional(),
  version: nonEmpty.optional(),
  isRollbackable: z.boolean().optional(),
  previousVersion: nonEmpty.optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  rollbackOutcome: AddonSeedSchema.shape.rollbackOutcome,
  rollbackDurationMs: durationMs.optional(),
});

/**
 * Applies an out-of-band change. Changing the status or a version cancels a rollback in flight, because the patched
 * state is what the test says the service now reports.
 * @param instance - state with transitions applied.
 * @param patch - the fields to change.
 * @param nowMs - change time.
 * @throws Error naming the offending fields of an invalid patch.
 * @internal
 */
export function patchInstance(instance: AddonInstance, patch: AddonPatch, nowMs: number): AddonInstance {
  const parsed = AddonPatchSchema.safeParse(patch);
  if (!parsed.success) throw new Error(`invalid add-on patch: ${z.prettifyError(parsed.error)}`);
  const valid = parsed.data;
  const overridesFlight =
    valid.status !== undefined || valid.version !== undefined || valid.previousVersion !== undefined;
  const version = valid.version ?? instance.version;
  const previousVersion = valid.previousVersion ?? instance.previousVersion;
  return {
    ...instance,
    status: valid.status ?? instance.status,
    version,
    previousVersion,
    isRollbackable: valid.isRollbackable ?? instance.isRollbackable,
    reason: valid.reason ?? instance.reason,
    message: valid.message ?? instance.message,
    rollbackOutcome: valid.rollbackOutcome ?? instance.rollbackOutcome,
    rollbackDurationMs: valid.rollbackDurationMs ?? instance.rollbackDurationMs,
    knownVersions: uniqueVersions([...instance.knownVersions, version, previousVersion]),
    updatedAtMs: nowMs,
    inFlight: overridesFlight ? undefined : instance.inFlight,
  };
}

/**
 * Renders an instance as the API's Addon JSON. `status`, `Reason`, `message` and `currentVersion` are always
 * present, as the GO model marks them non-omitempty (docs/cce-api-facts.md §2).
 * @param instance - state with transitions applied.
 * @internal
 */
export function toAddonJson(instance: AddonInstance): AddonJson {
  const template = templateFor(instance.name);
  const status: AddonJson["status"] = {
    status: instance.status,
    Reason: instance.reason,
    message: instance.message,
    targetVersions: instance.knownVersions.filter((v) => compareVersions(v, instance.version) > 0),
    currentVersion: {
      version: instance.version,
      input: template.input(instance.version),
      stable: true,
      translate: template.translate,
      supportVersions: null,
      creationTimestamp: TEMPLATE_RELEASED_AT,
      updateTimestamp: TEMPLATE_RELEASED_AT,
    },
    isRollbackable: instance.isRollbackable,
  };
  if (instance.previousVersion !== undefined) status.previousVersion = instance.previousVersion;
  return {
    kind: "Addon",
    apiVersion: "v3",
    metadata: {
      uid: instance.id,
      name: instance.name,
      alias: instance.alias,
      annotations: { ...instance.annotations },
      creationTimestamp: apiTimestamp(instance.createdAtMs),
      updateTimestamp: apiTimestamp(instance.updatedAtMs),
    },
    spec: {
      clusterID: instance.clusterId,
      version: instance.version,
      addonTemplateName: instance.name,
      addonTemplateType: "helm",
      addonTemplateLogo: "",
      addonTemplateLabels: template.labels,
      description: template.description,
      values: template.values(instance.version, instance.clusterId),
    },
    status,
  };
}

/**
 * Formats a time the way the real sample does (`2024-07-18T03:03:17Z`: UTC, whole seconds).
 * @internal
 */
export function apiTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Orders dotted numeric versions (`1.28.4` < `1.28.6` < `1.28.10`); non-numeric parts compare as strings.
 * @returns negative, zero or positive.
 * @internal
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, "").split(/[.-]/);
  const pb = b.replace(/^v/, "").split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = Number(x);
    const ny = Number(y);
    const diff = Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x.localeCompare(y);
    if (diff !== 0) return diff;
  }
  return 0;
}

function uniqueVersions(versions: readonly (string | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const v of versions) if (v !== undefined) seen.add(v);
  return [...seen].sort(compareVersions);
}

/** Release time of the template versions in the real sample; templates are not modelled further. */
const TEMPLATE_RELEASED_AT = "2024-01-22T11:05:45Z";

interface Template {
  labels: string[];
  description: string;
  translate: Record<string, unknown>;
  input(version: string): Record<string, unknown>;
  values(version: string, clusterId: string): Record<string, unknown>;
}

/** The parts of the real coredns sample a client might look at; the image version follows the add-on version. */
const COREDNS: Template = {
  labels: ["ContainerNetwork"],
  description: "CoreDNS is a DNS server that chains plugins and provides Kubernetes DNS Services",
  translate: {
    en_US: {
      addon: {
        changeLog: "plugin specifications can be associated with cluster specifications",
        description: "CoreDNS is a DNS server that chains plugins and provides Kubernetes DNS Services",
      },
    },
  },
  input: (version) => ({
    basic: {
      cluster_ip: "10.247.3.10",
      image_version: version,
      swr_addr: "swr.cn-north-7.myhuaweicloud.com",
      swr_user: "autopilot-official",
    },
    parameters: { custom: { multiAZBalance: false, multiAZEnabled: false, parameterSyncStrategy: "ensureConsistent" } },
  }),
  values: (version, clusterId) => ({
    basic: {
      cluster_ip: "10.247.3.10",
      cluster_version: "v1.28",
      image_version: version,
      platform: "linux-amd64",
      rbac_enabled: true,
      swr_addr: "swr.cn-north-7.myhuaweicloud.com",
      swr_user: "autopilot-official",
    },
    custom: {
      multiAZBalance: false,
      multiAZEnabled: false,
      parameterSyncStrategy: "ensureConsistent",
      stub_domains: {},
      upstream_nameservers: [],
    },
    flavor: {
      category: ["Autopilot"],
      is_default: true,
      name: "autopilot-flavor1",
      replicas: 2,
      resources: [
        {
          id: "coredns",
          limitsCpu: "1000m",
          limitsMem: "1024Mi",
          name: "coredns",
          requestsCpu: "1000m",
          requestsMem: "1024Mi",
        },
      ],
    },
    isClusterService: true,
    systemAutoInject: {
      cluster: { clusterID: clusterId, clusterNetworkMode: "eni", clusterVersion: "v1.28.5-r0" },
    },
  }),
};

function templateFor(name: string): Template {
  if (name === "coredns") return COREDNS;
  return {
    labels: [],
    description: `${name} add-on (emulated)`,
    translate: {},
    input: (version) => ({ basic: { image_version: version } }),
    values: (version) => ({ basic: { image_version: version }, flavor: {}, custom: {} }),
  };
}
