/**
 * The plugin's code and its dependencies (@pulumi/pulumi's protocol stubs, @grpc/grpc-js, undici, zod) bundled
 * by esbuild, so that the plugin holds no node_modules: an entry with the provider server, and a chunk with what
 * the plugin loads on first use (provider/native/later.ts), which a start-up neither reads nor compiles. ES
 * modules, because esbuild splits only those; `require` is given back to the CommonJS dependencies bundled in.
 * The release (version and download location) is written in, so that the bundle reads no file beside itself.
 */
import * as path from "node:path";
import { build } from "esbuild";
import type { Release } from "../../provider/native/release";
import { ENTRY_IN_PLUGIN } from "./launchers";

/** The bundle's files: their paths inside the plugin, and contents. */
export async function bundlePlugin(root: string, release: Release): Promise<Map<string, Buffer>> {
  const outdir = path.join(root, "dist", "plugin-bundle");
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: "provider/native/main.ts" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    splitting: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "[name]-[hash]",
    banner: {
      js: 'import { createRequire as __cceRequire } from "node:module"; const require = __cceRequire(import.meta.url);',
    },
    define: { CCE_AUTOPILOT_PLUGIN_RELEASE: JSON.stringify(release) },
    // Stack traces keep their names; the license comments of the bundled packages stay with their code.
    legalComments: "inline",
    logLevel: "warning",
    write: false,
  });
  const dir = path.posix.dirname(ENTRY_IN_PLUGIN);
  return new Map(
    result.outputFiles.map((file) => [
      path.posix.join(dir, path.relative(outdir, file.path)),
      Buffer.from(file.contents),
    ]),
  );
}
