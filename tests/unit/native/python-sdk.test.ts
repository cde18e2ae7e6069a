import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot, tempDir } from "../../support/toolchain";

const execFileAsync = promisify(execFile);
const pythonSdk = path.join(repoRoot, "sdk", "python");

/** Every file below `dir` whose name ends with `suffix`, sorted. */
function filesEndingWith(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Runs `python3 -m py_compile` on `files`, the byte code written below `cache` (not next to the sources). */
async function pyCompile(files: string[], cache: string): Promise<void> {
  await execFileAsync("python3", ["-m", "py_compile", ...files], {
    env: { ...process.env, PYTHONPYCACHEPREFIX: cache },
  }).catch((err: NodeJS.ErrnoException & { stderr?: string }) => {
    if (err.code === "ENOENT") {
      throw new Error("python3 is not on PATH: it is needed to check the generated Python SDK (CI has it)");
    }
    throw new Error(`python3 -m py_compile failed:\n${err.stderr ?? err.message}`);
  });
}

// The Python SDK generated from the plugin's schema (sdk/python): every file compiles, a check that needs only
// python3 and takes a second (the end-to-end suites install it with pip and run examples/python on the engine,
// tests/support/python-program.ts). Nothing is skipped: without python3 this fails.
describe("generated Python SDK", () => {
  let cache: string;
  beforeEach(() => (cache = tempDir("pycache")));
  afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

  it("every sdk/python/**/*.py compiles with python3 -m py_compile", async () => {
    assert.ok(fs.existsSync(pythonSdk), "sdk/python is missing: it is generated from the schema by scripts/sdkgen");
    const files = filesEndingWith(pythonSdk, ".py");
    const names = files.map((f) => path.relative(pythonSdk, f));
    for (const expected of [
      "setup.py",
      "pulumi_cce_autopilot/__init__.py",
      "pulumi_cce_autopilot/addon_version_rollback.py",
    ]) {
      assert.ok(names.includes(expected), `${expected} in sdk/python (found: ${names.join(", ")})`);
    }
    await pyCompile(files, cache);
    assert.equal(filesEndingWith(cache, ".pyc").length, files.length, "one .pyc per .py file");
  });

  it("the check fails on a file that does not compile", async () => {
    const broken = path.join(cache, "broken.py");
    fs.writeFileSync(broken, "def f(:\n    pass\n");
    await assert.rejects(pyCompile([broken], cache), /py_compile failed:[\s\S]*SyntaxError/);
  });
});
