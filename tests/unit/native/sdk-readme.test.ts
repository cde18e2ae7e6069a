import * as assert from "node:assert/strict";
import { rollbackExample, sdkReadme } from "../../../provider/native/examples";

describe("the README of the published Node.js and Python SDKs", () => {
  const repository = "github.com/example/rollback";
  const cases: [language: "typescript" | "python", install: string][] = [
    ["typescript", "npm install @pulumi-cce-addon-rollback/cce-autopilot @pulumi/pulumi typescript@~5.9 @types/node"],
    ["python", "pip install pulumi_cce_autopilot==1.2.3"],
  ];
  for (const [language, install] of cases) {
    it(`${language}: the install line, the plugin from a release folder, the example in its language, the docs`, () => {
      const readme = sdkReadme(language, "1.2.3", repository);
      assert.ok(readme.includes("```sh\n" + install + "\n```"), readme);
      assert.ok(readme.includes("pulumi plugin install resource cce-autopilot 1.2.3 -f "), readme);
      assert.ok(readme.includes("```" + language + "\n" + rollbackExample("1.2.3")[language]), readme);
      assert.ok(readme.includes(`https://${repository}/tree/main/docs`), readme);
    });
  }
});
