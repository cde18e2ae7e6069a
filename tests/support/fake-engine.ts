import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/** A stand-in for the engine's gRPC server: records every Log request; each answer takes `delayMs`. */
export async function fakeEngine(delayMs: number, port = 0) {
  const received: { severity: number; message: string; urn: string; ephemeral: boolean }[] = [];
  const server = new grpc.Server();
  server.addService(EngineService, {
    log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
      const r = call.request;
      setTimeout(() => {
        received.push({
          severity: r.getSeverity(),
          message: r.getMessage(),
          urn: r.getUrn(),
          ephemeral: r.getEphemeral(),
        });
        callback(null, new Empty());
      }, delayMs);
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${bound}`, port: bound, received, close: () => server.forceShutdown() };
}
