/**
 * The one place that loads the provider implementation. It is loaded on first use, never at import: the TypeScript
 * resource's stub is imported by every program (which must not pay for undici and zod unless a provider method
 * runs), and the plugin is started by the engine also only to read its schema.
 */
import type { ProviderEnvironment, RollbackProviderImplementation } from "./rollback/provider";

/** A new provider implementation; its module (and undici, zod, the client) loads on the first call. @internal */
export function loadImplementation(environment?: ProviderEnvironment): RollbackProviderImplementation {
  const { RollbackProviderImplementation: Implementation } =
    require("./rollback/provider") as typeof import("./rollback/provider");
  return new Implementation(environment);
}
