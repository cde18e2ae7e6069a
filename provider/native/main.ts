/**
 * The entry point of the `pulumi-resource-cce-autopilot` plugin (bin/pulumi-resource-cce-autopilot runs it with
 * Node.js). The engine starts it with its own address as the first argument and reads the port of the plugin's
 * gRPC server from the first line of stdout: nothing else may be printed on stdout before it. Start-up loads only
 * the provider server; the schema and the implementation (HTTP client, validation) load on first use.
 * Reference: pulumi/pulumi sdk/nodejs/provider/server.ts (`main`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CallLog, engineLogSink } from "./engine-log";
import { PLUGIN_EXECUTABLE as PLUGIN } from "./names";
import { NativeRollbackProvider, pluginImplementation } from "./provider";

/** The version of the package the plugin is part of (its package.json, three levels up from dist/provider/native). */
function packageVersion(): string {
  const file = path.join(__dirname, "..", "..", "..", "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** The engine's address: the first argument that is not a logging or tracing flag. */
function engineAddress(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") i++;
    else if (arg !== "--logtostderr" && !arg.startsWith("-v=")) return arg;
  }
  return undefined;
}

function start(args: string[]): Promise<void> {
  const log = new CallLog(engineLogSink(engineAddress(args)));
  const provider = new NativeRollbackProvider({
    version: packageVersion(),
    log,
    inputNames: () => (require("../rollback/inputs") as typeof import("../rollback/inputs")).INPUT_NAMES,
    schema: () => (require("./schema") as typeof import("./schema")).schemaText(packageVersion()),
    implementation: () => {
      const { parsePluginConfig } = require("./config") as typeof import("./config");
      return pluginImplementation(log, process.env, parsePluginConfig);
    },
    rewrite: (text) => (require("./config") as typeof import("./config")).withPluginConfigNames(text),
  });
  const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
  return main(provider, args);
}

start(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${PLUGIN}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
