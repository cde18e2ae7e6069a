import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot, toolchainBin } from "./toolchain";

/** The plugin executable of this checkout (bin/ starts it from dist/). */
export const pluginExecutable = path.join(repoRoot, "bin", "pulumi-resource-cce-autopilot");

/**
 * The folder programs under test find the plugin in (their `plugins:` block points here): a temporary folder with a
 * link to bin/'s executable, not bin/ itself. Pulumi caches a plugin's schema as schema-<name>.json in the folder
 * above the plugin's (SchemaPath in pulumi/sdk go/common/workspace/plugins.go), which for bin/ is the checkout: a
 * YAML program's preview left schema-cce-autopilot.json there. One folder per checkout, kept between runs.
 */
export const pluginBin = path.join(
  os.tmpdir(),
  `cce-autopilot-plugin-${createHash("sha256").update(repoRoot).digest("hex").slice(0, 12)}`,
  "bin",
);
fs.mkdirSync(pluginBin, { recursive: true });
const linked = path.join(pluginBin, path.basename(pluginExecutable));
try {
  fs.symlinkSync(pluginExecutable, linked);
} catch (err) {
  // Another test process of this checkout made it first.
  if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
}
/** The plugin's resource type, as it appears in a stack's state. */
export const ROLLBACK_TYPE = "cce-autopilot:index:AddonVersionRollback";

/** A resource as `pulumi stack export` writes it. */
export interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

/** Throws, saying what to run, when the plugin's compiled code is missing (bin/ starts it from dist/). */
export function requireBuiltPlugin(): void {
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "main.js"))) {
    throw new Error("dist/provider/native/main.js is missing: run npm run build");
  }
}

/**
 * The path of a language host built by scripts/setup-toolchain.sh; throws when it is missing, so that a test
 * needing it fails instead of being skipped (a run without the language host would pass while proving nothing).
 */
export function requireLanguageHost(runtime: string, language: string): string {
  const host = path.join(toolchainBin, `pulumi-language-${runtime}`);
  if (!fs.existsSync(host)) {
    throw new Error(`no ${language} language host at ${host}: run scripts/setup-toolchain.sh (npm test does it)`);
  }
  return host;
}
