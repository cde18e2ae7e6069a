/**
 * Builds each artifact of a release into one folder, every one from the same checkout and for the same version
 * (package.json's, which the schema, and so every generated SDK, also carries). Each builder writes the names
 * layout.ts gives; the checks then read them back.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Release } from "../../provider/native/release";
import { packPlugins } from "../plugin/pack";
import { PLATFORMS } from "../plugin/platforms";
import { GO_SDK_DIR, NODEJS_SDK_PACKAGE, PYTHON_DISTRIBUTION, type ReleaseLayout } from "./layout";
import { run } from "./run";

export interface BuildContext {
  /** The repository's root. */
  root: string;
  /** The release folder. */
  out: string;
  /** A scratch folder for staged copies. */
  work: string;
  release: Release;
  layout: ReleaseLayout;
  /** The git revision the release is of: HEAD, or a commit of the working tree for a trial build. */
  revision: string;
  /** When HEAD was committed: the time written into the artifacts that record one. */
  committed: Date;
  /** The toolchain's Python (with setuptools, wheel and build) and Go module writer. */
  python: string;
  goModZip: string;
  say: (line: string) => void;
}

/** A time as Maven's outputTimestamp and Go's .info take it: RFC 3339, UTC, whole seconds. */
const rfc3339 = (time: Date) => time.toISOString().replace(/\.\d{3}Z$/, "Z");

/** The npm package, as `npm pack` makes it (its prepack compiles dist/sdk and dist/provider afresh). */
export async function buildNpm(ctx: BuildContext): Promise<void> {
  const out = await run("npm", ["pack", "--json", "--pack-destination", ctx.out], { cwd: ctx.root });
  const [packed] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
  if (packed?.filename !== ctx.layout.npmTarball) {
    throw new Error(`npm pack wrote ${packed?.filename}, not ${ctx.layout.npmTarball}`);
  }
}

/** Where the Node.js SDK's compiled JavaScript and declarations go: the generated package.json's `main` is in it. */
const NODEJS_SDK_OUT = "bin";
/** The generated SDK's dependencies that only its postinstall needs (it compiles the SDK where npm installs it). */
const NODEJS_SDK_BUILD_DEPENDENCIES = ["typescript", "@types/node"];

/**
 * The package.json of the released Node.js SDK, from the generated one: compiled ahead, so without the `build` and
 * `postinstall` scripts and the compiler they need (`@pulumi/pulumi` is then its only dependency), with its
 * declarations as `types`, only bin/ published (npm adds package.json, README and LICENSE itself), CommonJS said
 * outright (what tsc wrote; Node.js otherwise inspects the files to tell, which publint points out), the repository
 * in the object form npm documents (publint warns of a URL string), and the project's own Node.js range. The
 * `pulumi` block, the plugin's name, version and download location that the engine reads from an installed SDK,
 * stays as generated.
 */
export function nodejsSdkManifest(generated: Record<string, unknown>): Record<string, unknown> {
  if (generated.name !== NODEJS_SDK_PACKAGE) throw new Error(`sdk/nodejs/package.json names ${String(generated.name)}`);
  if (generated.main !== `${NODEJS_SDK_OUT}/index.js`) {
    throw new Error(`sdk/nodejs/package.json's main is ${String(generated.main)}, not ${NODEJS_SDK_OUT}/index.js`);
  }
  const manifest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(generated)) {
    if (key === "scripts") {
      const others = Object.entries(value as Record<string, string>).filter(
        ([n]) => !["build", "postinstall"].includes(n),
      );
      if (others.length > 0) manifest.scripts = Object.fromEntries(others);
    } else if (key === "repository" && typeof value === "string" && /^https:\/\/.+[^/]$/.test(value)) {
      manifest.repository = { type: "git", url: `git+${value}.git` };
    } else if (key === "dependencies") {
      manifest.dependencies = Object.fromEntries(
        Object.entries(value as Record<string, string>).filter(([d]) => !NODEJS_SDK_BUILD_DEPENDENCIES.includes(d)),
      );
    } else {
      manifest[key] = value;
      if (key === "main") {
        manifest.types = `${NODEJS_SDK_OUT}/index.d.ts`;
        manifest.type = "commonjs";
        manifest.files = [`${NODEJS_SDK_OUT}/`];
      }
    }
  }
  // Node.js 20 reached its end of life on 2026-04-30 (https://github.com/nodejs/Release#end-of-life-releases);
  // the project's own package.json asks for 22, the Node.js its toolchain and tests run on.
  manifest.engines = { node: ">=22" };
  return manifest;
}

/**
 * The plugin's Node.js SDK as an npm package: a copy of sdk/nodejs compiled into bin/ with the project's TypeScript
 * (its own tsconfig, without source maps, whose sources are not published), so that installing it compiles
 * nothing and needs no TypeScript, with the project's LICENSE, then `npm pack`.
 */
