/**
 * `pulumi-cce-addon-rollback/provider`: the AddonVersionRollback resource provider.
 *
 * Pulumi stores the provider object, serialized as JavaScript text, in the state of every dynamic resource and
 * runs that text in the provider process. So the object below is a set of stubs that capture nothing: each
 * method requires this module by package name when it runs and calls the implementation, which is loaded once
 * per process. The state then holds about 2 KB per copy (Pulumi keeps two per resource: inputs and outputs; the
 * serializer wraps each one-line stub in about 250 bytes), no credentials, and no copy of our code, so
 * `destroy` and `refresh` always run the installed version of this package.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RollbackProviderImplementation } from "./rollback/provider";

type Self = typeof import("./index");
type Impl = RollbackProviderImplementation;

let implementation: Impl | undefined;

/** The provider implementation of this process, created on first use. */
function impl(): Impl {
  if (!implementation) {
    const { RollbackProviderImplementation } = require("./rollback/provider") as typeof import("./rollback/provider");
    implementation = new RollbackProviderImplementation();
  }
  return implementation;
}

// The entry points the stubs call, one per provider method. @internal
export const configure: Impl["configure"] = (...a) => impl().configure(...a);
export const check: Impl["check"] = (...a) => impl().check(...a);
export const diff: Impl["diff"] = (...a) => impl().diff(...a);
export const create: Impl["create"] = (...a) => impl().create(...a);
export const read: Impl["read"] = (...a) => impl().read(...a);
export const update: Impl["update"] = (...a) => impl().update(...a);
const remove: Impl["delete"] = (...a) => impl().delete(...a);
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
export type { RollbackOutputs, RollbackOutcome } from "./rollback/create";
export type { AddonInstance } from "./client/schemas";
