/**
 * Removes credentials from text that may reach an error message, a log line or Pulumi state.
 *
 * Known secret values are replaced wherever they appear; in addition the parts of an `Authorization` header
 * that identify the caller (the access key id and the signature) and any `X-Auth-Token`/`X-Security-Token` header
 * value are masked, because an API error or a proxy may echo request headers back.
 * @public
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; real keys and tokens are long.
    if (secret && secret.length >= 6) out = out.split(secret).join("***");
  }
  return out
    .replace(/(Access=)[^,\s"]+/gi, "$1***")
    .replace(/(Signature=)[0-9a-f]+/gi, "$1***")
    .replace(/((?:x-auth-token|x-security-token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1***");
}
