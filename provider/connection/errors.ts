/** A connection setting that is missing, half given or malformed. */
import { errorGuard } from "../error-guard";

/** Which setting a {@link ConnectionConfigError} is about. @public */
export type ConnectionSetting = "region" | "endpoint" | "projectId" | "credentials" | "proxy" | "maxRequestsPerSecond";

/** A setting is missing, half given or malformed. The message lists every way to fix it. @public */
export class ConnectionConfigError extends Error {
  override name = "ConnectionConfigError";
  constructor(
    message: string,
    /** The setting at fault. */
    readonly setting: ConnectionSetting,
    /** True when the setting is simply absent (as opposed to given wrong). */
    readonly missing = false,
  ) {
    super(message);
  }
}

/** @public */
export const isConnectionConfigError = errorGuard(ConnectionConfigError);
