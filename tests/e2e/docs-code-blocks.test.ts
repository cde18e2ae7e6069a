/**
 * Every code block of README.md and docs/, collected (tests/support/doc-blocks.ts) and checked in its own
 * language: TypeScript type-checks against both front doors, Go builds with the Go SDK, Python byte-compiles and its
 * imports run, YAML programs preview on the real engine against the emulator, Java compiles with the pom the docs
 * show, shell parses, requirements parse; C# (no .NET SDK here) names only what the generated SDK declares. A block
 * an excerpt comment points at a file is checked against that file instead (tests/unit/docs), which its own tests
 * build.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { type ConfigMap, LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { layeredVirtualEnvironment } from "../../scripts/python/venv";
import { type DocBlock, allDocBlocks, where, yamlConfigNeeds } from "../support/doc-blocks";
import { mvn } from "../support/java-program";
import { pluginBin, requireBuiltPlugin, requireLanguageHost } from "../support/native-plugin";
import { offlineEnv, pulumiCommand, repoRoot, tempDir } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };

const blocks = allDocBlocks().filter((b) => b.excerptOf === undefined);
const of = (...languages: string[]) => blocks.filter((b) => languages.includes(b.language));
/** A file name for a block: its page and line. */
const slug = (b: DocBlock) => `${b.file.replace(/[^A-Za-z0-9]+/g, "_")}_${b.line}`;

