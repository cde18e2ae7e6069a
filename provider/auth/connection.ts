/**
 * Where requests go and how they authenticate, resolved the way Huawei Cloud's own tools do it: explicit
 * resource inputs first, then stack config (`huaweicloud:*`, as the Huawei Cloud Pulumi provider spells it), then
 * environment variables (the Terraform provider's `HW_*`, then the SDKs' `HUAWEICLOUD_SDK_*`).
 * Reference: cce-api.md §5, §6.4, §6.5.
 */

/** How requests authenticate. @public */
export type Auth =
  { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string } | { kind: "token"; token: string };

/** @public */
export interface Connection {
  endpoint: URL;
  region: string | undefined;
  projectId: string | undefined;
  auth: Auth;
  /** Where each setting came from, for messages (never the values). */
  sources: { endpoint: string; auth: string; projectId: string | undefined };
}

/** Settings a resource may give explicitly. @public */
export interface ConnectionInputs {
  region?: string | undefined;
  endpoint?: string | undefined;
  projectId?: string | undefined;
}

/** Reads one stack config key such as `huaweicloud:accessKey`. @public */
export type ConfigLookup = (key: string) => string | undefined;

/** A setting is missing, half given or malformed. The message lists every way to fix it. @public */
export class ConnectionConfigError extends Error {
  override name = "ConnectionConfigError";
}

interface CredentialLayer {
  source: string;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  securityToken?: string | undefined;
  token?: string | undefined;
  names: { accessKey: string; secretKey: string; token?: string };
}

const CREDENTIAL_HELP = [
  "Provide Huawei Cloud credentials in one of these ways:",
  "  - stack config: pulumi config set huaweicloud:accessKey <AK> && pulumi config set --secret huaweicloud:secretKey <SK>",
  "    (temporary credentials: also pulumi config set --secret huaweicloud:securityToken <token>)",
  "  - stack config: pulumi config set --secret huaweicloud:token <IAM token>",
  "  - environment: HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN for temporary credentials)",
  "  - environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN)",
  "  - environment: HW_AUTH_TOKEN with an IAM token",
].join("\n");

/**
 * Resolves the endpoint, project and credentials, or throws one `ConnectionConfigError` that says what is
 * missing and every way to provide it. Pure: config and environment are passed in.
 * @public
 */
export function resolveConnection(
  explicit: ConnectionInputs,
  config: ConfigLookup,
  env: Record<string, string | undefined>,
): Connection {
  const get = (key: string) => nonEmpty(config(`huaweicloud:${key}`));
  const region = pick([
    ["input region", nonEmpty(explicit.region)],
    ["huaweicloud:region", get("region")],
    ["HW_REGION_NAME", nonEmpty(env.HW_REGION_NAME)],
  ]);
  if (region && !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region.value)) {
    throw new ConnectionConfigError(
      `region from ${region.source} must look like "cn-north-4" or "ap-southeast-3"; got ${JSON.stringify(region.value)}`,
    );
  }
  const endpoint = resolveEndpoint(explicit, get, region);
  const project = pick([
    ["input projectId", nonEmpty(explicit.projectId)],
    ["huaweicloud:projectId", get("projectId")],
    ["HW_PROJECT_ID", nonEmpty(env.HW_PROJECT_ID)],
    ["HUAWEICLOUD_SDK_PROJECT_ID", nonEmpty(env.HUAWEICLOUD_SDK_PROJECT_ID)],
  ]);
  const { auth, source } = resolveAuth([
    {
      source: "stack config",
      accessKey: get("accessKey"),
      secretKey: get("secretKey"),
      securityToken: get("securityToken"),
      token: get("token"),
      names: { accessKey: "huaweicloud:accessKey", secretKey: "huaweicloud:secretKey", token: "huaweicloud:token" },
    },
    {
      source: "environment (HW_*)",
      accessKey: nonEmpty(env.HW_ACCESS_KEY),
      secretKey: nonEmpty(env.HW_SECRET_KEY),
      securityToken: nonEmpty(env.HW_SECURITY_TOKEN),
      token: nonEmpty(env.HW_AUTH_TOKEN),
      names: { accessKey: "HW_ACCESS_KEY", secretKey: "HW_SECRET_KEY", token: "HW_AUTH_TOKEN" },
    },
    {
      source: "environment (HUAWEICLOUD_SDK_*)",
      accessKey: nonEmpty(env.HUAWEICLOUD_SDK_AK),
      secretKey: nonEmpty(env.HUAWEICLOUD_SDK_SK),
      securityToken: nonEmpty(env.HUAWEICLOUD_SDK_SECURITY_TOKEN),
      names: { accessKey: "HUAWEICLOUD_SDK_AK", secretKey: "HUAWEICLOUD_SDK_SK" },
    },
  ]);
  return {
    endpoint: endpoint.url,
    region: region?.value,
    projectId: project?.value,
    auth,
    sources: { endpoint: endpoint.source, auth: source, projectId: project?.source },
  };
}

