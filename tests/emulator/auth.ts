/**
 * Authentication of emulated API requests: an `X-Auth-Token` from the accepted list, or an AK/SK signature checked
 * by the project's own verifier on the raw bytes received.
 *
 * The answer to a failure follows the API gateway: 401 `APIG.0301` with a message that says which check failed
 * (docs/cce-api-facts.md §3.5). The secret, the signature and the token never leave this module.
 * @internal
 */
import { type ReceivedRequest, verifySignature } from "./verify";

/** The gateway rejects an `X-Sdk-Date` more than 15 minutes away from its own clock (docs/cce-api-facts.md §3.5). @internal */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The parts of a received request that authentication looks at (the verifier's own type). @internal */
export type { ReceivedRequest };

/**
 * An accepted AK/SK pair. `projectIds` are the projects of the account that owns the key: a request whose
 * `X-Project-Id` names another project is refused as the gateway refuses it (docs/cce-api-facts.md §4.3). Without
 * `projectIds` any project is accepted.
 * @internal
 */
export interface AcceptedCredential {
  accessKey: string;
  secretKey: string;
  projectIds?: readonly string[];
}

/** Accepted credentials. @internal */
export interface AuthConfig {
  credentials: readonly AcceptedCredential[];
  tokens: readonly string[];
}

/** How a request authenticated, or why it did not. @internal */
export type AuthResult =
  | { kind: "aksk"; accessKey: string; signedHeaders: string[] }
  | { kind: "token"; tokenIndex: number }
  | { kind: "none"; message: string }
  | { kind: "rejected"; accessKey?: string; message: string; detail: string };

const PREFIX = "Incorrect IAM authentication information: ";

/**
 * Authenticates a request.
 * @param request - the request as received.
 * @param config - accepted credentials.
 * @param nowMs - the emulator's time, for the signature date window.
 * @returns the identity, or a rejection with the gateway `error_msg` (`message`) and a diagnostic for the log (`detail`).
 * @internal
 */
export function authenticate(request: ReceivedRequest, config: AuthConfig, nowMs: number): AuthResult {
  const authorization = single(request.headers["authorization"]);
  if (authorization !== undefined) return authenticateAkSk(request, authorization, config, nowMs);
  const token = single(request.headers["x-auth-token"]);
  if (token !== undefined) {
    // Which accepted token it was, not the token: the rate limit tells callers apart by it.
    const tokenIndex = config.tokens.indexOf(token);
    return tokenIndex >= 0
      ? { kind: "token", tokenIndex }
      : { kind: "rejected", message: `${PREFIX}decrypt token fail`, detail: "token not accepted" };
  }
  return { kind: "none", message: `${PREFIX}verify aksk signature fail` };
}

function authenticateAkSk(
  request: ReceivedRequest,
  authorization: string,
  config: AuthConfig,
  nowMs: number,
): AuthResult {
  // Only the access key id is kept from the header: it identifies the caller and is not secret.
  const accessKey = /Access=([^,\s]+)/.exec(authorization)?.[1];
  const lookup = { unknownKey: false };
  const lookupSecret = (ak: string): string | undefined => {
    const secret = config.credentials.find((c) => c.accessKey === ak)?.secretKey;
    if (secret === undefined) lookup.unknownKey = true;
    return secret;
  };
  let verdict: ReturnType<typeof verifySignature>;
  try {
    verdict = verifySignature(request, lookupSecret, new Date(nowMs), MAX_CLOCK_SKEW_MS);
  } catch (err) {
    // A verifier bug or an input it did not expect must not take the emulator down; it is a failed check.
    verdict = { ok: false, reason: `verifier threw: ${err instanceof Error ? err.message : String(err)}` };
  }
  const rejected = (message: string, detail: string): AuthResult =>
    accessKey === undefined ? { kind: "rejected", message, detail } : { kind: "rejected", accessKey, message, detail };

  if (lookup.unknownKey && accessKey !== undefined) {
    return rejected(`${PREFIX}Get secretKey failed,ak:${accessKey},err:ak not exist`, "unknown access key");
  }
  if (!verdict.ok) {
    const expired = isDateOutsideWindow(single(request.headers["x-sdk-date"]), nowMs);
    return expired
      ? rejected(`${PREFIX}calc ak sk signature fail:signature expired`, maskHex(verdict.reason))
      : rejected(`${PREFIX}verify aksk signature fail`, maskHex(verdict.reason));
  }
  // The date is what limits replay; a signature that does not cover it proves nothing about when it was made
  // (docs/cce-api-facts.md §4.2: the emulator requires x-sdk-date among the signed headers).
  if (!verdict.signedHeaders.includes("x-sdk-date")) {
    return rejected(`${PREFIX}verify aksk signature fail`, "x-sdk-date is not a signed header");
  }
  // The signature only proves who signed; the project is the scope the gateway asks IAM for. A project the key's
  // account does not own fails authentication (401 APIG.0301), signed or not; a request without X-Project-Id is
  // let through because the signing guide asks for the header only for sub-projects (docs/cce-api-facts.md §4.3).
  const projectId = single(request.headers["x-project-id"]);
  const projects = config.credentials.find((c) => c.accessKey === verdict.accessKey)?.projectIds;
  if (projectId !== undefined && projects !== undefined && !projects.includes(projectId)) {
    return rejected(PROJECT_MISMATCH_MESSAGE, "X-Project-Id is not a project of the access key's account");
  }
  return { kind: "aksk", accessKey: verdict.accessKey, signedHeaders: verdict.signedHeaders };
}

/**
 * The `error_msg` for an `X-Project-Id` the access key's account does not own. The code and status are the
 * gateway's IAM authentication failure; the wording after the documented prefix is the emulator's own
 * (docs/cce-api-facts.md §4.3: no public source quotes it).
 * @internal
 */
export const PROJECT_MISMATCH_MESSAGE = `${PREFIX}project id does not belong to the account of the access key`;

/**
 * The `error_msg` for a path `{project_id}` other than the `X-Project-Id` the request was signed for, both projects
 * of the key's account. The wording after the documented prefix is the emulator's own (docs/cce-api-facts.md §9.2).
 * @internal
 */
export const PATH_PROJECT_MISMATCH_MESSAGE = `${PREFIX}project id in the URL does not match X-Project-Id`;

/**
 * Extends an accepted authentication to a project-scoped path (`/autopilot/v3/projects/{project_id}/...`): the path
 * names the project the caller acts in, so it must be a project the caller may act in, or the request fails
 * authentication the way an `X-Project-Id` of another account's project does (401 `APIG.0301`).
 *
 * Why 401 and not 403: the gateway asks IAM for credentials scoped to the project the request names, and a project
 * of another account is an IAM authentication failure there (docs/cce-api-facts.md §4.3); the emulator answers the
 * same for the project in the path, so that the same mistake gets the same answer wherever the project is named.
 *
 * - AK/SK: the path project must be one of the key's account (`projectIds`; a key without `projectIds` accepts any)
 *   and, when the request has an `X-Project-Id`, that same project.
 * - Token: accepted for any project: the emulator's tokens carry no project scope (one project per emulator).
 * @param auth - the result of {@link authenticate}.
 * @param pathProjectId - the decoded `{project_id}` of the path.
 * @param headerProjectId - the `X-Project-Id` header, if any.
 * @param config - the accepted credentials.
 * @returns `auth` unchanged, or a rejection.
 * @internal
 */
export function authorizePathProject(
  auth: AuthResult,
  pathProjectId: string,
  headerProjectId: string | undefined,
  config: AuthConfig,
): AuthResult {
  if (auth.kind !== "aksk") return auth;
  const projects = config.credentials.find((c) => c.accessKey === auth.accessKey)?.projectIds;
  if (projects !== undefined && !projects.includes(pathProjectId)) {
    return {
      kind: "rejected",
      accessKey: auth.accessKey,
      message: PROJECT_MISMATCH_MESSAGE,
      detail: "the path's project_id is not a project of the access key's account",
    };
  }
  if (headerProjectId !== undefined && headerProjectId !== pathProjectId) {
    return {
      kind: "rejected",
      accessKey: auth.accessKey,
      message: PATH_PROJECT_MISMATCH_MESSAGE,
      detail: "the path's project_id differs from X-Project-Id",
    };
  }
  return auth;
}

/**
 * Whether an `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`) is more than {@link MAX_CLOCK_SKEW_MS} from `nowMs`.
 * Unparseable dates count as not expired: the signature check already rejected them with the generic message.
 * @internal
 */
export function isDateOutsideWindow(sdkDate: string | undefined, nowMs: number): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(sdkDate ?? "");
  if (m === null) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const dateMs = Date.UTC(y, mo - 1, d, h, mi, s);
  return Math.abs(nowMs - dateMs) > MAX_CLOCK_SKEW_MS;
}

/** The verifier's reason may quote a computed signature, which is as good as a credential for that request. */
function maskHex(text: string): string {
  return text.replace(/[0-9a-f]{32,}/gi, "***");
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
