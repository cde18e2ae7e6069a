import type * as pulumi from "@pulumi/pulumi";
import * as providerModule from "../provider";

/**
 * The provider object handed to Pulumi, which serializes it into every resource's state (twice: inputs and
 * outputs). Installed from npm, the provider module's own exports object is passed: Pulumi's serializer writes a
 * module's exports as one `require("pulumi-cce-addon-rollback/provider")` line, a few hundred bytes. Loaded from
 * anywhere else (a linked checkout, this repository's tests), the serializer would copy the module's code by
 * value instead, so the stubs that each require the package by name are passed: larger, but they work anywhere.
 * @internal
 */
export function serializableProvider(): pulumi.dynamic.ResourceProvider {
  const installed = require.resolve("../provider").split(/[\\/]/).includes("node_modules");
  return installed ? providerModule : providerModule.addonVersionRollbackProvider;
}
