/**
 * `pulumi-cce-addon-rollback/provider`: the AddonVersionRollback resource provider.
 *
 * Pulumi stores the provider object, serialized as JavaScript text, in the state of every dynamic resource (twice:
 * inputs and outputs) and runs that text in the provider process. Installed from npm, the object passed is this
 * module's exports, which Pulumi's serializer writes as one `require("pulumi-cce-addon-rollback/provider")` line:
 * no credentials, no copy of our code, and `destroy` and `refresh` always run the installed version. The entry
 * points below load the implementation once per process, on first use.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RollbackProviderImplementation } from "./rollback/provider";

type Self = typeof import("./index");
type Impl = RollbackProviderImplementation;

let implementation: Impl | undefined;

/** The provider implementation of this process, created on first use. */
function impl(): Impl {
  // Loaded through provider/load.ts, which keeps undici and zod out of every program that only imports the stub.
  implementation ??= (require("./load") as typeof import("./load")).loadImplementation();
  return implementation;
}

// The entry points, one per provider method: Pulumi calls them on this module's exports (see sdk/index.ts), and
// the stubs below, and those in states written by earlier versions, call them by package name.
/** @internal */
export const configure: Impl["configure"] = (...a) => impl().configure(...a);
/** @internal */
export const check: Impl["check"] = (...a) => impl().check(...a);
/** @internal */
export const diff: Impl["diff"] = (...a) => impl().diff(...a);
/** @internal */
export const create: Impl["create"] = (...a) => impl().create(...a);
/** @internal */
export const read: Impl["read"] = (...a) => impl().read(...a);
/** @internal */
export const update: Impl["update"] = (...a) => impl().update(...a);
/** @internal */
const remove: Impl["delete"] = (...a) => impl().delete(...a);
/** @internal */
export { remove as delete };

/**
 * The ResourceProvider of `AddonVersionRollback`: configure, check, diff, create, read, update, delete.
 * @public
 */
export const addonVersionRollbackProvider: pulumi.dynamic.ResourceProvider<
  Record<string, unknown>,
  Record<string, unknown>
> = {
  configure: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).configure(...a),
  check: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).check(...a),
  diff: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).diff(...a),
  create: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).create(...a),
  read: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).read(...a),
  update: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).update(...a),
  delete: (...a) => (require("pulumi-cce-addon-rollback/provider") as Self).delete(...a),
};

// Types only: a value export here would load the implementation (undici, zod) wherever the stub is imported.
export type { RollbackObservations, RollbackOutputs, RollbackOutcome } from "./rollback/outputs";
export type { AddonInstance } from "./client/schemas";
