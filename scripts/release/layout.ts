/**
 * What a release of one version holds, file by file: the names each ecosystem gives its artifacts for that version.
 * Pure: the builders write these names, the checks look for them.
 */
import { PACKAGE_NAME, PLUGIN_EXECUTABLE } from "../../provider/native/names";
import { PROJECT_REPOSITORY } from "../../provider/native/release";
import { LANGUAGE } from "../../provider/native/schema";
import { PLATFORMS, type Platform, tarballName } from "../plugin/platforms";

/** The npm package's name (package.json). */
export const NPM_PACKAGE = "pulumi-cce-addon-rollback";
/** The Python distribution of sdk/python (the schema's package name, which its setup.py takes). */
export const PYTHON_DISTRIBUTION = LANGUAGE.python.packageName;
/** The npm package of sdk/nodejs, the plugin's Node.js SDK (the schema's package name, which its package.json takes). */
export const NODEJS_SDK_PACKAGE = LANGUAGE.nodejs.packageName;
/** The Maven coordinates of sdk/java: scripts/sdkgen-java's group (groupID) and the schema's package name. */
export const MAVEN_GROUP = "io.github.pulumi-cce-addon-rollback";
export const MAVEN_ARTIFACT = PACKAGE_NAME;
/** The Go SDK: its folder in the repository and its module path (sdk/go/go.mod), the schema's import path's module. */
export const GO_SDK_DIR = "sdk/go";
export const GO_MODULE = `${PROJECT_REPOSITORY}/${GO_SDK_DIR}`;
if (!LANGUAGE.go.importBasePath.startsWith(`${GO_MODULE}/`)) throw new Error("the Go SDK moved: update GO_SDK_DIR");

export interface ReleaseLayout {
  version: string;
  npmTarball: string;
  /** The plugin's Node.js SDK, as `npm pack` names a scoped package's tarball (@scope/name: scope-name-<version>). */
  nodejsSdkTarball: string;
  pluginTarballs: Record<Platform, string>;
  pythonWheel: string;
  pythonSdist: string;
  javaJar: string;
  javaSourcesJar: string;
  javaPom: string;
  /** The Go module as a proxy serves it: GOPROXY=file://<release>/go. */
  go: { proxy: string; list: string; info: string; mod: string; zip: string };
  /** The tags that make the Go module fetchable from the repository: the release's and the Go SDK's. */
  tags: string[];
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * The version as PyPI spells it (PEP 440), as Pulumi's Python SDKs do: 1.2.3 stays, 1.2.3-alpha.4 is 1.2.3a4,
 * -beta.N bN, -rc.N rcN. Other pre-releases have no PEP 440 spelling: the error says which version to choose.
 */
export function pythonVersion(version: string): string {
  const match = SEMVER.exec(version);
  if (!match)
    throw new Error(`version ${JSON.stringify(version)} in package.json is not a semantic version such as 1.2.3`);
  const [, major, minor, patch, pre] = match;
  const release = `${major}.${minor}.${patch}`;
  if (pre === undefined) return release;
  const known = /^(alpha|beta|rc)\.(0|[1-9]\d*)$/.exec(pre);
  if (!known) {
    throw new Error(
      `version ${version}: PyPI has no spelling for the pre-release "${pre}"; use -alpha.N, -beta.N or -rc.N`,
    );
  }
  return `${release}${{ alpha: "a", beta: "b", rc: "rc" }[known[1] as "alpha" | "beta" | "rc"]}${known[2]}`;
}

/** Go's escaped module path (golang.org/x/mod/module.EscapePath): each upper-case letter becomes ! and its lower case. */
export function escapeModulePath(modulePath: string): string {
  return modulePath.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export function releaseLayout(version: string): ReleaseLayout {
  const py = pythonVersion(version);
  const proxy = "go";
  const at = `${proxy}/${escapeModulePath(GO_MODULE)}/@v`;
  return {
    version,
    npmTarball: `${NPM_PACKAGE}-${version}.tgz`,
    nodejsSdkTarball: `${NODEJS_SDK_PACKAGE.replace(/^@/, "").replace("/", "-")}-${version}.tgz`,
    pluginTarballs: Object.fromEntries(PLATFORMS.map((p) => [p, tarballName(PLUGIN_EXECUTABLE, version, p)])) as Record<
      Platform,
      string
    >,
    pythonWheel: `${PYTHON_DISTRIBUTION}-${py}-py3-none-any.whl`,
    pythonSdist: `${PYTHON_DISTRIBUTION}-${py}.tar.gz`,
    javaJar: `${MAVEN_ARTIFACT}-${version}.jar`,
    javaSourcesJar: `${MAVEN_ARTIFACT}-${version}-sources.jar`,
    javaPom: `${MAVEN_ARTIFACT}-${version}.pom`,
    go: {
      proxy,
      list: `${at}/list`,
      info: `${at}/v${version}.info`,
      mod: `${at}/v${version}.mod`,
      zip: `${at}/v${version}.zip`,
    },
    tags: [`v${version}`, `${GO_SDK_DIR}/v${version}`],
  };
}

/** Every file of the release but SHA256SUMS, which lists them. */
export function releaseFiles(layout: ReleaseLayout): string[] {
  return [
    layout.npmTarball,
    layout.nodejsSdkTarball,
    ...Object.values(layout.pluginTarballs),
    layout.pythonWheel,
    layout.pythonSdist,
    layout.javaJar,
    layout.javaSourcesJar,
    layout.javaPom,
    layout.go.list,
    layout.go.info,
    layout.go.mod,
    layout.go.zip,
  ].sort();
}

export const SUMS_FILE = "SHA256SUMS";
