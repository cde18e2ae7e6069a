import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { layeredVirtualEnvironment } from "../../scripts/python/venv";
import { run } from "../../scripts/release/run";
import { requireLanguageHost } from "./native-plugin";
import { type ProgramUnderTest, copyExample, configDrivenProgram } from "./native-program";
import { repoRoot } from "./toolchain";

const pythonSdk = path.join(repoRoot, "sdk", "python");
/** The toolchain's Python environment (pulumi of the pinned version), made by scripts/setup-toolchain.sh. */
const toolchainPython = path.join(repoRoot, ".toolchain", "python", "bin", "python");
/** The line of examples/python/requirements.txt that installs the SDK of this repository. */
const SDK_REQUIREMENT = "../../sdk/python\n";

/**
 * The program's own virtual environment, `<program>/venv` as its Pulumi.yaml names it, filled by pip from its
 * requirements.txt, offline: pulumi and the SDK's other dependencies come from the toolchain's environment, laid
 * under this one by a .pth file (so nothing is fetched and the shared cache is never changed), and the SDK is built
 * from `sdk` by pip. Returns its python and the seconds it took.
 */
async function makeVirtualEnvironment(program: string, sdk: string): Promise<{ python: string; seconds: number }> {
  const started = process.hrtime.bigint();
  const requirements = path.join(program, "requirements.txt");
  const text = fs.readFileSync(requirements, "utf8");
  assert.ok(text.includes(SDK_REQUIREMENT), "examples/python/requirements.txt installs ../../sdk/python");
  fs.writeFileSync(requirements, text.replace(SDK_REQUIREMENT, `${sdk}\n`));

  const python = await layeredVirtualEnvironment(toolchainPython, path.join(program, "venv"));
  // --no-index: offline, so a requirement the toolchain lacks fails here instead of coming from PyPI.
  // --no-build-isolation: setuptools from the toolchain instead of a download. --no-cache-dir: always this SDK.
  await run(
    python,
    ["-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", "--no-cache-dir"].concat([
      "--disable-pip-version-check",
      "-r",
      "requirements.txt",
    ]),
    { cwd: program },
  );
  return { python, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * A copy of examples/`name` in `dir` with its virtual environment made, the generated Python SDK (a copy of the
 * working tree's sdk/python) built into it, and `env` told to run it. Returns the program's directory.
 */
export async function preparePythonExample(name: string, dir: string, env: Record<string, string>): Promise<string> {
  const program = copyExample(name, dir);
  // A copy: pip builds the SDK in its source directory (build/, *.egg-info), which must not be the working tree.
  const sdk = path.join(dir, "sdk-python");
  fs.cpSync(pythonSdk, sdk, {
    recursive: true,
    filter: (src) => !/(^|\/)(build|dist|__pycache__)$|\.egg-info$/.test(src),
  });
  const { python, seconds } = await makeVirtualEnvironment(program, sdk);
  console.log(`      the program's virtual environment (pip install -r requirements.txt): ${seconds.toFixed(1)} s`);
  // The Python host of the toolchain does not read Pulumi.yaml's `virtualenv` (the engine of this era passes it
  // no runtime options): it runs PULUMI_PYTHON_CMD. A current Pulumi CLI's host takes `virtualenv` itself.
  env.PULUMI_PYTHON_CMD = python;
  return program;
}

/**
 * examples/python: the generated Python SDK (sdk/python, a copy of the working tree's, built by pip into the
 * program's virtual environment); the trigger is the config string.
 */
export const pythonProgram: ProgramUnderTest = {
  language: "Python",
  stackName: "python",
  requireTools() {
    const host = requireLanguageHost("python", "Python");
    // The host runs the program through its shim, looked for beside the host's own executable.
    const shim = path.join(path.dirname(fs.realpathSync(host)), "pulumi-language-python-exec");
    if (!fs.existsSync(shim)) {
      throw new Error(`no ${shim} beside the Python language host: run scripts/setup-toolchain.sh`);
    }
    if (!fs.existsSync(toolchainPython)) {
      throw new Error(
        `no Python environment at ${toolchainPython}: run scripts/setup-toolchain.sh (it needs python3 3.10 or ` +
          "newer, and PyPI for the pulumi package, once)",
      );
    }
    if (!fs.existsSync(path.join(pythonSdk, "setup.py"))) {
      throw new Error("sdk/python/setup.py is missing: the Python SDK is generated from the schema by scripts/sdkgen");
    }
  },
  env: {},
  prepare: (dir, env) => preparePythonExample("python", dir, env),
  /**
   * The Pulumi Python SDK's channel to the engine (127.0.0.1) is gRPC core's, which honours https_proxy and matches
   * no_proxy by name, so `localhost` does not exempt 127.0.0.1: without this the program cannot reach the engine
   * through a proxy that refuses other tunnels. no_grpc_proxy, which gRPC reads before no_proxy, leaves the
   * plugin's HTTP traffic to the proxy (grpc/grpc doc/environment_variables.md).
   */
  proxyEnv: { no_grpc_proxy: "localhost,127.0.0.1" },
  ...configDrivenProgram,
  // The Python host interprets the program: a command costs the engine's and Python's start-up only.
  buildsOnEveryRun: false,
  timeoutMs: 300_000,
};
