/**
 * The release check's reading of each artifact's version, on small hand-made artifacts: a release folder whose every
 * file says one version (each archive holding only the files inspect.ts reads, and LICENSE), then, one place at a
 * time, that folder with 9.9.9 in just that place. Each must be reported by artifact and place, and nothing else;
 * the full release build (tests/e2e/release-build.test.ts) changes only a few places of real artifacts.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { zipSync } from "fflate";
import * as tar from "tar";
import { releaseFindings } from "../../../scripts/release/findings";
import { inspectRelease } from "../../../scripts/release/inspect";
import {
  GO_MODULE,
  MAVEN_ARTIFACT,
  MAVEN_GROUP,
  PYTHON_DISTRIBUTION,
  pythonVersion,
  releaseLayout,
} from "../../../scripts/release/layout";
import { readReleaseFolder, writeSha256sums } from "../../../scripts/release/verify";
import { PLATFORMS } from "../../../scripts/plugin/platforms";
import { tempDir } from "../../support/toolchain";

const VERSION = "1.2.3-rc.1";
/** A pre-release: PyPI spells it otherwise (1.2.3rc1), and the Python artifacts must say that spelling. */
const PY = pythonVersion(VERSION);
const DOWNLOAD_URL = "github://api.github.com/example/releases";
const OTHER = "9.9.9";
const OTHER_URL = "https://mirror.example/elsewhere";
const layout = releaseLayout(VERSION);
const LICENSE = "Apache License 2.0 (a stand-in)\n";

/** The members of each archive of the release, or the text of a plain file, by its path in the release folder. */
type Release = Map<string, Map<string, string> | string>;

/**
 * The places an artifact names the version (or the plugin's download location): an id, the artifact, the place as a
 * finding names it, what it says in a right release, and what the case puts there instead.
 */
interface Place {
  id: string;
  file: string;
  where: string;
  right: string;
  wrong: string;
  /** Which of the places with the same name it is. */
  what?: string;
}

const goZipPrefix = `${GO_MODULE}@v${VERSION}/`;
const metadata = `${PYTHON_DISTRIBUTION}-${PY}.dist-info/METADATA`;
const sdistTop = `${PYTHON_DISTRIBUTION}-${PY}`;
const pomProperties = `META-INF/maven/${MAVEN_GROUP}/${MAVEN_ARTIFACT}/pom.properties`;
const versionTxt = `io/github/pulumicceaddonrollback/${MAVEN_ARTIFACT}/version.txt`;

const PLACES: Place[] = [
  { id: "npm", file: layout.npmTarball, where: "package/package.json", right: VERSION, wrong: OTHER },
  { id: "sdk", file: layout.nodejsSdkTarball, where: "package/package.json", right: VERSION, wrong: OTHER },
  {
    id: "sdk-pulumi",
    file: layout.nodejsSdkTarball,
    where: "package/package.json pulumi.version",
    right: VERSION,
    wrong: OTHER,
  },
  { id: "sdk-bin", file: layout.nodejsSdkTarball, where: "package/bin/package.json", right: VERSION, wrong: OTHER },
  {
    id: "sdk-server",
    file: layout.nodejsSdkTarball,
    where: "package/package.json pulumi.server",
    right: DOWNLOAD_URL,
    wrong: OTHER_URL,
  },
  {
    id: "sdk-utilities",
    file: layout.nodejsSdkTarball,
    where: "package/bin/utilities.js",
    right: DOWNLOAD_URL,
    wrong: OTHER_URL,
  },
  ...PLATFORMS.map((p) => ({
    id: `plugin-${p}`,
    file: layout.pluginTarballs[p],
    where: "plugin/main.mjs (the release it was packed as)",
    right: VERSION,
    wrong: OTHER,
  })),
  { id: "wheel-metadata", file: layout.pythonWheel, where: metadata, right: PY, wrong: OTHER },
  {
    id: "wheel-plugin",
    file: layout.pythonWheel,
    where: `${PYTHON_DISTRIBUTION}/pulumi-plugin.json`,
    right: VERSION,
    wrong: OTHER,
  },
  {
    id: "wheel-plugin-server",
    file: layout.pythonWheel,
    where: `${PYTHON_DISTRIBUTION}/pulumi-plugin.json server`,
    right: DOWNLOAD_URL,
    wrong: OTHER_URL,
  },
  { id: "sdist-pkg-info", file: layout.pythonSdist, where: `${sdistTop}/PKG-INFO`, right: PY, wrong: OTHER },
  {
    id: "sdist-plugin",
    file: layout.pythonSdist,
    where: `${sdistTop}/${PYTHON_DISTRIBUTION}/pulumi-plugin.json`,
    right: VERSION,
    wrong: OTHER,
  },
  {
    id: "sdist-plugin-server",
    file: layout.pythonSdist,
    where: `${sdistTop}/${PYTHON_DISTRIBUTION}/pulumi-plugin.json server`,
    right: DOWNLOAD_URL,
    wrong: OTHER_URL,
  },
  { id: "jar-pom-properties", file: layout.javaJar, where: pomProperties, right: VERSION, wrong: OTHER },
  { id: "jar-version-txt", file: layout.javaJar, where: versionTxt, right: VERSION, wrong: OTHER },
  { id: "sources-version-txt", file: layout.javaSourcesJar, where: versionTxt, right: VERSION, wrong: OTHER },
  { id: "pom", file: layout.javaPom, where: "<project><version>", right: VERSION, wrong: OTHER },
  { id: "go-info", file: layout.go.info, where: "Version", right: `v${VERSION}`, wrong: `v${OTHER}` },
  { id: "go-list", file: layout.go.list, where: "the versions listed", right: `v${VERSION}`, wrong: `v${OTHER}` },
  {
    // One more file, in a folder of another version, beside the module's own.
    id: "go-folder",
    file: layout.go.zip,
    where: "the folder every file is in",
    right: `${GO_MODULE}@v${VERSION}`,
    wrong: `${GO_MODULE}@v${VERSION}, ${GO_MODULE}@v${OTHER}`,
  },
  {
    id: "go-plugin",
    file: layout.go.zip,
    where: "cceautopilot/pulumi-plugin.json",
    right: VERSION,
    wrong: OTHER,
  },
  {
    id: "go-plugin-server",
    file: layout.go.zip,
    where: "cceautopilot/pulumi-plugin.json server",
    right: DOWNLOAD_URL,
    wrong: OTHER_URL,
  },
  ...["PkgVersion", "the plugin's version"].map((what, i) => ({
    id: `go-utilities-${i}`,
    file: layout.go.zip,
    where: "cceautopilot/internal/pulumiUtilities.go",
    right: VERSION,
    wrong: OTHER,
    what,
  })),
];

