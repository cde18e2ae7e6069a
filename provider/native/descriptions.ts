/**
 * The description of every input and output of AddonVersionRollback, as the plugin's schema carries them (and so
 * the generated SDKs and the registry docs). The TypeScript resource in sdk/index.ts documents the same inputs and
 * outputs with the same words: tests/unit/native/descriptions.test.ts fails when the two disagree, or when an input
 * or output has no description here.
 */
import type { RollbackInputs } from "../rollback/inputs";
import type { RollbackObservations } from "../rollback/outputs";

type InputName = keyof RollbackInputs;
type OutputName = InputName | keyof RollbackObservations;

/** What the resource does (the TypeScript class's documentation). */
export const RESOURCE_DESCRIPTION =
  "Rolls a CCE Autopilot add-on back to its previous version when created, and waits until the rollback has " +
  "really finished (the add-on is `running` or `available` at the previous version), failing with the add-on's " +
  "own reason otherwise. The rollback runs again only when `trigger`, `clusterId` or the add-on (`addonName`, " +
  "`addonId`) changes; any other `pulumi up` leaves the add-on alone and makes no API call. Deleting the resource does not undo the rollback: " +
  "it only removes the record from the stack.";

/** Each input, in the order inputs are documented (the TypeScript `AddonVersionRollbackArgs`). */
export const INPUT_DESCRIPTIONS = {
  clusterId:
    "The CCE Autopilot cluster ID. Changing it rolls back the add-on of the new cluster on the next `pulumi up`.",
  addonId:
    "The add-on instance ID (its `metadata.uid`). Give this or `addonName`, not both. Changing it rolls back the new " +
    "add-on on the next `pulumi up`; changing to the `addonName` output of this resource does not.",
  addonName:
    'The add-on\'s name: its template name such as "coredns" or "log-agent" (or its name or alias). Give this or ' +
    "`addonId`, not both. It is looked up in the cluster when the rollback runs; no add-on, or several, with that " +
    "name is an error that lists the cluster's add-ons. Changing it rolls back the new add-on on the next " +
    "`pulumi up`; changing to the `addonId` output of this resource does not.",
  trigger:
    "Any JSON value; the rollback runs when the resource is created and again each time this value changes " +
    '(compared as canonical JSON: key order does not matter). Use an incident ID such as "INC-4211": a later ' +
    "incident gets a new ID and so a new rollback. When it does not change, `pulumi up` never calls the cloud. " +
    "If it is computed from another resource and unknown during preview, the preview shows a replacement.",
  region:
    'Region of the cluster, e.g. "cn-north-4". Default: stack config `huaweicloud:region`, then `HW_REGION_NAME`. ' +
    "Changing it later records the new value without calling the cloud.",
  endpoint:
    "CCE endpoint URL. Default: `huaweicloud:endpoints` (`cce` key), else `https://cce.{region}.myhuaweicloud.com`. " +
    "Must be https:// (http:// only for localhost). Changing it later does not call the cloud.",
  projectId:
    "Project ID of the region, sent as X-Project-Id. Default: `huaweicloud:projectId`, then `HW_PROJECT_ID`, then " +
    "`HUAWEICLOUD_SDK_PROJECT_ID`. Changing it later does not call the cloud.",
  timeoutSeconds:
    "How long a rollback may take, in seconds, before `pulumi up` fails with the last status seen (the rollback " +
    "itself is not cancelled and the resource is recorded). Default 1800. Changing it later does not call the cloud.",
  expectCurrentVersion:
    'Guard: roll back only if the add-on is at this version now (e.g. the broken "1.28.6"); otherwise fail before ' +
    "anything is sent. Checked only when a rollback is about to run.",
  expectTargetVersion:
    'Guard: roll back only if the rollback would land on this version (e.g. "1.28.4"); otherwise fail before ' +
    "anything is sent. Also makes a rerun idempotent: if the add-on is already running at this version and can no " +
    "longer be rolled back (an earlier run did it), the resource is recorded without a new rollback.",
} as const satisfies Record<InputName, string>;

/**
 * Outputs documented differently from the input of the same name, and the observations. Every other output is an
 * input recorded as given, and is described by the input's text.
 */
export const OUTPUT_DESCRIPTIONS = {
  addonId: "The add-on instance ID: as given, or found from `addonName`.",
  fromVersion: "The version the add-on had before the rollback.",
  toVersion: "The version the rollback landed on.",
  status: 'The add-on\'s status when the rollback finished (updated by `pulumi refresh`; "notFound" once it is gone).',
  currentVersion: "The add-on's version as last seen (at the end of the rollback, or at the last `pulumi refresh`).",
  addonName: 'The add-on\'s name: the one it was addressed by, or its own name (e.g. "coredns") when addressed by ID.',
  startedAt: "When the rollback was requested (or found in progress), ISO 8601.",
  finishedAt: "When the rollback was seen finished, ISO 8601.",
  outcome: '"rolled-back", "resumed" (an interrupted run\'s rollback was waited for) or "already-rolled-back".',
} as const satisfies Partial<Record<OutputName, string>> & Record<keyof RollbackObservations, string>;

/** The description of an output: its own, or the input's it records. */
export function outputDescription(name: OutputName): string {
  return (OUTPUT_DESCRIPTIONS as Partial<Record<OutputName, string>>)[name] ?? INPUT_DESCRIPTIONS[name as InputName];
}

/**
 * The plugin's own configuration keys (`cce-autopilot:<key>`), which take the place of the `huaweicloud:*` keys a
 * dynamic provider reads: a plugin receives only the config of its own package.
 */
export const CONFIG_DESCRIPTIONS = {
  accessKey:
    "Access key ID (AK) of Huawei Cloud credentials, with `secretKey`. Default: `HW_ACCESS_KEY`, then " +
    "`HUAWEICLOUD_SDK_AK`. Never stored in a resource's state.",
  secretKey:
    "Secret access key (SK) that goes with `accessKey`: set it with `pulumi config set --secret`. Default: " +
    "`HW_SECRET_KEY`, then `HUAWEICLOUD_SDK_SK`.",
  securityToken:
    "Security token of temporary credentials, used together with the temporary `accessKey` and `secretKey` it " +
    "was issued with. Default: `HW_SECURITY_TOKEN`, then `HUAWEICLOUD_SDK_SECURITY_TOKEN`.",
  token:
    "An IAM token, used when no access key pair is given. Default: `HW_AUTH_TOKEN`. Set it with " +
    "`pulumi config set --secret`.",
  region:
    'Region of the clusters, e.g. "cn-north-4", when a resource gives none. Default: `HW_REGION_NAME`. Sets the ' +
    "endpoint `https://cce.{region}.myhuaweicloud.com` unless `endpoint` is given.",
  projectId:
    "Project ID of the region, sent as X-Project-Id, when a resource gives none. Default: `HW_PROJECT_ID`, then " +
    "`HUAWEICLOUD_SDK_PROJECT_ID`.",
  endpoint:
    "CCE endpoint URL when a resource gives none, e.g. `https://cce.cn-north-4.myhuaweicloud.com`. Must be " +
    "https:// (http:// only for localhost). Default: derived from the region.",
} as const;

/** The configuration keys that hold credentials: marked secret in the schema. */
export const SECRET_CONFIG_KEYS = [
  "accessKey",
  "secretKey",
  "securityToken",
  "token",
] as const satisfies readonly (keyof typeof CONFIG_DESCRIPTIONS)[];
