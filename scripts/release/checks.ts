/**
 * The checks each ecosystem applies to what a release publishes, run on the artifacts themselves: publint and
 * arethetypeswrong on the npm tarballs, the Node.js SDK's installed into a fresh TypeScript project and type-checked,
 * a fresh virtual environment for the wheel, `pulumi plugin install -f` and GetSchema for the plugin, a Go build of
 * a program fetching the SDK's module through GOPROXY, and CHANGELOG.md. Each returns what it found: nothing when
 * the artifact is clean.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { NODEJS_PROGRAM_TSCONFIG } from "../../provider/native/examples";
import { PLUGIN_EXECUTABLE } from "../../provider/native/names";
import type { Release } from "../../provider/native/release";
import { GO_MODULE, NODEJS_SDK_PACKAGE, PYTHON_DISTRIBUTION, type ReleaseLayout } from "./layout";
import { layeredVirtualEnvironment } from "../python/venv";
import { run } from "./run";

type Outcome = { findings: string[]; detail: string };

export interface CheckResult {
  check: string;
  /** What is wrong; empty when the check passed. */
  findings: string[];
  /** What the check saw when it passed (for the release's report). */
  detail: string;
}

async function check(name: string, body: () => Outcome | Promise<Outcome>): Promise<CheckResult> {
  try {
    return { check: name, ...(await body()) };
  } catch (err) {
    return { check: name, findings: [err instanceof Error ? err.message : String(err)], detail: "" };
  }
}

/** publint's messages (errors, warnings and suggestions alike) on the tarball as npm would publish it. */
export function publint(tarball: string, name = "publint"): Promise<CheckResult> {
  return check(name, async () => {
    // publint is an ES module; this stays an import() in the CommonJS output (module: node16).
    const { publint: lint } = await import("publint");
    const { formatMessage } = await import("publint/utils");
    const data = fs.readFileSync(tarball);
    const result = await lint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) } });
    // formatMessage colours its text where picocolors sees a terminal or CI=true; the report is plain text.
    const text = (m: (typeof result.messages)[number]) =>
      stripVTControlCharacters(formatMessage(m, result.pkg) ?? m.code);
    const findings = result.messages.map((m) => `publint ${m.type}: ${text(m)}`);
    return { findings, detail: "no errors, warnings or suggestions" };
  });
}

interface AttwReport {
  problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]>;
}

/**
 * arethetypeswrong: every entry point of the tarball resolves to JavaScript and matching types under each of
 * TypeScript's module resolutions (node10, node16 from CommonJS and from ESM, bundler).
 */
export function attw(root: string, tarball: string, work: string, name = "arethetypeswrong"): Promise<CheckResult> {
  return check(name, () => {
    // The CLI's JSON goes to a file: through a pipe it is cut at 64 KiB, as the CLI exits before stdout drains.
    const report = path.join(work, "attw.json");
    const fd = fs.openSync(report, "w");
    const result = spawnSync(path.join(root, "node_modules", ".bin", "attw"), ["--format", "json", tarball], {
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
    });
    fs.closeSync(fd);
    if (result.error) throw result.error;
    const text = fs.readFileSync(report, "utf8");
    if (!text.startsWith("{")) throw new Error(`attw printed no report (status ${result.status}): ${result.stderr}`);
    const problems = Object.values((JSON.parse(text) as AttwReport).problems ?? {}).flat();
    const findings = problems.map(
      (p) =>
        `arethetypeswrong ${p.kind}: ${p.entrypoint ?? "the package"}${p.resolutionKind ? ` (${p.resolutionKind})` : ""}`,
    );
    return { findings, detail: "every entry point resolves under node10, node16 (CJS and ESM) and bundler" };
  });
}

/** A small TypeScript program on the Node.js SDK: a resource and an invoke, with the types a user writes. */
export const NODEJS_SDK_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as cce from "${NODEJS_SDK_PACKAGE}";

const config = new pulumi.Config();
const clusterId: string = config.require("clusterId");
const before: pulumi.Output<cce.GetAddonInstanceResult> = cce.getAddonInstanceOutput({ clusterId, addonName: "coredns" });
const args: cce.AddonVersionRollbackArgs = { clusterId, addonName: "coredns", trigger: config.requireSecret("trigger") };
const rollback = new cce.AddonVersionRollback("coredns-rollback", args, { customTimeouts: { create: "30m" } });

