import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles } from "../../../scripts/properties/generated";
import { DOC_SECTIONS, renderSections } from "../../../scripts/properties/docs";
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

  it("each page has each of its generated sections once, and each names every row", () => {
    for (const [file, sections] of Object.entries(DOC_SECTIONS)) {
      const page = fs.readFileSync(path.join(repoRoot, file), "utf8");
      for (const name of Object.keys(sections)) {
        assert.equal(page.split(`<!-- generated:${name} -->`).length, 2, `${file}: ${name}`);
      }
    }
    const all = Object.assign({}, ...Object.values(DOC_SECTIONS)) as Record<string, () => string>;
    const section = (name: string) => all[name]!();
    for (const input of INPUT_NAMES) assert.match(section("inputs"), new RegExp(`\\| \`${input}\` \\|`));
    for (const output of OBSERVED_OUTPUTS) assert.match(section("outputs"), new RegExp(`\\| \`${output}\` \\|`));
    for (const setting of SETTING_NAMES) {
      assert.ok(section("settings-plugin").includes(`\`cce-autopilot:${setting}\``), setting);
      assert.ok(section("settings-dynamic").includes("huaweicloud:"), setting);
    }
    for (const variable of ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK", "CLOUD_SDK_SK"]) {
      assert.ok(section("settings-plugin").includes(`\`${variable}\``), variable);
    }
  });

  it("a page without a section's markers is refused, naming the page and the section", () => {
    assert.throws(
      () => renderSections("docs/installation-configuration.md", "# no markers\n"),
      /docs\/installation-configuration\.md has no <!-- generated:settings-plugin -->/,
    );
  });
});
