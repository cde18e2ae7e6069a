/**
 * Starts the plugin's gRPC server on loopback and prints its port, the first and only line on stdout the engine
 * reads (as `@pulumi/pulumi/provider`'s `main` does). The message size limit is the Pulumi SDK's, so that a large
 * request is refused by neither side first.
 * Reference: pulumi/pulumi sdk/nodejs/provider/server.ts (`main`), sdk/nodejs/runtime/settings.ts
 * (`grpcChannelOptions`).
 */
import type { UntypedServiceImplementation } from "@grpc/grpc-js";
import type { Proto } from "./proto";

/** The largest message either side takes: the Pulumi SDK's 400 MiB. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** Serves `service` on 127.0.0.1 and writes the port to `stdout`; resolves with the port and a way to stop. */
export async function serve(
  proto: Proto,
  service: UntypedServiceImplementation,
  stdout: (text: string) => void = (text) => void process.stdout.write(text),
): Promise<{ port: number; stop: () => void }> {
  const server = new proto.grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  server.addService(proto.services.ResourceProviderService, service);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", proto.grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  stdout(`${port}\n`);
  return { port, stop: () => server.forceShutdown() };
}
