/**
 * The pages users read, checked without building anything: every code block is in a language the end-to-end docs
 * test knows how to check, excerpts are what their files say, every relative link and anchor leads somewhere, and
 * the README stays a landing page.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CHECKED_LANGUAGES, allDocBlocks, blocksOf, docPages, where, yamlConfigNeeds } from "../../support/doc-blocks";
import { SDK_PULUMI_FLOOR } from "../../../provider/native/schema";
import { repoRoot } from "../../support/toolchain";

/** GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(text: string): Set<string> {
  const withoutCode = text.replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

describe("the documentation's code blocks and links", () => {
  const blocks = allDocBlocks();

  it("collects the blocks of README.md and of every page of docs/", () => {
    const pages = new Set(blocks.map((b) => b.file));
    for (const page of ["README.md", "docs/_index.md", "docs/installation-configuration.md", "docs/languages.md"]) {
      assert.ok(pages.has(page), `no code block found in ${page}`);
    }
    assert.ok(docPages().length >= 10, docPages().join(", "));
  });

  it("every block names a language the docs test checks", () => {
    const unknown = blocks.filter((b) => !(b.language in CHECKED_LANGUAGES)).map(where);
    assert.deepEqual(unknown, [], `teach tests/e2e/docs-code-blocks.test.ts to check these, or name their language`);
  });

  it("every excerpt is its file's text, line for line", () => {
    const excerpts = blocks.filter((b) => b.excerptOf !== undefined);
    assert.ok(excerpts.length > 0, "the fleet page shows an excerpt of examples/fleet");
    for (const block of excerpts) {
      const file = path.join(repoRoot, block.excerptOf!);
      assert.ok(fs.existsSync(file), `${where(block)}: ${block.excerptOf} does not exist`);
      const excerpt = lines(block.text);
      const source = lines(fs.readFileSync(file, "utf8"));
      const at = source.indexOf(excerpt[0]!);
      assert.ok(at >= 0, `${where(block)}: ${block.excerptOf} has no line ${excerpt[0]}`);
      assert.deepEqual(source.slice(at, at + excerpt.length), excerpt, `${where(block)} is not ${block.excerptOf}`);
    }
  });

  it("every relative link leads to a file, and every anchor to a heading", () => {
    const broken: string[] = [];
    for (const page of docPages()) {
      const text = fs.readFileSync(path.join(repoRoot, page), "utf8").replace(/^```[\s\S]*?^```/gm, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [file, anchor] = target!.split("#") as [string, string | undefined];
        const resolved = file === "" ? path.join(repoRoot, page) : path.join(repoRoot, path.dirname(page), file);
        if (!fs.existsSync(resolved)) {
          broken.push(`${page}: ${target} (no such file)`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith(".md")) {
          if (!anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) broken.push(`${page}: ${target} (no heading)`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it("the README is a landing page: at most 250 lines, linking into docs/", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    assert.ok(readme.split("\n").length <= 250, `README.md has ${readme.split("\n").length} lines`);
    for (const page of ["_index.md", "installation-configuration.md", "languages.md", "fleet.md"]) {
      assert.ok(readme.includes(`(docs/${page}`), `README.md links to docs/${page}`);
    }
  });
});

describe(blocksOf.name, () => {
  it("finds fences with their language, line and text, an excerpt comment, and indented fences", () => {
    const page = [
      "# Title",
      "",
      "```ts",
      "const a = 1;",
      "```",
      "",
      "<!-- excerpt: examples/fleet/index.ts -->",
      "",
      "```yaml",
      "a: 1",
      "```",
      "",
      "1. A step:",
      "   ```sh",
      "   npm ci",
      "   ```",
    ].join("\n");
    assert.deepEqual(blocksOf("p.md", page), [
      { file: "p.md", line: 3, language: "ts", text: "const a = 1;\n" },
      { file: "p.md", line: 9, language: "yaml", text: "a: 1\n", excerptOf: "examples/fleet/index.ts" },
      { file: "p.md", line: 14, language: "sh", text: "npm ci\n" },
    ]);
  });

  it("refuses a block that is never closed, naming its line", () => {
    assert.throws(() => blocksOf("p.md", "text\n```go\npackage main\n"), /p\.md:2: a code block that is never closed/);
  });
});

describe(yamlConfigNeeds.name, () => {
  const table: [what: string, yaml: string, values: string[], undeclared: string[]][] = [
    ["no expressions", "resources:\n  a:\n    type: x\n", [], []],
    [
      "resources and variables are not config",
      "variables:\n  found:\n    fn::invoke: {}\nresources:\n  prod:\n    type: p\n  r:\n    properties:\n      a: ${prod}\n      b: ${found.instances}\n",
      [],
      [],
    ],
    [
      "config declared or not",
      "config:\n  clusterId:\n    type: string\nresources:\n  r:\n    properties:\n      c: ${clusterId}\n      t: ${incident}\n",
      ["clusterId", "incident"],
      ["incident"],
    ],
    [
      "a property path names its top",
      "outputs:\n  v: ${coredns.currentVersion}\n  w: ${x[0]}\n",
      ["coredns", "x"],
      ["coredns", "x"],
    ],
  ];
  for (const [what, yaml, values, undeclared] of table) {
    it(what, () => assert.deepEqual(yamlConfigNeeds(yaml), { values, undeclared }));
  }
});

describe("the oldest Pulumi SDK the docs name for each generated SDK", () => {
  const minor = (v: string) => v.split(".").slice(0, 2).join(".");
  const pages = docPages().map((page) => fs.readFileSync(path.join(repoRoot, page), "utf8"));

  it("Python: every requirements line and every '`pulumi` (X or newer' say the Python SDK's own requirement", () => {
    const requirements = pages.flatMap((t) => [...t.matchAll(/^pulumi>=([\d.]+),<4\.0\.0$/gm)].map((m) => m[1]));
    const prose = pages.flatMap((t) => [...t.matchAll(/`pulumi` \(?([\d.]+) or newer/g)].map((m) => m[1]));
    assert.ok(requirements.length > 0 && prose.length > 0, "the docs name the floor somewhere");
    assert.deepEqual(new Set(requirements), new Set([SDK_PULUMI_FLOOR.python]));
    assert.deepEqual(new Set(prose), new Set([minor(SDK_PULUMI_FLOOR.python)]));
  });

  it("TypeScript: the installation page names the Node.js SDK's @pulumi/pulumi floor", () => {
    const page = fs.readFileSync(path.join(repoRoot, "docs", "installation-configuration.md"), "utf8");
    assert.match(page, new RegExp(`\`@pulumi/pulumi\` ${minor(SDK_PULUMI_FLOOR.nodejs).replace(".", "\\.")} or newer`));
  });
});
