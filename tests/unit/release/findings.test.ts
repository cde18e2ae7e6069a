import * as assert from "node:assert/strict";
import { changelogFindings } from "../../../scripts/release/checks";
import { type ReleaseFolder, releaseFindings } from "../../../scripts/release/findings";

const sha = (c: string) => c.repeat(64);

/** A folder of two artifacts that is right in every way; each case changes one thing. */
function clean(): ReleaseFolder {
  return {
    expected: ["a-0.1.0.tgz", "b-0.1.0.whl"],
    present: ["SHA256SUMS", "a-0.1.0.tgz", "b-0.1.0.whl"],
    sums: new Map([
      ["a-0.1.0.tgz", sha("a")],
      ["b-0.1.0.whl", sha("b")],
    ]),
    digests: new Map([
      ["SHA256SUMS", sha("0")],
      ["a-0.1.0.tgz", sha("a")],
      ["b-0.1.0.whl", sha("b")],
    ]),
    facts: [
      {
        file: "a-0.1.0.tgz",
        marks: [{ where: "package/package.json", found: "0.1.0", expected: "0.1.0" }],
        missing: [],
      },
      { file: "b-0.1.0.whl", marks: [{ where: "METADATA", found: "0.1.0", expected: "0.1.0" }], missing: [] },
    ],
  };
}

describe("release findings", () => {
  it("finds nothing in a right folder", () => assert.deepEqual(releaseFindings(clean()), []));

  const cases: [what: string, change: (f: ReleaseFolder) => void, findings: string[]][] = [
    [
      "an artifact is missing",
      (f) => {
        f.present = f.present.filter((p) => p !== "b-0.1.0.whl");
        f.digests.delete("b-0.1.0.whl");
        f.facts.pop();
      },
      ["b-0.1.0.whl is missing", "SHA256SUMS lists b-0.1.0.whl, which is not in the folder"],
    ],
    [
      "a file that is not part of the release",
      (f) => {
        f.present.push("notes.txt");
        f.digests.set("notes.txt", sha("c"));
      },
      ["notes.txt does not belong to this release", "notes.txt is not in SHA256SUMS"],
    ],
    [
      "a checksum that does not match",
      (f) => f.digests.set("a-0.1.0.tgz", sha("d")),
      [`a-0.1.0.tgz: sha256 ${sha("d")}, but SHA256SUMS says ${sha("a")}`],
    ],
    [
      "SHA256SUMS unreadable",
      (f) => (f.sums = new Error('SHA256SUMS line 1 is not "<sha256>  <file>": "x"')),
      ['SHA256SUMS: SHA256SUMS line 1 is not "<sha256>  <file>": "x"'],
    ],
    [
      "an artifact carries another version",
      (f) => (f.facts[1]!.marks[0]!.found = "0.1.1"),
      ["b-0.1.0.whl: METADATA says 0.1.1, not 0.1.0"],
    ],
    [
      "an artifact names no version where it should",
      (f) => (f.facts[0]!.marks[0]!.found = undefined),
      ["a-0.1.0.tgz: no version in package/package.json (expected 0.1.0)"],
    ],
    [
      "an SDK that names no plugin download location, said as such",
      (f) =>
        f.facts[0]!.marks.push({
          where: "package/bin/utilities.js",
          found: undefined,
          expected: "github://api.github.com/o/r",
          kind: "plugin download location",
        }),
      ["a-0.1.0.tgz: no plugin download location in package/bin/utilities.js (expected github://api.github.com/o/r)"],
    ],
    [
      "an artifact without its LICENSE",
      (f) => (f.facts[0]!.missing = ["package/LICENSE"]),
      ["a-0.1.0.tgz: has no package/LICENSE"],
    ],
  ];
  for (const [what, change, findings] of cases) {
    it(`finds ${what}`, () => {
      const folder = clean();
      change(folder);
      assert.deepEqual(releaseFindings(folder), findings);
    });
  }
});

describe("CHANGELOG.md for a release", () => {
  const changelog = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-30\n\n### Added\n";
  it("passes with a section for the version", () => assert.deepEqual(changelogFindings(changelog, "0.1.0"), []));
  it("fails without one, saying what to add", () => {
    assert.deepEqual(changelogFindings(changelog, "0.2.0"), [
      'CHANGELOG.md has no "## [0.2.0]" section: say what this version changes',
    ]);
  });
  it("does not take 0.1.0 for 0x1y0 (dots are literal)", () => {
    assert.deepEqual(changelogFindings("## [0x1y0]\n", "0.1.0").length, 1);
  });
});
