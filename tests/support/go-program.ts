import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { requireLanguageHost } from "./native-plugin";
import { type ProgramUnderTest, copyExample, configDrivenProgram } from "./native-program";
import { repoRoot } from "./toolchain";

const execFileAsync = promisify(execFile);
const goSdk = path.join(repoRoot, "sdk", "go");
const sdkModule = "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go";

/** examples/<name>/go.mod with the SDK's replace directive (relative to the example) pointing at this repository's. */
function pointAtRepositorySdk(program: string): void {
  const goMod = path.join(program, "go.mod");
  const text = fs.readFileSync(goMod, "utf8");
  const replace = `replace ${sdkModule} => ../../sdk/go\n`;
  assert.ok(text.includes(replace), "examples/go/go.mod takes the SDK from ../../sdk/go");
  fs.writeFileSync(goMod, text.replace(replace, `replace ${sdkModule} => ${goSdk}\n`));
}

/** Runs go build in `program` as the Go language host does; resolves with the seconds it took. */
async function goBuild(program: string, output: string, env: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  await execFileAsync("go", ["build", "-o", output, "."], {
    cwd: program,
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: NodeJS.ErrnoException & { stderr?: string }) => {
    if (err.code === "ENOENT") throw new Error("go is not on PATH: the Go language host builds the program with it");
    throw new Error(`go build of the Go example failed:\n${err.stderr ?? err.message}`);
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Copies examples/<name> (a Go program) into `dir`, its plugin path and SDK pointing into this repository. */
export function copyGoExample(name: string, dir: string): string {
  const program = copyExample(name, dir);
  pointAtRepositorySdk(program);
  return program;
}

/** examples/go: the generated Go SDK (sdk/go) through a replace directive; the trigger is the config string. */
export const goProgram: ProgramUnderTest = {
  language: "Go",
  stackName: "go",
  requireTools() {
    requireLanguageHost("go", "Go");
    if (!fs.existsSync(path.join(goSdk, "go.mod"))) {
      throw new Error("sdk/go/go.mod is missing: the Go SDK is generated from the schema by scripts/sdkgen");
    }
  },
  /**
   * What `go build` needs here and in CI, as scripts/setup-toolchain.sh sets it: the local Go (no toolchain
   * download), go.sum completed from the module proxy if the generated SDK needs more, and no checksum database
   * (only the module proxy is reachable; GOSUMDB_OVERRIDE as for the toolchain script).
   */
  env: { GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOSUMDB: process.env.GOSUMDB_OVERRIDE ?? "off" },
  async prepare(dir, env) {
    const program = copyGoExample("go", dir);
    // Built outside the engine for the figure: what every pulumi command that runs the program costs on top
    // (again, warm), and what the first one costs in a clean clone (first: the Pulumi Go SDK is compiled).
    const output = path.join(dir, "program-bin");
    const first = await goBuild(program, output, env);
    const again = await goBuild(program, output, env);
    console.log(`      go build of the program: ${first.toFixed(1)} s first, ${again.toFixed(1)} s again`);
    return program;
  },
  ...configDrivenProgram,
  // The Go language host compiles the program for every command that runs it (up, preview).
  buildsOnEveryRun: true,
  // The first go build in a clean clone compiles the Pulumi Go SDK: minutes on 2 cores.
  timeoutMs: 900_000,
};
