/**
 * Where users copy the version from: the commands and snippets of the README and docs/, and the examples that pin
 * this project.
 * They must name package.json's version, the one every artifact carries; bumping the version fails this test until
 * each is updated.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../support/toolchain";

const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
/** The README and every page of docs/, read as one text: a pattern must name the version somewhere in them. */
const DOCS = "README.md and docs/";
const read = (file: string) =>
  file === DOCS
    ? ["README.md", ...fs.readdirSync(path.join(repoRoot, "docs")).map((f) => path.join("docs", f))]
        .filter((f) => f.endsWith(".md"))
        .map((f) => fs.readFileSync(path.join(repoRoot, f), "utf8"))
        .join("\n")
    : fs.readFileSync(path.join(repoRoot, file), "utf8");
/** A release version: the pre-releases PyPI can spell too (scripts/release/layout.ts, pythonVersion). */
const SEMVER = String.raw`\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)\.\d+)?`;

/** Each place a version of this project is named: [file, what, pattern with the version as group 1]. */
const references: [file: string, what: string, pattern: RegExp][] = [
  [DOCS, "pulumi plugin install resource cce-autopilot <version>", new RegExp(`cce-autopilot (${SEMVER})`, "g")],
  [DOCS, "the plugin tarball's name", new RegExp(`pulumi-resource-cce-autopilot-v(${SEMVER})-`, "g")],
  [DOCS, "Maven coordinates", new RegExp(`cce-autopilot:(${SEMVER})`, "g")],
  [
    DOCS,
    "the Maven dependency snippet",
    new RegExp(`<artifactId>cce-autopilot</artifactId>\\s*<version>(${SEMVER})`, "g"),
  ],
  [DOCS, "the Java SDK's release files", new RegExp(`cce-autopilot-(${SEMVER})(?:-sources)?\\.(?:jar|pom)`, "g")],
  [DOCS, "the YAML resource option", new RegExp(`^\\s+version: (${SEMVER})(?: #.*)?$`, "gm")],
  [DOCS, "the Node.js SDK's tarball", new RegExp(`pulumi-cce-addon-rollback-cce-autopilot-(${SEMVER})\\.tgz`, "g")],
  [DOCS, "the Python SDK's pin", new RegExp(`pulumi_cce_autopilot==(${SEMVER})`, "g")],
  [DOCS, "the Go SDK's version", new RegExp(`/sdk/go@v(${SEMVER})`, "g")],
  [
    "examples/java/pom.xml",
    "the SDK dependency",
    new RegExp(`<artifactId>cce-autopilot</artifactId>\\s*<version>(${SEMVER})`, "g"),
  ],
  [
    "examples/quickstart/package.json",
    "the npm dependency",
    new RegExp(`"pulumi-cce-addon-rollback": "\\^(${SEMVER})"`, "g"),
  ],
  [
    "examples/multi-cluster/package.json",
    "the npm dependency",
    new RegExp(`"pulumi-cce-addon-rollback": "\\^(${SEMVER})"`, "g"),
  ],
];

describe(`every version a user copies is package.json's (${version})`, () => {
  for (const [file, what, pattern] of references) {
    it(`${file}: ${what}`, () => {
      const found = [...read(file).matchAll(pattern)].map((m) => m[1]);
      assert.ok(found.length > 0, `${file} no longer names ${what}: update this test`);
      assert.deepEqual(
        found,
        found.map(() => version),
        `${file} names ${what} ${found.join(", ")}`,
      );
    });
  }
});
