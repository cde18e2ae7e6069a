/**
 * Every fenced code block of the README and of the pages in docs/, with its language and place, for the tests that
 * compile, import or run each one (tests/e2e/docs-code-blocks.test.ts) and check the pages' links
 * (tests/unit/docs/doc-blocks.test.ts). A block added later is collected too: nothing lists them by hand.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./toolchain";

/** One fenced code block. */
export interface DocBlock {
  /** The page, relative to the repository's root, e.g. `docs/fleet.md`. */
  file: string;
  /** The line of its opening fence (1-based). */
  line: number;
  /** The fence's language, e.g. `ts` or `yaml`; "" when the fence names none. */
  language: string;
  /** The block's text, without the fences. */
  text: string;
  /**
   * The file this block is an excerpt of, from an `<!-- excerpt: PATH -->` comment on the line before the block
   * (blank lines between them allowed): the excerpt is checked against it, and the file is built by its own test.
   */
  excerptOf?: string;
}

/** The pages users read: README.md and every Markdown page of docs/. */
export function docPages(): string[] {
  const docs = fs
    .readdirSync(path.join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

const FENCE = /^(\s*)```(\S*)\s*$/;
const EXCERPT = /^<!-- excerpt: (\S+) -->$/;

/** The fenced code blocks of one page's text. */
export function blocksOf(file: string, text: string): DocBlock[] {
  const lines = text.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!.slice(indent));
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: a code block that is never closed`);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    const excerpt = before >= 0 ? EXCERPT.exec(lines[before]!.trim()) : null;
    blocks.push({
      file,
      line: start + 1,
      language: open[2]!,
      text: `${body.join("\n")}\n`,
      ...(excerpt ? { excerptOf: excerpt[1]! } : {}),
    });
  }
  return blocks;
}

/** Every block of every page. */
export function allDocBlocks(): DocBlock[] {
  return docPages().flatMap((file) => blocksOf(file, fs.readFileSync(path.join(repoRoot, file), "utf8")));
}

/** Where a block is, for messages: `docs/fleet.md:42 (yaml)`. */
export function where(block: DocBlock): string {
  return `${block.file}:${block.line} (${block.language || "no language"})`;
}

/**
 * The languages a block may be written in, each with what the tests do with it. A fence in any other language (or
 * in none) fails the tests until the tests learn how to check it.
 */
export const CHECKED_LANGUAGES: Readonly<Record<string, string>> = Object.freeze({
  ts: "type-checked (strict) against the dynamic resource's package and the plugin's Node.js SDK",
  typescript: "type-checked, as ts",
  go: "built in a module with the Go SDK",
  python: "byte-compiled, and its imports run with pulumi and the Python SDK installed",
  yaml: "a Pulumi YAML program (or part of one) previewed against the emulator; other YAML parsed",
  java: "compiled with javac against the Java SDK and its dependencies",
  xml: "parsed; a pom.xml must depend on the Java SDK of package.json's version",
  csharp: "every Pulumi.CceAutopilot type and property it names exists in the generated .NET SDK (no .NET SDK here)",
  sh: "parsed by bash -n; each `npm run` names a script of package.json",
  text: "a pip requirements file: each line parsed as pip parses it",
  json: "parsed; a tsconfig.json's compilerOptions are those the TypeScript blocks are type-checked with",
});

/**
 * What a YAML program's `${...}` expressions need from stack config: `values`, every top-level name they use that
 * is not a resource or a variable of the block; `undeclared`, those of them the block's `config:` does not declare.
 */
export function yamlConfigNeeds(text: string): { values: string[]; undeclared: string[] } {
  const declared: Record<string, Set<string>> = { resources: new Set(), variables: new Set(), config: new Set() };
  let section = "";
  for (const line of text.split("\n")) {
    const top = /^([A-Za-z][\w-]*):/.exec(line);
    if (top) {
      section = top[1]!;
      continue;
    }
    const key = /^ {2}([A-Za-z][\w-]*):/.exec(line);
    if (key && section in declared) declared[section]!.add(key[1]!);
  }
  const used = [...new Set([...text.matchAll(/\$\{([A-Za-z][\w-]*)/g)].map((m) => m[1]!))];
  const values = [...new Set([...used, ...declared.config!])]
    .filter((name) => !declared.resources!.has(name) && !declared.variables!.has(name))
    .sort();
  return { values, undeclared: values.filter((name) => !declared.config!.has(name)) };
}