/**
 * The CCE endpoint of a region: `https://cce.{region}.myhuaweicloud.com`, except Europe's `.eu` cloud.
 * Reference: cce-api.md §5 (GO/NODE CceRegion).
 * @public
 */
export function cceEndpointForRegion(region: string): string {
  const domain = region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
  return `https://cce.${region}.${domain}`;
}

function resolveEndpoint(
  explicit: ConnectionInputs,
  get: (key: string) => string | undefined,
  region: { source: string; value: string } | undefined,
): { url: URL; source: string } {
  // An explicit region on the resource beats an endpoint from stack config: explicit values come first.
  const fromRegion = region && {
    source: `${region.source} (${region.value})`,
    value: cceEndpointForRegion(region.value),
  };
  const chosen =
    pick([["input endpoint", nonEmpty(explicit.endpoint)]]) ??
    (region?.source === "input region" ? fromRegion : undefined) ??
    pick([["huaweicloud:endpoints.cce", endpointFromConfig(get("endpoints"))]]) ??
    fromRegion;
  if (!chosen) {
    throw new ConnectionConfigError(
      [
        "No CCE endpoint: set a region or an endpoint in one of these ways:",
        "  - resource input region (or endpoint)",
        "  - stack config: pulumi config set huaweicloud:region cn-north-4",
        "  - stack config: pulumi config set --path huaweicloud:endpoints.cce https://cce.cn-north-4.myhuaweicloud.com",
        "  - environment: HW_REGION_NAME=cn-north-4",
      ].join("\n"),
    );
  }
  return { url: validateEndpoint(chosen.value, chosen.source), source: chosen.source };
}

function endpointFromConfig(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const cce = (parsed as Record<string, unknown>).cce;
      if (cce === undefined || typeof cce === "string") return nonEmpty(cce);
    }
  } catch {
    // Not JSON: fall through to the error below.
  }
  throw new ConnectionConfigError(
    'huaweicloud:endpoints must be an object with a "cce" key, e.g. pulumi config set --path huaweicloud:endpoints.cce https://cce.cn-north-4.myhuaweicloud.com',
  );
}

/**
 * Only HTTPS leaves the machine: credentials and signed requests must not cross a network in clear text.
 * Plain HTTP is accepted for loopback hosts (a local emulator or proxy).
 */
function validateEndpoint(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectionConfigError(`endpoint from ${source} is not a URL: ${JSON.stringify(value)}`);
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new ConnectionConfigError(
      `endpoint from ${source} must use https:// (plain http:// is allowed only for localhost); got ${url.protocol}//${url.host}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConnectionConfigError(
      `endpoint from ${source} must be a plain base URL with no user info, query or fragment, e.g. https://cce.cn-north-4.myhuaweicloud.com`,
    );
  }
  return url;
}

function resolveAuth(layers: CredentialLayer[]): { auth: Auth; source: string } {
  for (const layer of layers) {
    if (layer.accessKey && layer.secretKey) {
      const auth: Auth = { kind: "aksk", accessKey: layer.accessKey, secretKey: layer.secretKey };
      if (layer.securityToken) auth.securityToken = layer.securityToken;
      return { auth, source: `${layer.source}: ${layer.names.accessKey}/${layer.names.secretKey}` };
    }
    if (layer.accessKey || layer.secretKey) {
      const missing = layer.accessKey ? layer.names.secretKey : layer.names.accessKey;
      const present = layer.accessKey ? layer.names.accessKey : layer.names.secretKey;
      throw new ConnectionConfigError(`${present} is set but ${missing} is not: give both.\n${CREDENTIAL_HELP}`);
    }
    if (layer.token && layer.names.token) {
      return { auth: { kind: "token", token: layer.token }, source: `${layer.source}: ${layer.names.token}` };
    }
  }
  throw new ConnectionConfigError(`No Huawei Cloud credentials found.\n${CREDENTIAL_HELP}`);
}

function pick(candidates: [string, string | undefined][]): { source: string; value: string } | undefined {
  for (const [source, value] of candidates) if (value !== undefined) return { source, value };
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
