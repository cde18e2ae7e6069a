import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The repository root (tests run from `dist/tests/...`). */
export const repoRoot = path.resolve(__dirname, "..", "..", "..");
/** Where scripts/setup-toolchain.sh puts Node.js 22 and the Pulumi binaries. */
export const toolchainBin = path.join(repoRoot, ".toolchain", "bin");

/**
 * The pinned Pulumi CLI provided by scripts/setup-toolchain.sh, with the Automation API's version check on
 * (the CLI is stamped with its version at build time).
 */
export async function pulumiCommand(): Promise<PulumiCommand> {
  if (!fs.existsSync(path.join(toolchainBin, "pulumi"))) {
    throw new Error(`no Pulumi CLI in ${toolchainBin}: run scripts/setup-toolchain.sh (npm test does it for you)`);
  }
  return PulumiCommand.get({ root: path.dirname(toolchainBin) });
}

/**
 * Environment for every engine run of the tests: offline, an isolated Pulumi home and file backend under
 * `dir`, a passphrase secrets provider, and the project's Node.js first on PATH for the language host and
 * the dynamic-provider plugin.
 */
export function offlineEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const home = path.join(dir, "pulumi-home");
  const backend = path.join(dir, "backend");
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(backend, { recursive: true });
  return {
    PATH: `${toolchainBin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-tests-only",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The emulator is on loopback: a proxy from the machine's environment could not reach it.
    NO_PROXY: withLoopback(process.env.NO_PROXY),
    no_proxy: withLoopback(process.env.no_proxy),
    ...extra,
  };
}

function withLoopback(noProxy: string | undefined): string {
  return [noProxy, "127.0.0.1", "localhost"].filter(Boolean).join(",");
}

/** A fresh temporary directory that `after` hooks remove. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `${prefix}-`));
}
