import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);

/**
 * What a checkout may hold in an SDK's directory besides the generated files: `npm install` of sdk/nodejs through
 * a link installs its dependencies there and compiles it into bin/, a `dotnet build` of a project referencing
 * sdk/dotnet writes its bin/ and obj/, `mvn install` in sdk/java (as the README tells a Java user) its target/.
 */
const NOT_GENERATED = new Set(["nodejs/node_modules", "nodejs/bin", "dotnet/bin", "dotnet/obj", "java/target"]);

/**
 * Every file under `dir` (the SDK of `language`), relative to it, sorted, without {@link NOT_GENERATED} and what
 * the .gitignore of `dir` names (for sdk/python, what `pip install ./sdk/python` leaves there, build/ and
 * *.egg-info, as the README's Python section tells users to do). Its lines are names or `*` patterns matched
 * against each part of a path.
 */
function files(dir: string, language: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const gitignore = path.join(dir, ".gitignore");
  const ignored = (fs.existsSync(gitignore) ? fs.readFileSync(gitignore, "utf8").split("\n") : [])
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((glob) => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(path.sep).some((part) => ignored.some((re) => re.test(part))))
    .filter((file) => !NOT_GENERATED.has(`${language}/${file.split(path.sep)[0]}`))
    .sort();
}

// The Go, Python, Node.js, Java and .NET SDKs are generated from the plugin's schema and committed: a program uses
// them without running any generator. This fails when a change to the inputs, outputs, descriptions or the schema
// leaves them behind, and says how to bring them up to date (tests/unit/native/python-sdk.test.ts compiles the
// Python, tests/unit/native/nodejs-sdk.test.ts the TypeScript; the lifecycle suite builds the Java SDK with Maven
// and runs examples/java against it; nothing here can compile the C#).
describe("generated SDKs (sdk/go, sdk/python, sdk/nodejs, sdk/java, sdk/dotnet)", function () {
  this.timeout(300_000);

  it("are what the current schema generates, byte for byte", async function () {
    const dir = tempDir("sdk-drift");
    const schema = path.join(dir, "schema.json");
    const { stdout } = await execFileAsync(process.execPath, [
      path.join(repoRoot, "dist", "scripts", "print-schema.js"),
    ]);
    fs.writeFileSync(schema, stdout);
    const out = path.join(dir, "out");
    for (const generator of ["cce-sdkgen", "cce-sdkgen-java", "cce-sdkgen-dotnet"]) {
      await execFileAsync(path.join(toolchainBin, generator), ["--schema", schema, "--out", out], {
        env: { ...process.env, PATH: `${toolchainBin}${path.delimiter}${process.env.PATH ?? ""}` },
        maxBuffer: 16 * 1024 * 1024,
      });
    }

    for (const language of ["go", "python", "nodejs", "java", "dotnet"]) {
      const committed = path.join(repoRoot, "sdk", language);
      const generated = path.join(out, language);
      const want = files(generated, language);
      assert.ok(want.length > 5, `the generator wrote ${language} files`);
      const stale = [
        ...want.filter((f) => !fs.existsSync(path.join(committed, f))).map((f) => `missing: ${f}`),
        ...files(committed, language)
          .filter((f) => !want.includes(f))
          .map((f) => `not generated any more: ${f}`),
        ...want
          .filter((f) => fs.existsSync(path.join(committed, f)))
          .filter((f) => !fs.readFileSync(path.join(committed, f)).equals(fs.readFileSync(path.join(generated, f))))
          .map((f) => `differs: ${f}`),
      ];
      assert.deepEqual(stale, [], `sdk/${language} is out of date: run \`npm run sdk:gen\` and commit the result`);
    }
  });
});