export const versionBefore: pulumi.Output<string> = before.currentVersion;
export const fromVersion: pulumi.Output<string> = rollback.fromVersion;
export const toVersion: pulumi.Output<string> = rollback.toVersion;
export const status: pulumi.Output<string> = rollback.status;
`;

/** `name@version` of each of the project's own devDependencies named, for installing the same into a test project. */
export function pinnedSpecs(root: string, names: string[]): string[] {
  const own = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return names.map((name) => {
    const version = own.devDependencies[name];
    if (version === undefined) throw new Error(`package.json has no devDependency ${name}`);
    return `${name}@${version}`;
  });
}

/** Installs npm packages into `project` as a user's `npm install` does, preferring what npm has cached. */
export function npmInstall(project: string, specs: string[]): Promise<string> {
  return run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...specs], {
    cwd: project,
  });
}

/** What an installed Node.js SDK tells the engine for each of its resources (utilities.ts, resourceOptsDefaults). */
const NODEJS_SDK_PROBE = `const sdk = require("${NODEJS_SDK_PACKAGE}");
const utilities = require("${NODEJS_SDK_PACKAGE}/bin/utilities");
const manifest = require("${NODEJS_SDK_PACKAGE}/package.json");
console.log(JSON.stringify({ type: sdk.AddonVersionRollback.__pulumiType, defaults: utilities.resourceOptsDefaults(), manifest }));`;

/**
 * The Node.js SDK's tarball installs into a new TypeScript project with \`npm install <tarball>\` beside TypeScript
 * and @types/node of the versions this project uses (nothing compiles at install time: it has no install scripts),
 * a strict program using AddonVersionRollback and getAddonInstance type-checks against it (\`tsc --noEmit\`), and
 * the installed SDK asks the engine for the release's plugin version and download location.
 */
export function nodejsSdkInstalls(root: string, tarball: string, release: Release, work: string): Promise<CheckResult> {
  return check("Node.js SDK installs and type-checks", async () => {
    const project = path.join(work, "nodejs-program");
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(
      path.join(project, "package.json"),
      `${JSON.stringify({ name: "release-check-program", private: true }, null, 2)}\n`,
    );
    fs.writeFileSync(path.join(project, "tsconfig.json"), `${JSON.stringify(NODEJS_PROGRAM_TSCONFIG, null, 2)}\n`);
    fs.writeFileSync(path.join(project, "index.ts"), NODEJS_SDK_PROGRAM);
    const started = process.hrtime.bigint();
    await npmInstall(project, [tarball, ...pinnedSpecs(root, ["typescript", "@types/node"])]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit"], {
      cwd: project,
    });
    const seen = JSON.parse(await run(process.execPath, ["-e", NODEJS_SDK_PROBE], { cwd: project })) as {
      type: string;
      defaults: { version?: string; pluginDownloadURL?: string };
      manifest: { scripts?: Record<string, string>; dependencies?: Record<string, string> };
    };
    const findings: string[] = [];
    if (seen.defaults.version !== release.version) {
      findings.push(`the installed SDK asks the engine for plugin version ${seen.defaults.version}`);
    }
    if (seen.defaults.pluginDownloadURL !== release.pluginDownloadURL) {
      findings.push(`the installed SDK gives the download location ${seen.defaults.pluginDownloadURL}`);
    }
    if (seen.manifest.scripts !== undefined) {
      findings.push(`the SDK has scripts, which npm runs on install: ${Object.keys(seen.manifest.scripts).join(", ")}`);
    }
    return {
      findings,
      detail: `npm install of it with typescript and @types/node (${seconds.toFixed(1)} s), then tsc --noEmit (strict) of a program using AddonVersionRollback and getAddonInstanceOutput; it loads (${seen.type}) and asks for plugin ${seen.defaults.version} from ${seen.defaults.pluginDownloadURL}`,
    };
  });
}

/**
 * The wheel installs into a new virtual environment and imports. pip runs offline (--no-index): the SDK's
 * dependencies come from the toolchain's environment, laid under the new one by a .pth file, so pip still checks
 * that they satisfy the wheel's requirements.
 */
export function wheelInstalls(
  python: string,
  wheel: string,
  layout: ReleaseLayout,
  work: string,
): Promise<CheckResult> {
  return check("wheel installs and imports", async () => {
    const own = await layeredVirtualEnvironment(python, path.join(work, "venv"));
    await run(
      own,
      ["-m", "pip", "install", "--quiet", "--no-index", "--no-cache-dir", "--disable-pip-version-check", wheel],
      {
        cwd: work,
      },
    );
    const probe = [
      "import importlib.metadata, importlib.resources, json",
      `import ${PYTHON_DISTRIBUTION} as sdk`,
      `plugin = json.loads(importlib.resources.files(sdk).joinpath("pulumi-plugin.json").read_text())`,
      `print(json.dumps({"metadata": importlib.metadata.version("${PYTHON_DISTRIBUTION}"), "plugin": plugin["version"], "resource": sdk.AddonVersionRollback.__name__}))`,
    ].join("\n");
    const seen = JSON.parse(await run(own, ["-c", probe], { cwd: work })) as Record<string, string>;
    const findings: string[] = [];
    if (seen.plugin !== layout.version) findings.push(`the installed SDK's pulumi-plugin.json says ${seen.plugin}`);
    return {
      findings,
      detail: `pip installed it offline; import ${PYTHON_DISTRIBUTION} gives AddonVersionRollback, version ${seen.metadata}, plugin ${seen.plugin}`,
    };
  });
}

