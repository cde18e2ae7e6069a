/**
 * What each artifact of a release says about itself: every place it names its version, and whether the files it
 * must carry (LICENSE above all) are in it. Reads the artifacts; judging is findings.ts's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_PLUGIN_DOWNLOAD_URL } from "../../provider/native/release";
import { readArchive } from "./archive";
import {
  GO_MODULE,
  MAVEN_ARTIFACT,
  MAVEN_GROUP,
  PYTHON_DISTRIBUTION,
  type ReleaseLayout,
  pythonVersion,
} from "./layout";

/**
 * One place an artifact names a version (or, where `kind` says so, the plugin's download location, which an SDK
 * hands the engine beside the version); `found` is undefined when the place is missing or says nothing.
 */
export interface VersionMark {
  where: string;
  found: string | undefined;
  expected: string;
  /** What the place names when it is not the version. */
  kind?: "plugin download location";
}

type Facts = Omit<ArtifactFacts, "file">;

export interface ArtifactFacts {
  /** The artifact's path relative to the release folder. */
  file: string;
  marks: VersionMark[];
  /** Files the artifact must carry and does not. */
  missing: string[];
}

const json = (data: Buffer | undefined, key: string): string | undefined =>
  data === undefined ? undefined : (JSON.parse(data.toString("utf8")) as Record<string, string | undefined>)[key];
const header = (data: Buffer | undefined, name: string): string | undefined =>
  data === undefined ? undefined : new RegExp(`^${name}: (.+)$`, "m").exec(data.toString("utf8"))?.[1]?.trim();
const property = (data: Buffer | undefined, name: string): string | undefined =>
  data === undefined ? undefined : new RegExp(`^${name}=(.+)$`, "m").exec(data.toString("utf8"))?.[1]?.trim();
const text = (data: Buffer | undefined): string | undefined => data?.toString("utf8").trim();

/** The version esbuild wrote into the bundle (scripts/plugin/bundle.ts defines CCE_AUTOPILOT_PLUGIN_RELEASE). */
const BUNDLED_RELEASE = /define_CCE_AUTOPILOT_PLUGIN_RELEASE_default = \{ version: "([^"]*)"/;
/** The download location the Node.js SDK gives every resource (utilities.ts, resourceOptsDefaults). */
const NODEJS_SDK_DOWNLOAD_URL = /pluginDownloadURL: "([^"]*)"/;
/** The version the Go SDK asks the engine for (internal/pulumiUtilities.go, PkgVersion and the plugin's). */
const GO_SDK_VERSION = /semver\.MustParse\("([^"]*)"\)/g;

/**
 * Reads every artifact `layout` names that exists under `dir`; `pluginDownloadURL` is where the release's SDKs must
 * tell the engine to fetch the plugin from.
 */
