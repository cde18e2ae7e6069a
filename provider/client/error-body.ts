/**
 * Reads the error code and message out of any error body the CCE Autopilot API or its gateway answers with.
 *
 * Shapes seen (reference: docs/cce-api-facts.md §3): the API gateway's `{error_code, error_msg}`; the Kubernetes Status
 * style with `errorCode/errorMessage` (and sometimes `error_code/error_msg` too); a nested
 * `error: {code, message}` from the add-on manager; and plain text from proxies. A top-level `message` that
 * says more than the generic `errorMessage` ("Invalid request.") is appended, as Huawei's Go SDK does.
 * @internal
 */
export function parseErrorBody(text: string): { errorCode: string; errorMessage: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { errorCode: "", errorMessage: plain(text) };
  }
  if (!isRecord(body)) return { errorCode: "", errorMessage: plain(text) };
  const nested = isRecord(body.error) ? body.error : {};
  const code = firstString(body.error_code, body.errorCode, nested.code, body.code);
  const primary = firstString(body.error_msg, body.errorMessage, nested.message);
  const detail = firstString(body.message, nested.message);
  const parts = [primary, detail].filter((p, i, all) => p && all.indexOf(p) === i);
  return { errorCode: code, errorMessage: parts.join(": ") || plain(text) };
}

function plain(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

function firstString(...values: unknown[]): string {
  for (const v of values) if (typeof v === "string" && v.trim()) return v.trim();
  return "";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
