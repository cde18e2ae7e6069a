/**
 * Where requests go and how they authenticate, resolved the way Huawei Cloud's own tools do it: explicit
 * resource inputs first, then stack config (`huaweicloud:*`, as the Huawei Cloud Pulumi provider spells it), then
 * environment variables (the Terraform provider's `HW_*`, then the SDKs' `HUAWEICLOUD_SDK_*`).
 * Proxies come from the usual environment variables (see {@link ProxySettings}).
 */
import { ConnectionConfigError } from "../connection/errors";

export { ConnectionConfigError, type ConnectionSetting } from "../connection/errors";
/** How requests authenticate. @public */
export type Auth =
  { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string } | { kind: "token"; token: string };

/**
 * The HTTP(S) proxy to go through, from `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY` and
 * `no_proxy`/`NO_PROXY` (lower case first, as undici, curl and most Node.js tools read them). An empty string means
 * none; `NO_PROXY` is a comma- or space-separated list of host names, domain suffixes and `host:port`, or `*`.
 * @public
 */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** The proxy for the endpoint as it may be shown (user info masked), with the variable it came from. */
  display: string | undefined;
}

/** @public */
export interface Connection {
  endpoint: URL;
  region: string | undefined;
  projectId: string | undefined;
  auth: Auth;
  proxy: ProxySettings;
  /**
   * Every credential value found in stack config or the environment (access keys included) and every proxy
   * password: the one list that redaction uses, wherever a text may reach an error, a log line or the state.
   */
  secrets: string[];
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

interface CredentialLayer {
  source: string;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  securityToken?: string | undefined;
  token?: string | undefined;
  names: { accessKey: string; secretKey: string; securityToken: string; token?: string };
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
      "region",
    );
  }
  const endpoint = resolveEndpoint(explicit, get, region);
  const project = pick([
    ["input projectId", nonEmpty(explicit.projectId)],
    ["huaweicloud:projectId", get("projectId")],
    ["HW_PROJECT_ID", nonEmpty(env.HW_PROJECT_ID)],
    ["HUAWEICLOUD_SDK_PROJECT_ID", nonEmpty(env.HUAWEICLOUD_SDK_PROJECT_ID)],
  ]);
  const { auth, source } = resolveAuth(credentialLayers(config, env));
  const proxy = resolveProxy(endpoint.url, env);
  return {
    endpoint: endpoint.url,
    region: region?.value,
    projectId: project?.value,
    auth,
    proxy,
    secrets: secretValues(config, env),
    sources: { endpoint: endpoint.source, auth: source, projectId: project?.source },
  };
}

/**
 * Every credential value that stack config and the environment hold, whichever one is used, and the user info
 * of any proxy URL: what must never appear in an error, a log line or the state. Values shorter than 6
 * characters are left out by `redact` itself.
 * @public
 */
export function secretValues(config: ConfigLookup, env: Record<string, string | undefined>): string[] {
  const credentials = credentialLayers(config, env).flatMap((l) => [
    l.accessKey,
    l.secretKey,
    l.securityToken,
    l.token,
  ]);
  const proxies = PROXY_VARIABLES.flatMap((name) => proxyUserInfo(env[name]));
  return [...new Set([...credentials, ...proxies].filter((v): v is string => !!v))];
}

/** The credential sources, in the order they are tried. */
function credentialLayers(config: ConfigLookup, env: Record<string, string | undefined>): CredentialLayer[] {
  const get = (key: string) => nonEmpty(config(`huaweicloud:${key}`));
  return [
    {
      source: "stack config",
      accessKey: get("accessKey"),
      secretKey: get("secretKey"),
      securityToken: get("securityToken"),
      token: get("token"),
      names: {
        accessKey: "huaweicloud:accessKey",
        secretKey: "huaweicloud:secretKey",
        securityToken: "huaweicloud:securityToken",
        token: "huaweicloud:token",
      },
    },
    {
      source: "environment (HW_*)",
      accessKey: nonEmpty(env.HW_ACCESS_KEY),
      secretKey: nonEmpty(env.HW_SECRET_KEY),
      securityToken: nonEmpty(env.HW_SECURITY_TOKEN),
      token: nonEmpty(env.HW_AUTH_TOKEN),
      names: {
        accessKey: "HW_ACCESS_KEY",
        secretKey: "HW_SECRET_KEY",
        securityToken: "HW_SECURITY_TOKEN",
        token: "HW_AUTH_TOKEN",
      },
    },
    {
      source: "environment (HUAWEICLOUD_SDK_*)",
      accessKey: nonEmpty(env.HUAWEICLOUD_SDK_AK),
      secretKey: nonEmpty(env.HUAWEICLOUD_SDK_SK),
      securityToken: nonEmpty(env.HUAWEICLOUD_SDK_SECURITY_TOKEN),
      names: {
        accessKey: "HUAWEICLOUD_SDK_AK",
        secretKey: "HUAWEICLOUD_SDK_SK",
        securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
      },
    },
  ];
}

const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] as const;

/**
 * The proxy settings for requests to `endpoint`. Lower case wins over upper case, as in undici and curl. A value
 * without a scheme is taken as `http://` (as Go's net/http does): "proxy.corp:3128" is common in the wild.
 */
