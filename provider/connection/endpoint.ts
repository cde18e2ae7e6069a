/** The CCE endpoint: derived from a region, and what makes an endpoint URL acceptable. */
import { ConnectionConfigError } from "./errors";

/**
 * The CCE endpoint of a region: `https://cce.{region}.myhuaweicloud.com`, except Europe's `.eu` cloud.
 * Reference: docs/cce-api-facts.md §5 (GO/NODE CceRegion).
 * @public
 */
export function cceEndpointForRegion(region: string): string {
  const domain = region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
  return `https://cce.${region}.${domain}`;
}

/**
 * Only HTTPS leaves the machine: credentials and signed requests must not cross a network in clear text.
 * Plain HTTP is accepted for loopback hosts (a local emulator or proxy).
 */
export function validateEndpoint(value: string, source: string): URL {
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
