import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { nodejsSdkManifest } from "../../../scripts/release/build";
import { repoRoot } from "../../support/toolchain";

const generated = () =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, "sdk", "nodejs", "package.json"), "utf8")) as Record<string, unknown>;

// The released Node.js SDK's package.json, made from the generated one by the release build (its tarball is
// checked by publint, arethetypeswrong and an install in tests/e2e/release-build.test.ts).
describe("the Node.js SDK's package.json in a release", () => {
  it("is compiled ahead: no install-time scripts, @pulumi/pulumi its only dependency, types beside the JavaScript", () => {
    const before = generated();
    const manifest = nodejsSdkManifest(before);
    assert.equal(manifest.scripts, undefined);
    // The Pulumi SDK floor the schema gives the generator, whatever it is.
    const pulumi = (before.dependencies as Record<string, string>)["@pulumi/pulumi"];
    assert.match(String(pulumi), /^\^3\.\d+\.\d+$/);
    assert.deepEqual(manifest.dependencies, { "@pulumi/pulumi": pulumi });
    assert.equal(manifest.main, "bin/index.js");
    assert.equal(manifest.types, "bin/index.d.ts");
    assert.equal(manifest.type, "commonjs");
    assert.deepEqual(manifest.files, ["bin/"]);
    assert.deepEqual(manifest.engines, { node: ">=22" });
  });

  it("keeps the name, the version and the pulumi block the engine reads, as generated", () => {
    const before = generated();
    const manifest = nodejsSdkManifest(before);
    for (const key of ["name", "version", "pulumi", "license", "keywords", "homepage"]) {
      assert.deepEqual(manifest[key], before[key], key);
    }
    assert.deepEqual(manifest.repository, {
      type: "git",
      url: `git+${String(before.repository)}.git`,
    });
  });

  it("keeps a script it does not know of, and refuses a package.json that moved its main", () => {
    const before = generated();
    assert.deepEqual(nodejsSdkManifest({ ...before, scripts: { test: "mocha", build: "tsc" } }).scripts, {
      test: "mocha",
    });
    assert.throws(() => nodejsSdkManifest({ ...before, main: "lib/index.js" }), /main is lib\/index\.js/);
  });
});
