import { isAddonNameError, isAddonNotFoundError } from "../addon/errors";
import { redact } from "../auth/redact";
import { isCceApiError } from "../client/errors";
import type { FrontDoor } from "../connection/front-doors";
import { envNames } from "../connection/settings";
import { isRollbackInitError, isRollbackNotAllowedError, isRollbackRequestError } from "./errors";

/**
 * The error a resource operation fails with: the operation as context (unless the message already says all), a hint
 * for an authentication or permission refusal that names the settings as `door` names them, and no credential in
 * the text. A partial create (RollbackInitError) passes unchanged: the engine records its properties. Pure.
 * @internal
 */
export function explainError(
  err: unknown,
  context: string,
  { secrets, door }: { secrets: readonly string[]; door: FrontDoor },
): Error {
  if (isRollbackInitError(err)) return err;
  const message = redact((err as Error)?.message ?? String(err), secrets);
  if (
    isRollbackNotAllowedError(err) ||
    isAddonNotFoundError(err) ||
    isAddonNameError(err) ||
    isRollbackRequestError(err)
  ) {
    return new Error(message, { cause: err });
  }
  return new Error(`${context}: ${message}${hint(err, door)}`, { cause: err });
}

function hint(err: unknown, door: FrontDoor): string {
  if (!isCceApiError(err)) return "";
  if (err.status === 401) {
    const [accessKeyVariable] = envNames("accessKey");
    const [secretKeyVariable] = envNames("secretKey");
    return (
      ` Check the credentials (${door.key("accessKey")}/secretKey or ${accessKeyVariable}/${secretKeyVariable}) ` +
      "and the machine's clock; the API gateway locks an access key for 5 minutes after repeated signature failures."
    );
  }
  if (err.status === 403) {
    return (
      " The credentials lack an IAM permission on this cluster: cce:addonInstance:get to read the add-on " +
      "(cce:addonInstance:list to find it by name), cce:addonInstance:rollback to roll it back."
    );
  }
  return "";
}
