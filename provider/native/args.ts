/**
 * The plugin's command line as the engine writes it: its own address (host:port of the engine's gRPC server),
 * which the engine may precede with the logging and tracing flags it passes on to plugins (`--logtostderr`,
 * `-v=<level>`, `--tracing <endpoint>`).
 * Reference: pulumi/pulumi sdk/nodejs/provider/internals.ts (`parseArgs`, which the Node.js provider server uses
 * for the same command line) and sdk/go/common/resource/plugin/plugin.go (which builds it).
 */

/** The engine's address: the first argument that is not a logging or tracing flag. */
export function engineAddress(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") i++;
    else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) return arg;
  }
  return undefined;
}