export async function buildNodejsSdk(ctx: BuildContext): Promise<void> {
  // Beside a link to the repository's node_modules: tsc resolves @pulumi/pulumi and @types/node from there, as the
  // generated postinstall resolves them from the installing project's.
  const parent = path.join(ctx.work, "nodejs-sdk");
  const stage = path.join(parent, "package");
  fs.cpSync(path.join(ctx.root, "sdk", "nodejs"), stage, {
    recursive: true,
    filter: (f) => !/[/\\](node_modules|bin)$/.test(f),
  });
  fs.symlinkSync(path.join(ctx.root, "node_modules"), path.join(parent, "node_modules"), "dir");
  const tsc = path.join(ctx.root, "node_modules", "typescript", "bin", "tsc");
  await run(process.execPath, [tsc, "-p", stage, "--sourceMap", "false", "--declarationMap", "false"], {
    cwd: stage,
  });
  const generated = JSON.parse(fs.readFileSync(path.join(stage, "package.json"), "utf8")) as Record<string, unknown>;
  const manifest = nodejsSdkManifest(generated);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  fs.writeFileSync(path.join(stage, "package.json"), json(manifest));
  // utilities.getVersion() reads the version from ./package.json beside it (the generated postinstall copies the
  // whole package.json there). Only that, and the module type for bin/: a `main` would make bin/ look like an entry
  // point of its own (a "proxy directory" to arethetypeswrong), one that resolves nowhere.
  fs.writeFileSync(
    path.join(stage, NODEJS_SDK_OUT, "package.json"),
    json({ name: manifest.name, version: manifest.version, type: manifest.type }),
  );
  fs.copyFileSync(path.join(ctx.root, "LICENSE"), path.join(stage, "LICENSE"));
  const out = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", ctx.out], { cwd: stage });
  const [packed] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
  if (packed?.filename !== ctx.layout.nodejsSdkTarball) {
    throw new Error(`npm pack wrote ${packed?.filename}, not ${ctx.layout.nodejsSdkTarball}`);
  }
}

/** The plugin tarballs of every platform. */
export async function buildPlugins(ctx: BuildContext): Promise<void> {
  await packPlugins(ctx.root, ctx.release, PLATFORMS, ctx.out, ctx.say);
}

/**
 * The Python SDK's sdist and wheel, by PyPA's `build` from a copy of sdk/python with the project's LICENSE (which
 * setuptools puts in both) and the package's README as the long description, offline (--no-isolation: the
 * toolchain's setuptools and wheel).
 */
export async function buildPython(ctx: BuildContext): Promise<void> {
  const stage = path.join(ctx.work, "python");
  fs.cpSync(path.join(ctx.root, "sdk", "python"), stage, {
    recursive: true,
    filter: (f) => !/(__pycache__|\.egg-info)$/.test(f),
  });
  fs.copyFileSync(path.join(ctx.root, "LICENSE"), path.join(stage, "LICENSE"));
  fs.copyFileSync(path.join(stage, PYTHON_DISTRIBUTION, "README.md"), path.join(stage, "README.md"));
  await run(ctx.python, ["-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", ctx.out, stage], {
    cwd: stage,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(ctx.committed.getTime() / 1000)) },
  });
}

/**
 * The Java SDK's jar, sources jar and pom, by Maven from a copy of sdk/java with the project's LICENSE as
 * META-INF/LICENSE, with the commit's time as every entry's (Maven's reproducible builds:
 * project.build.outputTimestamp).
 */
export async function buildJava(ctx: BuildContext): Promise<void> {
  const stage = path.join(ctx.work, "java");
  fs.cpSync(path.join(ctx.root, "sdk", "java"), stage, {
    recursive: true,
    filter: (f) => path.basename(f) !== "target",
  });
  const metaInf = path.join(stage, "src", "main", "resources", "META-INF");
  fs.mkdirSync(metaInf, { recursive: true });
  fs.copyFileSync(path.join(ctx.root, "LICENSE"), path.join(metaInf, "LICENSE"));
  const timestamp = rfc3339(ctx.committed);
  await run("mvn", ["-B", "-q", "-DskipTests", `-Dproject.build.outputTimestamp=${timestamp}`, "package"], {
    cwd: stage,
  });
  const target = path.join(stage, "target");
  // Maven names them <artifactId>-<version>[-sources].jar, as the release does.
  for (const jar of [ctx.layout.javaJar, ctx.layout.javaSourcesJar]) {
    fs.copyFileSync(path.join(target, jar), path.join(ctx.out, jar));
  }
  fs.copyFileSync(path.join(stage, "pom.xml"), path.join(ctx.out, ctx.layout.javaPom));
}

/** The Go SDK's module as the proxy would serve it once the revision is tagged sdk/go/v<version>. */
export async function buildGo(ctx: BuildContext): Promise<void> {
  await run(
    ctx.goModZip,
    [
      ...["-repo", ctx.root, "-rev", ctx.revision, "-subdir", GO_SDK_DIR, "-version", `v${ctx.release.version}`],
      ...["-time", rfc3339(ctx.committed), "-out", path.join(ctx.out, ctx.layout.go.proxy)],
    ],
    { cwd: ctx.root },
  );
}
