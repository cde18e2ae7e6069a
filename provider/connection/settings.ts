/**
 * The settings that say where requests go and how they authenticate: one row each, with the environment variables
 * that stand in for a setting (by family, tried in the order of {@link ENV_FAMILIES}), whether its value is a
 * secret, and its description. How stack config names a setting depends on the front door (front-doors.ts);
 * everything else about it is here, and the resolver, the plugin's schema, its config parser, the messages and the
 * README's tables read it from here.
 */

/** Requests per second per account and endpoint unless `maxRequestsPerSecond` says otherwise. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;

/**
 * A family of environment variables: Huawei's Terraform provider (`HW_*`), then Huawei's SDKs
 * (`HUAWEICLOUD_SDK_*`), then the code samples of Huawei's API Explorer and API reference pages, which read only an
 * AK/SK pair, from `CLOUD_SDK_AK` and `CLOUD_SDK_SK` ("Before running this example, set environment variables
 * CLOUD_SDK_AK and CLOUD_SDK_SK"; the rollback API's page has them in each language). Last, so a user who ran a
 * sample keeps it working without it overriding anything set on purpose.
 */
export const ENV_FAMILIES = [
  envFamily("hw", "HW_*"),
  envFamily("sdk", "HUAWEICLOUD_SDK_*"),
  envFamily("sample", "CLOUD_SDK_*", "as Huawei's API Explorer samples"),
] as const;

/** A family: its id, its variables' pattern, and where a value from it came from, as messages say it. */
function envFamily<Id extends string>(id: Id, names: string, note?: string) {
  return { id, names, source: `environment (${names}${note ? `, ${note}` : ""})` };
}

/** The id of a family of environment variables. */
export type EnvFamily = (typeof ENV_FAMILIES)[number]["id"];

/** One setting. */
export interface Setting {
  /** A credential: marked secret in the plugin's schema, never echoed, redacted from every text. */
  secret: boolean;
  /** The environment variable of each family that stands in for it, when stack config does not give it. */
  env: Partial<Record<EnvFamily, string>>;
  /** What it is, in one sentence or two (the default is added after). */
  about: string;
  /** The default when neither config nor environment gives it, in words; otherwise the environment is named. */
  fallback?: string;
  /** What else to know, after the default. */
  note?: string;
}

/** Every setting. A resource's `region`, `endpoint` and `projectId` inputs win over the same settings here. */
export const SETTINGS = {
  accessKey: {
    secret: true,
    env: { hw: "HW_ACCESS_KEY", sdk: "HUAWEICLOUD_SDK_AK", sample: "CLOUD_SDK_AK" },
    about: "Access key ID (AK) of Huawei Cloud credentials, with `secretKey`.",
    note: "Never stored in a resource's state.",
  },
  secretKey: {
    secret: true,
    env: { hw: "HW_SECRET_KEY", sdk: "HUAWEICLOUD_SDK_SK", sample: "CLOUD_SDK_SK" },
    about: "Secret access key (SK) that goes with `accessKey`: set it with `pulumi config set --secret`.",
  },
  securityToken: {
    secret: true,
    env: { hw: "HW_SECURITY_TOKEN", sdk: "HUAWEICLOUD_SDK_SECURITY_TOKEN" },
    about:
      "Security token of temporary credentials, used together with the temporary `accessKey` and `secretKey` it " +
      "was issued with.",
  },
  token: {
    secret: true,
    env: { hw: "HW_AUTH_TOKEN" },
    about: "An IAM token, used when no access key pair is given.",
    note: "Set it with `pulumi config set --secret`.",
  },
  region: {
    secret: false,
    env: { hw: "HW_REGION_NAME" },
    about: 'Region of the clusters, e.g. "cn-north-4", when a resource gives none.',
    note: "Sets the endpoint `https://cce.{region}.myhuaweicloud.com` unless `endpoint` is given.",
  },
  projectId: {
    secret: false,
    env: { hw: "HW_PROJECT_ID", sdk: "HUAWEICLOUD_SDK_PROJECT_ID" },
    about: "Project ID of the region, sent as X-Project-Id, when a resource gives none.",
  },
  endpoint: {
    secret: false,
    env: {},
    about:
      "CCE endpoint URL when a resource gives none, e.g. `https://cce.cn-north-4.myhuaweicloud.com`. Must be " +
      "https:// (http:// only for localhost).",
    fallback: "derived from the region, `https://cce.{region}.myhuaweicloud.com` (`.eu` for eu-west-101)",
  },
  maxRequestsPerSecond: {
    secret: false,
    env: {},
    about:
      "The most requests per second this provider sends with one account to one endpoint, shared by all its " +
      "resources and functions. Huawei's API gateway throttles each user (429 APIG.0308, e.g. `limit:5,time:1 " +
      "second`); on a 429 the rate drops and then recovers gently, and the request waits for the budget instead " +
      "of failing.",
    fallback: `${DEFAULT_MAX_REQUESTS_PER_SECOND}, the gateway's limit seen per user`,
    note:
      "Several pipelines that share an account each send at most this; their rates settle under the gateway's " +
      "limit without talking to each other.",
  },
} as const satisfies Record<string, Setting>;

/** The name of a setting, e.g. `accessKey`. */
export type SettingName = keyof typeof SETTINGS;

/** The settings' names, in the order they are documented. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** The settings that hold credentials. */
export const CREDENTIAL_SETTINGS = [
  "accessKey",
  "secretKey",
  "securityToken",
  "token",
] as const satisfies readonly SettingName[];

/** The environment variables that stand in for a setting, in the order they are tried. */
export function envNames(name: SettingName): string[] {
  const env: Setting["env"] = SETTINGS[name].env;
  return ENV_FAMILIES.map((f) => env[f.id]).filter((v): v is string => v !== undefined);
}

/** A setting's description: what it is, then its default. */
export function describeSetting(name: SettingName): string {
  const setting: Setting = SETTINGS[name];
  const fallback =
    setting.fallback ??
    envNames(name)
      .map((v) => `\`${v}\``)
      .join(", then ");
  return [setting.about, `Default: ${fallback}.`, setting.note].filter(Boolean).join(" ");
}
