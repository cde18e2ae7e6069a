/**
 * How an error of a resource call reaches the engine. A partial create or update (an error carrying `id`,
 * `properties` and `reasons`) becomes an `ErrorResourceInitFailed` detail, which the engine records as a resource
 * with initialization errors; anything else is a plain error with its message. An RPC the plugin does not offer
 * answers UNIMPLEMENTED, which the engine treats as "use the default behaviour".
 * Reference: pulumi/pulumi sdk/nodejs/provider/server.ts (`grpcResponseFromError`) and
 * pkg/resource/plugin/provider_plugin.go (`resourceStateAndError`, which reads the detail).
 */
import type { ServiceError, StatusObject } from "@grpc/grpc-js";
import type { Proto } from "./proto";

type CallError = Partial<StatusObject> & { code: number; details: string; message?: string };

/** The gRPC error for a failed resource call. */
export function callError(proto: Proto, err: unknown): CallError {
  const message = err instanceof Error ? err.message : String(err);
  const metadata = new proto.grpc.Metadata();
  const init = err as { id?: unknown; properties?: unknown; reasons?: unknown };
  if (typeof init.id === "string" && init.id !== "") {
    const detail = new proto.provider.ErrorResourceInitFailed();
    detail.setId(init.id);
    detail.setProperties(proto.struct.Struct.fromJavaScript((init.properties ?? {}) as never));
    detail.setReasonsList(Array.isArray(init.reasons) ? init.reasons.map(String) : [message]);
    const any = new proto.any.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new proto.status.Status();
    status.setCode(proto.grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: proto.grpc.status.UNKNOWN, details: message, message, metadata };
}

/** The answer of an RPC the plugin does not offer, saying which and why. */
export function unimplemented(proto: Proto, rpc: string, why: string): Partial<ServiceError> & CallError {
  return { code: proto.grpc.status.UNIMPLEMENTED, details: `${rpc} is not implemented: ${why}` };
}