async function exec(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  try {
    return await execFileAsync(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`, { cause: err });
  }
}

describe("every code block of README.md and docs/", function () {
  this.timeout(900_000);
  const dirs: string[] = [];
  const dir = (name: string) => {
    const d = tempDir(`docs-${name}`);
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("TypeScript: each block type-checks (strict) against pulumi-cce-addon-rollback and the plugin's Node.js SDK", async () => {
    const ts = of("ts", "typescript");
    assert.ok(ts.length >= 4, `${ts.length} TypeScript blocks`);
    const project = dir("ts");
    const modules = path.join(project, "node_modules");
    fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
    // The dynamic resource's package as npm would resolve it (its package.json's exports, dist/ built by the
    // suite), @pulumi/pulumi of this repository, and the plugin's SDK from its sources in sdk/nodejs.
    fs.symlinkSync(repoRoot, path.join(modules, "pulumi-cce-addon-rollback"));
    fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi", "pulumi"), path.join(modules, "@pulumi", "pulumi"));
    const files = ts.map((b) => {
      const file = `${slug(b)}.ts`;
      fs.writeFileSync(path.join(project, file), b.text);
      return file;
    });
    // The compiler options the docs give users (their tsconfig.json block), with the SDK taken from its sources.
    const tsconfigs = of("json").filter((b) => b.text.includes('"compilerOptions"'));
    assert.equal(tsconfigs.length, 1, "one tsconfig.json block in the docs");
    const { compilerOptions } = JSON.parse(tsconfigs[0]!.text) as { compilerOptions: Record<string, unknown> };
    assert.equal(compilerOptions.strict, true, `${where(tsconfigs[0]!)} is strict`);
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          noEmit: true,
          types: [],
          paths: { "@pulumi-cce-addon-rollback/cce-autopilot": [path.join(repoRoot, "sdk", "nodejs", "index.ts")] },
        },
        files,
      }),
    );
    await exec(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
      cwd: project,
    });
  });

  it("Go: each block builds as a program with the Go SDK", async () => {
    const go = of("go");
    assert.ok(go.length >= 2, `${go.length} Go blocks`);
    const module = dir("go");
    // examples/go's go.mod and go.sum: the Pulumi Go SDK of the pinned version, and this repository's Go SDK.
    const goMod = fs
      .readFileSync(path.join(repoRoot, "examples", "go", "go.mod"), "utf8")
      .replace(/^module .*$/m, "module example.com/docblocks")
      .replace(/=> \.\.\/\.\.\/sdk\/go/, `=> ${path.join(repoRoot, "sdk", "go")}`);
    assert.match(goMod, /=> \/.*\/sdk\/go/, "examples/go/go.mod replaces the SDK with ../../sdk/go");
    fs.writeFileSync(path.join(module, "go.mod"), goMod);
    fs.copyFileSync(path.join(repoRoot, "examples", "go", "go.sum"), path.join(module, "go.sum"));
    for (const b of go) {
      fs.mkdirSync(path.join(module, slug(b)));
      fs.writeFileSync(path.join(module, slug(b), "main.go"), b.text);
    }
    await exec("go", ["build", "./..."], { cwd: module, env: { ...process.env, GOFLAGS: "-mod=mod" } });
  });

  it("Python: each block byte-compiles, and its imports run with pulumi and the SDK installed", async () => {
    const py = of("python");
    assert.ok(py.length >= 3, `${py.length} Python blocks`);
    const work = dir("python");
    const venv = await layeredVirtualEnvironment(
      path.join(repoRoot, ".toolchain", "python", "bin", "python"),
      path.join(work, "venv"),
    );
    // A copy: pip builds the SDK in its source folder.
    const sdk = path.join(work, "sdk-python");
    fs.cpSync(path.join(repoRoot, "sdk", "python"), sdk, {
      recursive: true,
      filter: (src) => !/(^|\/)(build|dist|__pycache__)$|\.egg-info$/.test(src),
    });
    await exec(venv, ["-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", sdk], { cwd: work });
    const checker = [
      "import ast, sys",
      "for name in sys.argv[1:]:",
      "    tree = ast.parse(open(name).read(), name)",
      "    compile(tree, name, 'exec')",
      "    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]",
      "    exec(compile(ast.Module(body=imports, type_ignores=[]), name, 'exec'), {})",
      "    print(name, len(imports), 'imports')",
    ].join("\n");
    const files = py.map((b) => {
      const file = path.join(work, `${slug(b)}.py`);
      fs.writeFileSync(file, b.text);
      return file;
    });
    const { stdout } = await exec(venv, ["-c", checker, ...files], { cwd: work });
    for (const file of files) assert.match(stdout, new RegExp(`${path.basename(file)} [1-9]\\d* imports`));
  });

  describe("YAML", () => {
    let emulator: Emulator | undefined;
    afterEach(async () => {
      await emulator?.close();
      emulator = undefined;
    });

    const yaml = of("yaml");
    it("there are YAML blocks, programs among them", () => {
      assert.ok(yaml.filter(isProgram).length >= 5, `${yaml.length} YAML blocks`);
    });

    for (const block of yaml) {
      if (!isProgram(block)) {
        it(`${where(block)}: parses, and a Pulumi.yaml names the project and its runtime`, async () => {
          const file = path.join(dir("yaml-doc"), "doc.yaml");
          fs.writeFileSync(file, block.text);
          const python = path.join(repoRoot, ".toolchain", "python", "bin", "python");
          const script = "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(sorted(d))";
          const { stdout } = await exec(python, ["-c", script, file], { cwd: repoRoot });
          if (/^runtime:/m.test(block.text)) assert.match(stdout, /'name'.*'runtime'/);
        });
        continue;
      }
      it(`${where(block)}: pulumi preview against the emulator`, async () => {
        requireBuiltPlugin();
        requireLanguageHost("yaml", "YAML");
        emulator = await startEmulator();
        const program = dir("yaml");
        const { values, undeclared } = yamlConfigNeeds(block.text);
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), yamlProgram(block.text, undeclared));
        const env = offlineEnv(program, {
          HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
          HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
          HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
        });
        const stack = await LocalWorkspace.createOrSelectStack(
          { stackName: "docs", workDir: program },
          { pulumiCommand: await pulumiCommand(), envVars: env },
        );
        const config: ConfigMap = { "cce-autopilot:endpoint": { value: emulator.url } };
        for (const name of values.filter((n) => !hasDefault(block.text, n))) config[name] = configValue(name);
        await stack.setAllConfig(config);
        const messages: string[] = [];
        const preview = await stack.preview({
          diff: true,
          onEvent: (event) => {
            if (event.diagnosticEvent) messages.push(event.diagnosticEvent.message);
          },
        });
        assert.ok(Object.keys(preview.changeSummary).length > 0, preview.stdout);
        if (/type: cce-autopilot:index:AddonVersionRollback/.test(block.text) && !/provider: \$\{/.test(block.text)) {
          // The default provider reads the emulator: the preview names the rollback it would make.
          assert.match(messages.join("\n"), /coredns 1\.28\.6 -> 1\.28\.4/, messages.join("\n"));
        }
      });
    }
  });

  it("Java: every Java block compiles with the pom.xml block, against the Java SDK", async () => {
    const java = of("java");
    const poms = of("xml").filter((b) => b.text.includes("<artifactId>cce-autopilot</artifactId>"));
    assert.ok(java.length >= 2 && poms.length === 1, `${java.length} Java blocks, ${poms.length} pom.xml blocks`);
    const work = dir("java");
    const sdk = path.join(work, "sdk-java");
    fs.cpSync(path.join(repoRoot, "sdk", "java"), sdk, {
      recursive: true,
      filter: (source) => path.basename(source) !== "target",
    });
    await mvn(sdk, ["install", "-DskipTests"], {}, "installing sdk/java");
    // One Maven project per block, with the docs' pom.xml: blocks may declare the same class (each is a program).
    for (const b of java) {
      const project = path.join(work, slug(b));
      const pkg = /^package ([\w.]+);/m.exec(b.text)?.[1] ?? "";
      const cls = /^public class (\w+)/m.exec(b.text)?.[1];
      assert.ok(cls, `${where(b)} declares a public class`);
      const folder = path.join(project, "src", "main", "java", ...pkg.split(".").filter(Boolean));
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(project, "pom.xml"), poms[0]!.text);
      fs.writeFileSync(path.join(folder, `${cls}.java`), b.text);
      await mvn(project, ["compile"], {}, `compiling ${where(b)}`);
      assert.ok(
        fs.existsSync(path.join(project, "target", "classes", ...pkg.split(".").filter(Boolean), `${cls}.class`)),
      );
    }
  });

  it("JSON: each block parses", () => {
    const json = of("json");
    assert.ok(json.length >= 1);
    for (const b of json) assert.doesNotThrow(() => JSON.parse(b.text), where(b));
  });

  it("XML: each block parses, and a pom.xml depends on the Java SDK of package.json's version", async () => {
    const xml = of("xml");
    assert.ok(xml.length >= 1);
    for (const b of xml) {
      const file = path.join(dir("xml"), "doc.xml");
      fs.writeFileSync(file, b.text);
      await exec("python3", ["-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])", file], {
        cwd: repoRoot,
      });
      if (b.text.includes("<artifactId>cce-autopilot</artifactId>")) {
        assert.match(b.text, new RegExp(`<artifactId>cce-autopilot</artifactId>\\s*<version>${version}</version>`));
      }
    }
  });

  it("C#: every Pulumi.CceAutopilot type and property a block names is in the generated .NET SDK", () => {
    const csharp = of("csharp");
    assert.ok(csharp.length >= 1);
    const sdk = fs
      .readdirSync(path.join(repoRoot, "sdk", "dotnet"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".cs"))
      .map((f) => fs.readFileSync(path.join(repoRoot, "sdk", "dotnet", f), "utf8"))
      .join("\n");
    for (const b of csharp) {
      assert.match(b.text, /^using Pulumi\.CceAutopilot;$/m, `${where(b)} uses the SDK's namespace`);
      // Resources and invoke arguments it creates, and functions it invokes.
      const created = [...b.text.matchAll(/new (AddonVersionRollback|Provider|\w+InvokeArgs)\b/g)].map((m) => m[1]!);
      const invoked = [...b.text.matchAll(/\b(\w+)\.Invoke(?:Async)?\(/g)].map((m) => m[1]!);
      assert.ok(created.length + invoked.length > 0, `${where(b)} uses a resource or function of the SDK`);
      for (const type of created) assert.match(sdk, new RegExp(`public (?:partial|sealed) class ${type}\\b`), type);
      for (const fn of invoked) assert.match(sdk, new RegExp(`public static class ${fn}\\b`), fn);
      // Members of a result read in an Apply: `addon => addon.CurrentVersion`, `a => a.IsRollbackable`.
      for (const [, , member] of b.text.matchAll(/\b(\w+) => \1\.([A-Z]\w+)/g)) {
        assert.match(sdk, new RegExp(`public readonly [^;]+ ${member};`), `${where(b)}: ${member}`);
      }
      // Object initializers of the args: `Name = value,` lines.
      for (const [, property] of b.text.matchAll(/^\s+([A-Z]\w+) = /gm)) {
        if (["CustomTimeouts", "Create"].includes(property!)) continue; // Pulumi's own option types
        assert.match(sdk, new RegExp(`public Input<[^>]+>\\?? ${property} \\{|public .+ ${property}\\b`), property);
      }
    }
  });

  it("shell: each block parses with bash -n, and each `npm run` names a script", async () => {
    const scripts = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: object }).scripts,
    );
    for (const b of of("sh")) {
      // A placeholder such as `<AK>` or `<release>` stands for a word the user types.
      const command = b.text.replace(/<[A-Za-z][^<>\n]*>/g, "PLACEHOLDER");
      await exec("bash", ["-n", "-c", command], { cwd: repoRoot }).catch((err: Error) => {
        throw new Error(`${where(b)}: ${err.message}`);
      });
      for (const [, script] of b.text.matchAll(/npm run ([\w:-]+)/g)) {
        assert.ok(scripts.includes(script!), `${where(b)}: npm run ${script} is not a script of package.json`);
      }
    }
  });

  it("text: each block is a pip requirements file that pip parses", async () => {
    const python = path.join(repoRoot, ".toolchain", "python", "bin", "python");
    for (const b of of("text")) {
      const file = path.join(dir("requirements"), "requirements.txt");
      // pip's own parser, with the release folder of the docs' `--find-links <release>` as an empty folder.
      fs.writeFileSync(file, b.text.replace(/<release>/g, path.dirname(file)));
      const script = [
        "import sys",
        "from pip._internal.req.req_file import parse_requirements",
        "from pip._internal.network.session import PipSession",
        "reqs = [r.requirement for r in parse_requirements(sys.argv[1], session=PipSession())]",
        "print(reqs)",
      ].join("\n");
      const { stdout } = await exec(python, ["-c", script, file], { cwd: repoRoot });
      assert.match(stdout, /pulumi/, `${where(b)}: ${stdout}`);
    }
  });
});

