/**
 * The gRPC library and the engine protocol's generated stubs, as `@pulumi/pulumi` ships them: loaded from its own
 * dependency tree, so that the plugin speaks exactly the protocol version of the SDK it was built with.
 * Reference: pulumi/pulumi proto/pulumi/provider.proto (the ResourceProvider service).
 */
import { createRequire } from "node:module";

/** grpc-js and the messages of provider.proto, plugin.proto and status.proto. */
export interface Proto {
  grpc: typeof import("@grpc/grpc-js");
  provider: typeof import("@pulumi/pulumi/proto/provider_pb");
  services: typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  plugin: typeof import("@pulumi/pulumi/proto/plugin_pb");
  status: typeof import("@pulumi/pulumi/proto/status_pb");
  struct: typeof import("google-protobuf/google/protobuf/struct_pb");
  empty: typeof import("google-protobuf/google/protobuf/empty_pb");
  any: typeof import("google-protobuf/google/protobuf/any_pb");
}

let loaded: Proto | undefined;

/** Loads the stubs once. */
export function loadProto(): Proto {
  if (loaded) return loaded;
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb"));
  loaded = {
    grpc: fromPulumi("@grpc/grpc-js") as Proto["grpc"],
    provider: fromPulumi("./provider_pb") as Proto["provider"],
    services: fromPulumi("./provider_grpc_pb") as Proto["services"],
    plugin: fromPulumi("./plugin_pb") as Proto["plugin"],
    status: fromPulumi("./status_pb") as Proto["status"],
    struct: fromPulumi("google-protobuf/google/protobuf/struct_pb") as Proto["struct"],
    empty: fromPulumi("google-protobuf/google/protobuf/empty_pb") as Proto["empty"],
    any: fromPulumi("google-protobuf/google/protobuf/any_pb") as Proto["any"],
  };
  return loaded;
}
