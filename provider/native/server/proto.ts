/**
 * The gRPC library and the engine protocol's generated stubs, as `@pulumi/pulumi` ships them, so that the plugin
 * speaks exactly the protocol version of the SDK it was built with (one copy of @grpc/grpc-js in the dependency
 * tree, shared with those stubs). Plain requires of literal names: the plugin's bundler follows them.
 * Reference: pulumi/pulumi proto/pulumi/provider.proto (the ResourceProvider service).
 */

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
  loaded = {
    grpc: require("@grpc/grpc-js") as Proto["grpc"],
    provider: require("@pulumi/pulumi/proto/provider_pb") as Proto["provider"],
    services: require("@pulumi/pulumi/proto/provider_grpc_pb") as Proto["services"],
    plugin: require("@pulumi/pulumi/proto/plugin_pb") as Proto["plugin"],
    status: require("@pulumi/pulumi/proto/status_pb") as Proto["status"],
    struct: require("google-protobuf/google/protobuf/struct_pb") as Proto["struct"],
    empty: require("google-protobuf/google/protobuf/empty_pb") as Proto["empty"],
    any: require("google-protobuf/google/protobuf/any_pb") as Proto["any"],
  };
  return loaded;
}
