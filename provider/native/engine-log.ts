/**
 * Progress lines of the implementation, shown by the Pulumi CLI under the resource they concern. A plugin's own
 * stdout and stderr are hidden by the engine (visible only with `-v=9`), so each line is sent through the
 * engine's `Log` RPC with the URN of the call that produced it. The engine's address is the plugin's first
 * argument. Lines of one call are sent in order, one after the other, and the call answers the engine only once
 * they have all been delivered: otherwise a line could show after the resource's own result, or out of order.
 * References: pulumi/pulumi proto/pulumi/engine.proto (`Engine.Log`, `LogRequest`), sdk/nodejs/log/index.ts.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Where a line goes: the engine, with the URN of the resource it is about (none: a line of the whole run). */
export type LogSink = (line: {
  message: string;
  urn: string | undefined;
  severity: "info" | "warning";
}) => Promise<void>;

interface CallContext {
  urn: string;
  /** Applied to each line of the call before it is sent (removes the call's secret inputs, for instance). */
  rewrite: (line: string) => string;
  /** The lines of this call still on their way, as one chain. */
  pending: Promise<void>;
}

/**
 * Routes each line to the call (resource operation) it was produced in, through AsyncLocalStorage: the
 * implementation and its pooled HTTP clients log through one function, whichever resource they are working for.
 */
export class CallLog {
  private readonly calls = new AsyncLocalStorage<CallContext>();
  /** Lines produced outside any call (rare: a process-wide note), in order too. */
  private global: Promise<void> = Promise.resolve();

  constructor(private readonly sink: LogSink) {}

  /** Sends a progress line of the current call (synchronous for the caller; delivery is awaited by `run`). */
  readonly info = (line: string): void => this.send(line, "info");

  /** Sends a warning of the current call, or of the whole run outside a call. */
  readonly warn = (line: string): void => this.send(line, "warning");

  private send(line: string, severity: "info" | "warning"): void {
    const call = this.calls.getStore();
    const message = call ? call.rewrite(line) : line;
    const deliver = () => this.sink({ message, urn: call?.urn, severity }).catch(() => undefined);
    if (call) call.pending = call.pending.then(deliver);
    else this.global = this.global.then(deliver);
  }

  /**
   * Runs one engine call for the resource `urn`: its lines carry that URN (each rewritten by `rewrite`), and the
   * result (or error) is handed back only after every line has been delivered.
   */
  async run<T>(urn: string, fn: () => Promise<T>, rewrite: (line: string) => string = (line) => line): Promise<T> {
    const call: CallContext = { urn, rewrite, pending: Promise.resolve() };
    try {
      return await this.calls.run(call, fn);
    } finally {
      // Lines may have been queued after others: wait until the chain stops growing.
      let seen: Promise<void> | undefined;
      while (seen !== call.pending) {
        seen = call.pending;
        await seen;
      }
    }
  }

  /** Resolves once every line sent so far outside a call has been delivered. */
  flush(): Promise<void> {
    return this.global;
  }
}

/**
 * How long one line may take to reach the engine. The engine answers a Log call at once; a line it does not take
 * within this time goes to stderr instead, so that a call never waits on its progress lines for long.
 */
export const LOG_DELIVERY_TIMEOUT_MS = 5_000;

/**
 * gRPC channel options for the connection to the engine. The engine and its plugins always talk over loopback, so
 * the channel never goes through a proxy: grpc-js otherwise honours `https_proxy` for it, and `no_proxy=localhost`
 * (a common corporate setting) does not cover the engine's `127.0.0.1:<port>`, so a proxy that refuses the tunnel
 * loses every line, and one that never answers holds each call until the line times out.
 * Each sink also keeps its own connection (`grpc.use_local_subchannel_pool`): grpc-js otherwise shares one per
 * address across the process, and a connection that once found the address closed stays in back-off (up to two
 * minutes) for every later sink to an engine that now listens on the same port, losing its lines.
 * References: grpc/grpc-node packages/grpc-js/src/http_proxy.ts (`grpc.enable_http_proxy`),
 * packages/grpc-js/src/subchannel-pool.ts (`grpc.use_local_subchannel_pool`).
 */
export const ENGINE_CHANNEL_OPTIONS = {
  "grpc.enable_http_proxy": 0,
  "grpc.use_local_subchannel_pool": 1,
} as const;

/**
 * A sink that calls the engine's `Log` RPC at `engine` (host:port, or a function giving the address of the moment:
 * an engine may attach later), directly, each line within `timeoutMs`.
 * Without an address (the plugin run by hand), or when the engine does not take a line, lines go to stderr, which
 * the engine keeps in its own log. Loads gRPC only when the first line is sent.
 */
export function engineLogSink(
  engine: string | undefined | (() => string | undefined),
  stderr: (text: string) => void = writeStderr,
  timeoutMs = LOG_DELIVERY_TIMEOUT_MS,
): LogSink {
  let client:
    | {
        log(
          request: unknown,
          metadata: unknown,
          options: { deadline: number },
          callback: (err: Error | null) => void,
        ): void;
      }
    | undefined;
  let metadata: unknown;
  let proto: typeof import("@pulumi/pulumi/proto/engine_pb") | undefined;
  let connectedTo: string | undefined;
  return async ({ message, urn, severity }) => {
    const address = typeof engine === "function" ? engine() : engine;
    if (!address) {
      stderr(`${severity}: ${message}\n`);
      return;
    }
    if (!client || !proto || connectedTo !== address) {
      // Plain requires of literal names, loaded on the first line only, so that the plugin's bundler includes them.
      const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
      const services =
        require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
      proto = require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
      client = new services.EngineClient(address, grpc.credentials.createInsecure(), ENGINE_CHANNEL_OPTIONS);
      connectedTo = address;
      metadata = new grpc.Metadata();
    }
    const request = new proto.LogRequest();
    request.setSeverity(severity === "warning" ? proto.LogSeverity.WARNING : proto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn ?? "");
    request.setEphemeral(false);
    const connection = client;
    await new Promise<void>((resolve) => {
      connection.log(request, metadata, { deadline: Date.now() + timeoutMs }, (err) => {
        if (err) stderr(`${severity}: ${message} (not delivered to the engine: ${err.message})\n`);
        resolve();
      });
    });
  };
}

function writeStderr(text: string): void {
  process.stderr.write(text);
}
