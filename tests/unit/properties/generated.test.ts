import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles } from "../../../scripts/properties/generated";
import { README_SECTIONS, renderReadme } from "../../../scripts/properties/readme";
import { INPUT_NAMES, OBSERVED_OUTPUTS } from "../../../provider/rollback/properties";
import { SETTING_NAMES } from "../../../provider/connection/settings";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");

describe("files derived from the property and settings tables", function () {
  // Prettier formats the files: a few hundred milliseconds, more on a loaded machine.
  this.timeout(60_000);

  it("are what the tables generate (run `npm run gen:properties` after changing a table)", async () => {
    for (const { file, text } of await generatedFiles(repoRoot)) {
      // Mutation testing (StrykerJS) runs the suite in a sandbox where every TypeScript file starts with this line.
      const actual = fs.readFileSync(path.join(repoRoot, file), "utf8").replace(/^\/\/ @ts-nocheck\n/, "");
      assert.ok(actual === text, `${file} drifted from the tables: run \`npm run gen:properties\``);
    }
  });

  it("the README has each generated section once, and each names every row", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    for (const name of Object.keys(README_SECTIONS)) {
      assert.equal(readme.split(`<!-- generated:${name} -->`).length, 2, name);
    }
    const section = (name: string) => README_SECTIONS[name]!();
    for (const input of INPUT_NAMES) assert.match(section("inputs"), new RegExp(`\\| \`${input}\` \\|`));
    for (const output of OBSERVED_OUTPUTS) assert.match(section("outputs"), new RegExp(`\\| \`${output}\` \\|`));
    for (const setting of SETTING_NAMES) {
      assert.ok(section("settings-plugin").includes(`\`cce-autopilot:${setting}\``), setting);
      assert.ok(section("settings-dynamic").includes("huaweicloud:"), setting);
    }
  });

  it("a README without a section's markers is refused, naming the section", () => {
    assert.throws(() => renderReadme("# no markers\n"), /README\.md has no <!-- generated:settings-dynamic -->/);
  });
});