/**
 * The plugin tarball of this machine's platform installs with `pulumi plugin install -f` (with the checksum
 * SHA256SUMS gives) into a new PULUMI_HOME, and the installed plugin answers GetSchema with the release's version
 * and download location.
 */
export function pluginInstalls(tarball: string, sha256: string, release: Release, work: string): Promise<CheckResult> {
  return check("plugin installs and answers GetSchema", async () => {
    const env = { ...process.env, PULUMI_HOME: path.join(work, "pulumi-home") };
    await run(
      "pulumi",
      ["plugin", "install", "resource", "cce-autopilot", release.version, "-f", tarball, "--checksum", sha256],
      {
        cwd: work,
        env,
      },
    );
    const installed = path.join(env.PULUMI_HOME, "plugins", `resource-cce-autopilot-v${release.version}`);
    const schema = JSON.parse(
      await run("pulumi", ["package", "get-schema", path.join(installed, PLUGIN_EXECUTABLE)], { cwd: work, env }),
    ) as { name: string; version: string; pluginDownloadURL: string };
    const findings: string[] = [];
    if (schema.version !== release.version) findings.push(`GetSchema answers version ${schema.version}`);
    if (schema.pluginDownloadURL !== release.pluginDownloadURL) {
      findings.push(
        `GetSchema answers pluginDownloadURL ${schema.pluginDownloadURL}, not ${release.pluginDownloadURL}`,
      );
    }
    return {
      findings,
      detail: `installed ${path.basename(tarball)}; GetSchema: ${schema.name} ${schema.version} from ${schema.pluginDownloadURL}`,
    };
  });
}

/**
 * The Go SDK's module, fetched as a user's `go get` would once it is tagged: a new program requires it at the
 * release's version with GOPROXY pointing at the release folder first (its other modules from the module cache's
 * download folder, then the usual proxy), in a new module cache, and builds.
 */
export function goModuleBuilds(
  release: Release,
  dir: string,
  layout: ReleaseLayout,
  work: string,
): Promise<CheckResult> {
  return check("Go module builds", async () => {
    const program = path.join(work, "go-program");
    fs.mkdirSync(program, { recursive: true });
    fs.writeFileSync(path.join(program, "go.mod"), "module consumer\n\ngo 1.24\n");
    fs.writeFileSync(
      path.join(program, "main.go"),
      [
        "package main",
        "",
        "import (",
        `\t"${GO_MODULE}/cceautopilot"`,
        '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
        ")",
        "",
        "func main() {",
        "\tpulumi.Run(func(ctx *pulumi.Context) error {",
        '\t\t_, err := cceautopilot.NewAddonVersionRollback(ctx, "coredns", &cceautopilot.AddonVersionRollbackArgs{})',
        "\t\treturn err",
        "\t})",
        "}",
        "",
      ].join("\n"),
    );
    const go = (args: string[], env: NodeJS.ProcessEnv) => run("go", args, { cwd: program, env });
    const cache = (await go(["env", "GOMODCACHE"], process.env)).trim();
    const upstream = (await go(["env", "GOPROXY"], process.env)).trim();
    const modcache = path.join(work, "go-modcache");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOTOOLCHAIN: "local",
      GOFLAGS: "-mod=mod -modcacherw",
      GOSUMDB: "off",
      GOMODCACHE: modcache,
      GOPROXY: [
        `file://${path.join(dir, layout.go.proxy)}`,
        `file://${path.join(cache, "cache", "download")}`,
        upstream,
      ].join(","),
    };
    try {
      await go(["get", `${GO_MODULE}@v${release.version}`], env);
      await go(["build", "-trimpath", "-o", path.join(work, "go-program.bin"), "."], env);
      const listed = (await go(["list", "-m", "-f", "{{.Version}}", GO_MODULE], env)).trim();
      return {
        findings: listed === `v${release.version}` ? [] : [`go list -m ${GO_MODULE} gives ${listed}`],
        detail: `go get ${GO_MODULE}@v${release.version} through GOPROXY=file://…/${layout.go.proxy}, then go build`,
      };
    } finally {
      fs.rmSync(modcache, { recursive: true, force: true });
    }
  });
}

/** CHANGELOG.md has a section for the version ("## [0.1.0] - date", Keep a Changelog). */
export function changelogFindings(changelog: string, version: string): string[] {
  const heading = new RegExp(`^## \\[${version.replace(/[.+]/g, "\\$&")}\\]`, "m");
  return heading.test(changelog)
    ? []
    : [`CHANGELOG.md has no "## [${version}]" section: say what this version changes`];
}