/** A Pulumi YAML program or part of one (resources, variables, outputs), not another language's Pulumi.yaml. */
function isProgram(block: DocBlock): boolean {
  if (/^runtime:\s*(?!yaml)\S/m.test(block.text) || /^runtime:\s*\n\s+name:/m.test(block.text)) return false;
  return /^(resources|variables):/m.test(block.text);
}

/**
 * The block as a whole YAML program: a name and runtime if it has none, config declarations for what it uses
 * undeclared, and the plugin of this checkout (bin/) in place of any `plugins:` block it has.
 */
function yamlProgram(text: string, undeclared: string[]): string {
  let program = text.replace(/^plugins:.*\n(?:[ #].*\n)*/m, "");
  if (!/^name:/m.test(program)) program = `name: docs-block\nruntime: yaml\n${program}`;
  if (undeclared.length > 0) {
    const declarations = undeclared.map((name) => `  ${name}:\n    type: string\n`).join("");
    program = /^config:\n/m.test(program)
      ? program.replace(/^config:\n/m, `config:\n${declarations}`)
      : `${program}config:\n${declarations}`;
  }
  return `${program}plugins:\n  providers:\n    - name: cce-autopilot\n      path: ${pluginBin}\n`;
}

/** Whether the program's `config:` gives `name` a default. */
function hasDefault(text: string, name: string): boolean {
  return new RegExp(`^  ${name}:\\n(?: {4}.*\\n)*? {4}default:`, "m").test(text);
}

/** A config value for a name a docs program uses: the emulator's cluster and keys, an incident otherwise. */
function configValue(name: string): { value: string; secret?: boolean } {
  if (/clusterid/i.test(name)) return { value: DEFAULT_SEED.clusterId };
  if (/accesskey/i.test(name)) return { value: TEST_CREDENTIALS.accessKey, secret: true };
  if (/secretkey/i.test(name)) return { value: TEST_CREDENTIALS.secretKey, secret: true };
  return { value: "INC-4211" };
}
