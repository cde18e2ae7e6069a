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
import { GO_SDK_DIR, PYTHON_DISTRIBUTION, type ReleaseLayout } from "./layout";
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
