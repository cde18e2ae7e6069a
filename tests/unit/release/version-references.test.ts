/**
 * Where users copy the version from: the README's commands and snippets and the examples that pin this project.
 * They must name package.json's version, the one every artifact carries; bumping the version fails this test until
 * each is updated.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../support/toolchain";

const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
/** A release version: the pre-releases PyPI can spell too (scripts/release/layout.ts, pythonVersion). */
const SEMVER = String.raw`\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)\.\d+)?`;

/** Each place a version of this project is named: [file, what, pattern with the version as group 1]. */
const references: [file: string, what: string, pattern: RegExp][] = [
  ["README.md", "pulumi plugin install resource cce-autopilot <version>", new RegExp(`cce-autopilot (${SEMVER})`, "g")],
  ["README.md", "the plugin tarball's name", new RegExp(`pulumi-resource-cce-autopilot-v(${SEMVER})-`, "g")],
  ["README.md", "Maven coordinates", new RegExp(`cce-autopilot:(${SEMVER})`, "g")],
  [
    "README.md",
    "the Maven dependency snippet",
    new RegExp(`<artifactId>cce-autopilot</artifactId>\\s*<version>(${SEMVER})`, "g"),
  ],
  ["README.md", "the YAML resource option", new RegExp(`^\\s+version: (${SEMVER})$`, "gm")],
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