/** The release with `changed`'s wrong value in its place, every other place right. */
function release(changed?: string): Release {
  const at = (id: string): string => {
    const place = PLACES.find((p) => p.id === id);
    assert.ok(place, `a place ${id}`);
    return id === changed ? place.wrong : place.right;
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: Release = new Map();
  files.set(
    layout.npmTarball,
    new Map([
      ["package/package.json", json({ name: "pulumi-cce-addon-rollback", version: at("npm") })],
      ["package/LICENSE", LICENSE],
      ["package/README.md", "# readme\n"],
      ["package/CHANGELOG.md", "# changelog\n"],
      ["package/dist/sdk/index.js", "module.exports = {};\n"],
    ]),
  );
  files.set(
    layout.nodejsSdkTarball,
    new Map([
      [
        "package/package.json",
        json({
          name: "@pulumi-cce-addon-rollback/cce-autopilot",
          version: at("sdk"),
          pulumi: { resource: true, name: "cce-autopilot", version: at("sdk-pulumi"), server: at("sdk-server") },
        }),
      ],
      ["package/LICENSE", LICENSE],
      ["package/README.md", "readme\n"],
      ["package/bin/index.js", "module.exports = {};\n"],
      ["package/bin/index.d.ts", "export {};\n"],
      ["package/bin/package.json", json({ name: "@pulumi-cce-addon-rollback/cce-autopilot", version: at("sdk-bin") })],
      [
        "package/bin/utilities.js",
        `function resourceOptsDefaults() {\n    return { version: getVersion(), pluginDownloadURL: "${at("sdk-utilities")}" };\n}\n`,
      ],
    ]),
  );
  for (const p of PLATFORMS) {
    files.set(
      layout.pluginTarballs[p],
      new Map([
        ["LICENSE", LICENSE],
        [
          "plugin/main.mjs",
          `var define_CCE_AUTOPILOT_PLUGIN_RELEASE_default = { version: "${at(`plugin-${p}`)}", pluginDownloadURL: "${DOWNLOAD_URL}" };\n`,
        ],
        ["plugin/package.json", json({ type: "module" })],
      ]),
    );
  }
  const pluginJson = (version: string, server: string) =>
    json({ resource: true, name: "cce-autopilot", version, server });
  files.set(
    layout.pythonWheel,
    new Map([
      [metadata, `Metadata-Version: 2.4\nName: ${PYTHON_DISTRIBUTION}\nVersion: ${at("wheel-metadata")}\n\nreadme\n`],
      [`${PYTHON_DISTRIBUTION}-${PY}.dist-info/licenses/LICENSE`, LICENSE],
      [`${PYTHON_DISTRIBUTION}/pulumi-plugin.json`, pluginJson(at("wheel-plugin"), at("wheel-plugin-server"))],
      [`${PYTHON_DISTRIBUTION}/__init__.py`, ""],
    ]),
  );
  files.set(
    layout.pythonSdist,
    new Map([
      [
        `${sdistTop}/PKG-INFO`,
        `Metadata-Version: 2.4\nName: ${PYTHON_DISTRIBUTION}\nVersion: ${at("sdist-pkg-info")}\n`,
      ],
      [`${sdistTop}/LICENSE`, LICENSE],
      [
        `${sdistTop}/${PYTHON_DISTRIBUTION}/pulumi-plugin.json`,
        pluginJson(at("sdist-plugin"), at("sdist-plugin-server")),
      ],
    ]),
  );
  files.set(
    layout.javaJar,
    new Map([
      [pomProperties, `artifactId=${MAVEN_ARTIFACT}\ngroupId=${MAVEN_GROUP}\nversion=${at("jar-pom-properties")}\n`],
      [versionTxt, `${at("jar-version-txt")}\n`],
      ["META-INF/LICENSE", LICENSE],
    ]),
  );
  files.set(
    layout.javaSourcesJar,
    new Map([
      [versionTxt, `${at("sources-version-txt")}\n`],
      ["META-INF/LICENSE", LICENSE],
    ]),
  );
  files.set(
    layout.javaPom,
    [
      "<project>",
      `  <groupId>${MAVEN_GROUP}</groupId>`,
      `  <artifactId>${MAVEN_ARTIFACT}</artifactId>`,
      `  <version>${at("pom")}</version>`,
      "  <licenses><license><name>Apache-2.0</name></license></licenses>",
      "  <dependencies><dependency><artifactId>pulumi</artifactId><version>1.0.0</version></dependency></dependencies>",
      "</project>",
      "",
    ].join("\n"),
  );
  const goMod = `module ${GO_MODULE}\n\ngo 1.24\n`;
  files.set(layout.go.list, `${at("go-list")}\n`);
  files.set(layout.go.info, json({ Version: at("go-info"), Time: "2026-12-01T00:00:00Z" }));
  files.set(layout.go.mod, goMod);
  const utilities = (i: number) => `\tversion := semver.MustParse("${at(`go-utilities-${i}`)}")\n`;
  const zip = new Map([
    [`${goZipPrefix}go.mod`, goMod],
    [`${goZipPrefix}LICENSE`, LICENSE],
    [`${goZipPrefix}cceautopilot/pulumi-plugin.json`, pluginJson(at("go-plugin"), at("go-plugin-server"))],
    [
      `${goZipPrefix}cceautopilot/internal/pulumiUtilities.go`,
      `package internal\n\nfunc PkgVersion() {\n${utilities(0)}}\n\nfunc pluginVersion() {\n${utilities(1)}}\n`,
    ],
  ]);
  if (changed === "go-folder") zip.set(`${GO_MODULE}@v${OTHER}/README.md`, "elsewhere\n");
  files.set(layout.go.zip, zip);
  return files;
}

/** Writes `files` as a release folder under `dir`: each archive as its name says (tarball or zip), SHA256SUMS. */
async function write(files: Release, dir: string): Promise<void> {
  for (const [name, contents] of files) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof contents === "string") {
      fs.writeFileSync(file, contents);
    } else if (/\.(zip|jar|whl)$/.test(name)) {
      fs.writeFileSync(
        file,
        zipSync(Object.fromEntries([...contents].map(([member, text]) => [member, Buffer.from(text)]))),
      );
    } else {
      const stage = fs.mkdtempSync(`${file}.stage-`);
      for (const [member, text] of contents) {
        fs.mkdirSync(path.dirname(path.join(stage, member)), { recursive: true });
        fs.writeFileSync(path.join(stage, member), text);
      }
      await tar.c({ gzip: true, file, cwd: stage, portable: true }, [...contents.keys()]);
      fs.rmSync(stage, { recursive: true });
    }
  }
  // SHA256SUMS true to the files: only a version can be found wrong.
  writeSha256sums(dir);
}

