/**
 * The entry point of the `pulumi-resource-cce-autopilot` plugin (bin/pulumi-resource-cce-autopilot runs it with
 * Node.js). The engine starts it with its own address as the first argument and reads the port of the plugin's
 * gRPC server from the first line of stdout: nothing else may be printed on stdout before it. Start-up loads only
 * the provider server; the schema and the implementation (HTTP client, validation) load on first use (later.ts).
 * The plugin serves the engine's protocol itself (server/), not through `@pulumi/pulumi/provider`'s `main`, whose
 * server drops what the engine sends about previews, timeouts and cancellation.
 */
import * as nodeModule from "node:module";
import { engineAddress } from "./args";
import { CallLog, engineLogSink } from "./engine-log";
import { PLUGIN_EXECUTABLE as PLUGIN } from "./names";
import { NativeRollbackProvider } from "./provider";
import { pluginRelease } from "./release";
import { loadProto } from "./server/proto";
import { serve } from "./server/serve";
import { resourceProviderService } from "./server/service";

/**
 * The plugin, composed: engine logging, the schema, and the implementation over the plugin's config. Everything
 * but the provider server loads on first use.
 */
function start(args: string[]): Promise<void> {
  // The engine starts the plugin at least twice per run: V8's compiled code of the provider server, cached on disk
  // (in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off), saves later starts about a tenth of the
  // CPU time to the port line (measured: 340-350 ms instead of 390 ms).
  nodeModule.enableCompileCache?.();
  const release = pluginRelease();
  let address = engineAddress(args);
  const log = new CallLog(engineLogSink(() => address));
  // One dynamic import: the bundler makes it a chunk of its own, read only when the engine first asks for more
  // than the plugin's info.
  const later = () => import("./later.js");
  const provider = new NativeRollbackProvider({
    version: release.version,
    log,
    inputNames: async () => (await later()).INPUT_NAMES,
    observedNames: async () => (await later()).OBSERVED_OUTPUTS,
    schema: async () => (await later()).schemaText(release),
    implementation: async (settings) => {
      const { parsePluginConfig, pluginConfig, pluginImplementation } = await later();
      // The settings Configure gave (an explicit provider's arguments, or the default provider's stack config);
      // PULUMI_CONFIG, the same stack config, for an engine that sent none.
      const config = settings ? pluginConfig(settings) : parsePluginConfig(process.env.PULUMI_CONFIG);
      return pluginImplementation(log, process.env, config);
    },
    checkSettings: async (settings) => (await later()).checkProviderConfig(settings, process.env),
    changedSettings: async (olds, news) => (await later()).changedSettings(olds, news),
  });
  const proto = loadProto();
  const service = resourceProviderService(proto, {
    provider,
    onAttach: (attached) => {
      address = attached;
    },
  });
  return serve(proto, service).then(() => undefined);
}

start(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${PLUGIN}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
