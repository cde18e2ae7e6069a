import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../support/toolchain";

describe("toolchain pins", () => {
  it("should pin the same Pulumi version for the CLI build and the npm SDK", () => {
    const env = fs.readFileSync(path.join(repoRoot, "scripts", "toolchain.env"), "utf8");
    const cli = /^PULUMI_VERSION=(\S+)$/m.exec(env)?.[1];
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    assert.equal(cli, pkg.devDependencies["@pulumi/pulumi"]);
  });
});