export async function inspectRelease(
  dir: string,
  layout: ReleaseLayout,
  pluginDownloadURL = PROJECT_PLUGIN_DOWNLOAD_URL,
): Promise<ArtifactFacts[]> {
  const v = layout.version;
  const py = pythonVersion(v);
  const at = (file: string) => path.join(dir, file);
  const facts: ArtifactFacts[] = [];
  const add = async (file: string, inspect: (f: string) => Facts | Promise<Facts>) => {
    if (fs.existsSync(at(file))) facts.push({ file, ...(await inspect(at(file))) });
  };
  const missingOf = (names: string[], required: string[]) => required.filter((r) => !names.includes(r));
  /** The download location a pulumi-plugin.json gives the engine (`server`), which the SDK reads beside `version`. */
  const serverMark = (where: string, data: Buffer | undefined): VersionMark => ({
    where: `${where} server`,
    found: json(data, "server"),
    expected: pluginDownloadURL,
    kind: "plugin download location",
  });

  await add(layout.npmTarball, async (f) => {
    const { names, files } = await readArchive(f, (n) => n === "package/package.json");
    return {
      marks: [
        { where: "package/package.json", found: json(files.get("package/package.json"), "version"), expected: v },
      ],
      missing: missingOf(names, ["package/LICENSE", "package/README.md", "package/CHANGELOG.md"]),
    };
  });

  await add(layout.nodejsSdkTarball, async (f) => {
    const manifest = "package/package.json";
    // What utilities.getVersion() reads at run time: the version the SDK asks the engine for.
    const ownVersion = "package/bin/package.json";
    const utilities = "package/bin/utilities.js";
    const { names, files } = await readArchive(f, (n) => n === manifest || n === ownVersion || n === utilities);
    const pkg = files.has(manifest)
      ? (JSON.parse(files.get(manifest)!.toString("utf8")) as {
          version?: string;
          pulumi?: { version?: string; server?: string };
        })
      : undefined;
    const location = "plugin download location";
    return {
      marks: [
        { where: manifest, found: pkg?.version, expected: v },
        { where: `${manifest} pulumi.version`, found: pkg?.pulumi?.version, expected: v },
        { where: ownVersion, found: json(files.get(ownVersion), "version"), expected: v },
        { where: `${manifest} pulumi.server`, found: pkg?.pulumi?.server, expected: pluginDownloadURL, kind: location },
        {
          where: utilities,
          found: NODEJS_SDK_DOWNLOAD_URL.exec(files.get(utilities)?.toString("utf8") ?? "")?.[1],
          expected: pluginDownloadURL,
          kind: location,
        },
      ],
      missing: missingOf(names, [
        "package/LICENSE",
        "package/README.md",
        "package/bin/index.js",
        "package/bin/index.d.ts",
      ]),
    };
  });

  for (const tarball of Object.values(layout.pluginTarballs)) {
    await add(tarball, async (f) => {
      const { names, files } = await readArchive(f, (n) => /^plugin\/[^/]+\.mjs$/.test(n));
      const bundled = [...files].flatMap(([name, data]) => {
        const match = BUNDLED_RELEASE.exec(data.toString("utf8"));
        return match ? [{ where: `${name} (the release it was packed as)`, found: match[1], expected: v }] : [];
      });
      return {
        marks: bundled.length > 0 ? bundled : [{ where: "plugin/*.mjs", found: undefined, expected: v }],
        missing: missingOf(names, ["LICENSE"]),
      };
    });
  }

  await add(layout.pythonWheel, async (f) => {
    const metadata = `${PYTHON_DISTRIBUTION}-${py}.dist-info/METADATA`;
    const plugin = `${PYTHON_DISTRIBUTION}/pulumi-plugin.json`;
    const { names, files } = await readArchive(f, (n) => n === metadata || n === plugin);
    return {
      marks: [
        { where: metadata, found: header(files.get(metadata), "Version"), expected: py },
        { where: plugin, found: json(files.get(plugin), "version"), expected: v },
        serverMark(plugin, files.get(plugin)),
      ],
      // setuptools puts the license beside METADATA (PEP 639: .dist-info/licenses/).
      missing: names.some((n) => /\.dist-info\/(licenses\/)?LICENSE$/.test(n)) ? [] : [".dist-info/licenses/LICENSE"],
    };
  });

  await add(layout.pythonSdist, async (f) => {
    const top = `${PYTHON_DISTRIBUTION}-${py}`;
    const pkgInfo = `${top}/PKG-INFO`;
    const plugin = `${top}/${PYTHON_DISTRIBUTION}/pulumi-plugin.json`;
    const { names, files } = await readArchive(f, (n) => n === pkgInfo || n === plugin);
    return {
      marks: [
        { where: pkgInfo, found: header(files.get(pkgInfo), "Version"), expected: py },
        { where: plugin, found: json(files.get(plugin), "version"), expected: v },
        serverMark(plugin, files.get(plugin)),
      ],
      missing: missingOf(names, [`${top}/LICENSE`]),
    };
  });

  const pomProperties = `META-INF/maven/${MAVEN_GROUP}/${MAVEN_ARTIFACT}/pom.properties`;
  const versionTxt = (names: string[]) => names.find((n) => n.endsWith(`/${MAVEN_ARTIFACT}/version.txt`));
  await add(layout.javaJar, async (f) => {
    const { names, files } = await readArchive(f, (n) => n === pomProperties || n.endsWith("/version.txt"));
    const resource = versionTxt(names);
    return {
      marks: [
        { where: pomProperties, found: property(files.get(pomProperties), "version"), expected: v },
        {
          where: resource ?? `.../${MAVEN_ARTIFACT}/version.txt`,
          found: text(resource === undefined ? undefined : files.get(resource)),
          expected: v,
        },
      ],
      missing: missingOf(names, ["META-INF/LICENSE"]),
    };
  });
  await add(layout.javaSourcesJar, async (f) => {
    const { names, files } = await readArchive(f, (n) => n.endsWith("/version.txt"));
    const resource = versionTxt(names);
    return {
      marks: [
        {
          where: resource ?? `.../${MAVEN_ARTIFACT}/version.txt`,
          found: text(resource === undefined ? undefined : files.get(resource)),
          expected: v,
        },
      ],
      missing: missingOf(names, ["META-INF/LICENSE"]),
    };
  });
  await add(layout.javaPom, (f) => {
    const pom = fs.readFileSync(f, "utf8");
    const own = new RegExp(`<artifactId>${MAVEN_ARTIFACT}</artifactId>\\s*<version>([^<]*)</version>`).exec(pom);
    return {
      marks: [{ where: "<project><version>", found: own?.[1], expected: v }],
      missing: /<license>\s*<name>Apache-2\.0<\/name>/.test(pom) ? [] : ["<licenses> naming Apache-2.0"],
    };
  });

  await add(layout.go.info, (f) => ({
    marks: [{ where: "Version", found: json(fs.readFileSync(f), "Version"), expected: `v${v}` }],
    missing: [],
  }));
  await add(layout.go.list, (f) => ({
    marks: [{ where: "the versions listed", found: fs.readFileSync(f, "utf8").trim(), expected: `v${v}` }],
    missing: [],
  }));
  await add(layout.go.zip, async (f) => {
    const prefix = `${GO_MODULE}@v${v}/`;
    const plugin = `${prefix}cceautopilot/pulumi-plugin.json`;
    const utilities = `${prefix}cceautopilot/internal/pulumiUtilities.go`;
    const { names, files } = await readArchive(f, (n) => n === plugin || n === utilities || n === `${prefix}go.mod`);
    const folders = [...new Set(names.map((n) => /^(.+?@v[^/]+)\//.exec(n)?.[1] ?? n))];
    const sdkVersions = [...(files.get(utilities)?.toString("utf8") ?? "").matchAll(GO_SDK_VERSION)].map((m) => m[1]);
    const goMod = files.get(`${prefix}go.mod`);
    const modFile = path.join(dir, layout.go.mod);
    return {
      marks: [
        { where: "the folder every file is in", found: folders.join(", "), expected: `${GO_MODULE}@v${v}` },
        { where: "cceautopilot/pulumi-plugin.json", found: json(files.get(plugin), "version"), expected: v },
        serverMark("cceautopilot/pulumi-plugin.json", files.get(plugin)),
        ...(sdkVersions.length > 0 ? sdkVersions : [undefined]).map((found) => ({
          where: "cceautopilot/internal/pulumiUtilities.go",
          found,
          expected: v,
        })),
      ],
      missing: [
        ...missingOf(names, [`${prefix}LICENSE`]),
        ...(goMod && fs.existsSync(modFile) && !goMod.equals(fs.readFileSync(modFile))
          ? [`the same go.mod as ${layout.go.mod}`]
          : []),
      ],
    };
  });
  return facts;
}
