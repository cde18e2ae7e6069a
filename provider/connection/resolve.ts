/**
 * Where requests go and how they authenticate, resolved the way Huawei Cloud's own tools do it: explicit resource
 * inputs first, then stack config (named by the front door: `huaweicloud:*` for the TypeScript resource,
 * `cce-autopilot:*` for the plugin), then environment variables (the Terraform provider's `HW_*`, then the SDKs'
 * `HUAWEICLOUD_SDK_*`). Proxies come from the usual environment variables (see proxy.ts).
 */
import { type Auth, credentialValues, resolveAuth } from "./credentials";
import { cceEndpointForRegion, validateEndpoint } from "./endpoint";
import { ConnectionConfigError } from "./errors";
import { type ConfigLookup, DYNAMIC_DOOR, type FrontDoor } from "./front-doors";
import { PROXY_VARIABLES, type ProxySettings, proxyUserInfo, resolveProxy } from "./proxy";
import { DEFAULT_MAX_REQUESTS_PER_SECOND, envNames } from "./settings";
import { nonEmpty, pick } from "./values";

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
  /**
   * The most requests per second to send with these credentials to this endpoint (`maxRequestsPerSecond`); absent in
   * a connection built by hand: the default.
   */
  maxRequestsPerSecond?: number;
  /** Where each setting came from, for messages (never the values). */
  sources: { endpoint: string; auth: string; projectId: string | undefined };
}

/** Settings a resource may give explicitly. @public */
export interface ConnectionInputs {
  region?: string | undefined;
  endpoint?: string | undefined;
  projectId?: string | undefined;
}

/**
 * Resolves the endpoint, project and credentials, or throws one `ConnectionConfigError` that says what is missing
 * and every way to provide it, naming the settings as `door` does. Pure: config and environment are passed in.
 * @public
 */
export function resolveConnection(
  explicit: ConnectionInputs,
  config: ConfigLookup,
  env: Record<string, string | undefined>,
  door: FrontDoor = DYNAMIC_DOOR,
): Connection {
  const fromEnv = (name: "region" | "projectId") =>
    envNames(name).map((variable): [string, string | undefined] => [variable, nonEmpty(env[variable])]);
  const region = pick([
    ["input region", nonEmpty(explicit.region)],
    [door.key("region"), door.read(config, "region")],
    ...fromEnv("region"),
  ]);
  if (region && !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region.value)) {
    throw new ConnectionConfigError(
      `region from ${region.source} must look like "cn-north-4" or "ap-southeast-3"; got ${JSON.stringify(region.value)}`,
      "region",
    );
  }
  const endpoint = resolveEndpoint(explicit, config, door, region);
  const project = pick([
    ["input projectId", nonEmpty(explicit.projectId)],
    [door.key("projectId"), door.read(config, "projectId")],
    ...fromEnv("projectId"),
  ]);
  const { auth, source } = resolveAuth(config, env, door);
  const proxy = resolveProxy(endpoint.url, env);
  return {
    endpoint: endpoint.url,
    region: region?.value,
    projectId: project?.value,
    auth,
    proxy,
    maxRequestsPerSecond: resolveRate(config, door),
    secrets: secretValues(config, env, door),
    sources: { endpoint: endpoint.source, auth: source, projectId: project?.source },
  };
}

/**
 * Every credential value that stack config and the environment hold, whichever one is used, and the user info
 * of any proxy URL: what must never appear in an error, a log line or the state. Values shorter than 6
 * characters are left out by `redact` itself.
 * @public
 */
export function secretValues(
  config: ConfigLookup,
  env: Record<string, string | undefined>,
  door: FrontDoor = DYNAMIC_DOOR,
): string[] {
  const proxies = PROXY_VARIABLES.flatMap((name) => proxyUserInfo(env[name]));
  return [...new Set([...credentialValues(config, env, door), ...proxies].filter((v): v is string => !!v))];
}

/** The most requests per second, from stack config or the default. */
function resolveRate(config: ConfigLookup, door: FrontDoor): number {
  const text = door.read(config, "maxRequestsPerSecond");
  if (text === undefined) return DEFAULT_MAX_REQUESTS_PER_SECOND;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000) {
    throw new ConnectionConfigError(
      `${door.key("maxRequestsPerSecond")} must be a number of requests per second above 0 (at most 10000), e.g. ` +
        `${door.setCommand("maxRequestsPerSecond", String(DEFAULT_MAX_REQUESTS_PER_SECOND))}; got ${JSON.stringify(text)}`,
      "maxRequestsPerSecond",
    );
  }
  return rate;
}

function resolveEndpoint(
  explicit: ConnectionInputs,
  config: ConfigLookup,
  door: FrontDoor,
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
    pick([[door.key("endpoint"), door.read(config, "endpoint")]]) ??
    fromRegion;
  if (!chosen) {
    throw new ConnectionConfigError(
      [
        "No CCE endpoint: set a region or an endpoint in one of these ways:",
        "  - resource input region (or endpoint)",
        `  - stack config: ${door.setCommand("region", "cn-north-4")}`,
        `  - stack config: ${door.setCommand("endpoint", "https://cce.cn-north-4.myhuaweicloud.com")}`,
        `  - environment: ${envNames("region")[0]}=cn-north-4`,
      ].join("\n"),
      "endpoint",
      true,
    );
  }
  return { url: validateEndpoint(chosen.value, chosen.source), source: chosen.source };
}
