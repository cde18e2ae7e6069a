/**
 * The proxy for requests to the CCE endpoint, from the usual environment variables, read the way undici (which
 * sends the requests) reads them; and the proxy passwords, which redaction removes from every text.
 */
import { ConnectionConfigError } from "./errors";
import { nonEmpty, pick } from "./values";

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

export const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] as const;

/**
 * The proxy settings for requests to `endpoint`. Lower case wins over upper case, as in undici and curl. A value
 * without a scheme is taken as `http://` (as Go's net/http does): "proxy.corp:3128" is common in the wild.
 */
export function resolveProxy(endpoint: URL, env: Record<string, string | undefined>): ProxySettings {
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

/**
 * NO_PROXY as undici reads it: `*`, or entries matching the host, a parent domain, or host:port. `noProxy` is
 * already trimmed (nonEmpty).
 */
function bypassesProxy(endpoint: URL, noProxy: string): boolean {
  if (noProxy === "*") return true;
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

export function proxyUserInfo(value: string | undefined): string[] {
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