describe("release inspection: every place an artifact names its version", () => {
  let dir: string;
  const folderOf = async (files: Release, name: string) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    await write(files, folder);
    return folder;
  };
  const findingsIn = async (folder: string) =>
    releaseFindings((await readReleaseFolder(folder, layout, DOWNLOAD_URL)).folder);
  let right: string;
  before(async () => {
    dir = tempDir("release-inspect");
    right = await folderOf(release(), "right");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds nothing in a release whose every file says one version", async () => {
    assert.deepEqual(await findingsIn(right), []);
  });

  it(`reads exactly the ${PLACES.length} places of the table below: a place it stops reading, or a new one, fails here`, async () => {
    const folder = right;
    const facts = await inspectRelease(folder, layout, DOWNLOAD_URL);
    const read = facts.flatMap((f) =>
      f.marks.map((m) => `${f.file}: ${m.where} = ${m.found} (expected ${m.expected})`),
    );
    const table = PLACES.map((p) => `${p.file}: ${p.where} = ${p.right} (expected ${p.right})`);
    assert.deepEqual(read.sort(), table.sort());
    assert.equal(facts.length, new Set(PLACES.map((p) => p.file)).size, "every artifact that names a version");
  });

  for (const place of PLACES) {
    const label = place.what ? ` (${place.what})` : "";
    it(`reports ${place.file}: ${place.where}${label} saying ${place.wrong}`, async () => {
      assert.deepEqual(await findingsIn(await folderOf(release(place.id), place.id)), [
        `${place.file}: ${place.where} says ${place.wrong}, not ${place.right}`,
      ]);
    });
  }
});
