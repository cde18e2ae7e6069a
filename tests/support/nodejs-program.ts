import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { type ProgramUnderTest, copyExample, configDrivenProgram } from "./native-program";
import { repoRoot } from "./toolchain";

const execFileAsync = promisify(execFile);
const nodejsSdk = path.join(repoRoot, "sdk", "nodejs");
const SDK_DEPENDENCY = '"@pulumi-cce-addon-rollback/cce-autopilot": "file:../../sdk/nodejs"';

/**
 * examples/nodejs-plugin: a TypeScript program on the generated Node.js SDK (sdk/nodejs), installed with npm from
 * this repository's sdk/nodejs as a user installs it (a copy, compiled by its postinstall; the example's .npmrc
 * says install-links), so the run covers the SDK's package.json and postinstall as well as its code. The trigger is
 * the config string, always read as a secret.
 */
export const nodejsPluginProgram: ProgramUnderTest = {
  language: "TypeScript (the plugin's Node.js SDK)",
  stackName: "nodejs-plugin",
  requireTools() {
    if (!fs.existsSync(path.join(nodejsSdk, "package.json"))) {
      throw new Error(
        "sdk/nodejs/package.json is missing: the Node.js SDK is generated from the schema by scripts/sdkgen",
      );
    }
  },
  env: {},
  async prepare(dir, env) {
    const program = copyExample("nodejs-plugin", dir);
    const manifest = path.join(program, "package.json");
    const text = fs.readFileSync(manifest, "utf8");
    assert.ok(text.includes(SDK_DEPENDENCY), "examples/nodejs-plugin/package.json takes the SDK from ../../sdk/nodejs");
    fs.writeFileSync(manifest, text.replace(SDK_DEPENDENCY, SDK_DEPENDENCY.replace("../../sdk/nodejs", nodejsSdk)));
    const started = process.hrtime.bigint();
    await execFileAsync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: program,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`npm install in the Node.js example failed:\n${err.stderr ?? err.message}`);
    });
    const installed = path.join(program, "node_modules", "@pulumi-cce-addon-rollback", "cce-autopilot");
    // A copy compiled in place (not a link into the checkout): what a user's project holds after npm install.
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "the SDK is installed as a copy");
    assert.ok(fs.existsSync(path.join(installed, "bin", "index.js")), "the SDK's postinstall compiled it");
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`      npm install of the program and the SDK: ${seconds.toFixed(1)} s`);
    return program;
  },
  ...configDrivenProgram,
  // ts-node compiles the program on each run: seconds, like the engine's own time.
  buildsOnEveryRun: false,
  // npm install (the first one in a clean cache fetches from the registry), then about ten engine runs.
  timeoutMs: 600_000,
};