function resolveProxy(endpoint: URL, env: Record<string, string | undefined>): ProxySettings {
  const first = (...names: string[]) => pick(names.map((n) => [n, nonEmpty(env[n])]));
  const https = first("https_proxy", "HTTPS_PROXY");
  const http = first("http_proxy", "HTTP_PROXY");
  const noProxy = first("no_proxy", "NO_PROXY");
  const settings: ProxySettings = {
    httpsProxy: https ? proxyUrl(https) : "",
    httpProxy: http ? proxyUrl(http) : "",
    noProxy: noProxy?.value ?? "",
    display: undefined,
  };
  // The same choice undici's EnvHttpProxyAgent makes, only to say which proxy is used (https falls back to http).
  const chosen = endpoint.protocol === "https:" ? (https ?? http) : http;
  if (chosen && !bypassesProxy(endpoint, settings.noProxy)) {
    settings.display = `${maskUserInfo(proxyUrl(chosen))} (${chosen.source})`;
  }
  return settings;
}

function proxyUrl({ source, value }: { source: string; value: string }): string {
  const withScheme = value.includes("://") ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConnectionConfigError(
      `${source} is not a proxy URL; give it as http://host:port (or http://user:password@host:port)`,
      "proxy",
    );
  }
  if (!["http:", "https:"].includes(url.protocol)) {
    throw new ConnectionConfigError(
      `${source} must be an http:// or https:// proxy URL; got ${url.protocol}//${url.host}`,
      "proxy",
    );
  }
  return url.href;
}

/** NO_PROXY as undici reads it: `*`, or entries matching the host, a parent domain, or host:port. */
function bypassesProxy(endpoint: URL, noProxy: string): boolean {
  if (noProxy.trim() === "*") return true;
  const host = endpoint.hostname.toLowerCase();
  const port = Number(endpoint.port) || (endpoint.protocol === "https:" ? 443 : 80);
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .some((entry) => {
      const [, name = "", entryPort] = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\*?\./, "").toLowerCase()) ?? [];
      if (entryPort && Number(entryPort) !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

function maskUserInfo(href: string): string {
  const url = new URL(href);
  if (!url.username && !url.password) return href;
  url.username = "***";
  url.password = "";
  return url.href;
}

function proxyUserInfo(value: string | undefined): string[] {
  const raw = nonEmpty(value);
  if (!raw) return [];
  try {
    const url = new URL(raw.includes("://") ? raw : `http://${raw}`);
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    return [password, url.password, password && `${user}:${password}`, `${url.username}:${url.password}`].filter(
      (v) => v && v !== ":",
    );
  } catch {
    return [];
  }
}

/**
 * The CCE endpoint of a region: `https://cce.{region}.myhuaweicloud.com`, except Europe's `.eu` cloud.
 * Reference: docs/cce-api-facts.md §5 (GO/NODE CceRegion).
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
      "endpoint",
      true,
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
    "endpoint",
  );
}

/**
 * Only HTTPS leaves the machine: credentials and signed requests must not cross a network in clear text.
 * Plain HTTP is accepted for loopback hosts (a local emulator or proxy).
 */
function validateEndpoint(value: string, source: string): URL {
  const problem = endpointProblem(value);
  if (problem) throw new ConnectionConfigError(`endpoint from ${source} ${problem}`, "endpoint");
  return new URL(value);
}

/**
 * What is wrong with an endpoint URL, in words that follow its name ("endpoint ..."), or undefined when it is
 * fine. `check` uses it on the endpoint input, so that a preview refuses what `up` would refuse. The value is
 * never echoed whole: a malformed URL may still hold a password.
 * @internal
 */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL; give a base URL such as https://cce.cn-north-4.myhuaweicloud.com";
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return `must use https:// (plain http:// is allowed only for localhost); got ${url.protocol}//${url.host}`;
  }
  if (url.username || url.password) {
    return "must not hold user info: credentials go in stack config or the environment, never in the URL";
  }
  if (url.search || url.hash) {
    return "must be a plain base URL with no query or fragment, e.g. https://cce.cn-north-4.myhuaweicloud.com";
  }
  return undefined;
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
      throw new ConnectionConfigError(
        `${present} is set but ${missing} is not: give both.\n${CREDENTIAL_HELP}`,
        "credentials",
      );
    }
    if (layer.securityToken) {
      // A security token only works with the temporary AK/SK it was issued with; on its own it is a mistake
      // (often an expired session's leftover), not a way to authenticate.
      throw new ConnectionConfigError(
        `${layer.names.securityToken} is set but ${layer.names.accessKey} and ${layer.names.secretKey} are not: ` +
          `a security token is used only together with the temporary AK/SK it was issued with. Set all three in ` +
          `${layer.source}, or unset ${layer.names.securityToken}.\n${CREDENTIAL_HELP}`,
        "credentials",
      );
    }
    if (layer.token && layer.names.token) {
      return { auth: { kind: "token", token: layer.token }, source: `${layer.source}: ${layer.names.token}` };
    }
  }
  throw new ConnectionConfigError(`No Huawei Cloud credentials found.\n${CREDENTIAL_HELP}`, "credentials", true);
}

function pick(candidates: [string, string | undefined][]): { source: string; value: string } | undefined {
  for (const [source, value] of candidates) if (value !== undefined) return { source, value };
  return undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
