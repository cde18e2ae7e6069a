/**
 * The README's fleet section shows code that is run elsewhere: its TypeScript block is an excerpt of
 * examples/fleet/index.ts (type-checked and run through a throttled gateway by the e2e suites), and its YAML block
 * calls the plugin's function with arguments the schema declares.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSchema } from "../../provider/native/schema";
import { LIST_FUNCTION_TOKEN } from "../../provider/native/names";
import { repoRoot } from "../support/toolchain";

const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Rolling back a fleet"), readme.indexOf("## Demo and examples"));

/** The body of the first block of `language` in the section. */
function block(language: string): string {
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(section);
  assert.ok(match, `a ${language} block in the README's fleet section`);
  return match[1]!;
}

const lines = (text: string) => text.split("\n").map((l) => l.trim());

describe("README: Rolling back a fleet", function () {
  it("the TypeScript block is an excerpt of examples/fleet/index.ts, line for line", () => {
    const excerpt = lines(block("ts")).filter((l) => l !== "");
    const example = lines(fs.readFileSync(path.join(repoRoot, "examples", "fleet", "index.ts"), "utf8")).filter(
      (l) => l !== "",
    );
    const at = example.indexOf(excerpt[0]!);
    assert.ok(at >= 0, `the example has ${excerpt[0]}`);
    assert.deepEqual(example.slice(at, at + excerpt.length), excerpt);
  });

  it("the YAML block invokes listAddonInstances with arguments the schema declares", () => {
    const yaml = block("yaml");
    assert.match(yaml, new RegExp(`function: ${LIST_FUNCTION_TOKEN}\\n`));
    const args = [...yaml.split("arguments:")[1]!.matchAll(/^ {8}(\w+):/gm)].map((m) => m[1]!);
    const fn = (
      buildSchema({ version: "0.0.0", pluginDownloadURL: "https://example.com" }) as {
        functions: Record<string, { inputs: { properties: Record<string, unknown> } }>;
      }
    ).functions[LIST_FUNCTION_TOKEN]!;
    assert.ok(args.length > 0);
    for (const arg of args) assert.ok(arg in fn.inputs.properties, `${arg} is an argument of the function`);
    assert.match(yaml, /\$\{found\.instances\}/, "instances is what the function returns");
  });
});
