import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, toolchainBin } from "./toolchain";

/** This repository's bin/, where programs under test find the plugin (their `plugins:` block points here). */
export const pluginBin = path.join(repoRoot, "bin");
/** The plugin executable, as the engine starts it. */
export const pluginExecutable = path.join(pluginBin, "pulumi-resource-cce-autopilot");
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
