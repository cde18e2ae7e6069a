import * as assert from "node:assert/strict";
import { escapeModulePath, pythonVersion, releaseFiles, releaseLayout } from "../../../scripts/release/layout";

describe("release layout", () => {
  describe("pythonVersion: the version as PyPI spells it", () => {
    const cases: [semver: string, pep440: string][] = [
      ["0.1.0", "0.1.0"],
      ["12.0.3", "12.0.3"],
      ["1.2.3-alpha.4", "1.2.3a4"],
      ["1.2.3-beta.0", "1.2.3b0"],
      ["1.2.3-rc.12", "1.2.3rc12"],
    ];
    for (const [semver, pep440] of cases) {
      it(`${semver} is ${pep440}`, () => assert.equal(pythonVersion(semver), pep440));
    }

    const refused: [version: string, message: RegExp][] = [
      ["1.2", /"1\.2" in package\.json is not a semantic version such as 1\.2\.3/],
      ["v1.2.3", /not a semantic version/],
      ["01.2.3", /not a semantic version/],
      ["1.2.3-dev", /PyPI has no spelling for the pre-release "dev"; use -alpha\.N, -beta\.N or -rc\.N/],
      ["1.2.3-alpha", /pre-release "alpha"/],
      ["1.2.3-rc.1.2", /pre-release "rc\.1\.2"/],
    ];
    for (const [version, message] of refused) {
      it(`refuses ${version}, saying why`, () => assert.throws(() => pythonVersion(version), message));
    }
  });

  it("escapes upper-case letters of a module path as the Go proxy protocol does", () => {
    assert.equal(escapeModulePath("github.com/Azure/azure-sdk"), "github.com/!azure/azure-sdk");
    assert.equal(escapeModulePath("github.com/pulumi/pulumi"), "github.com/pulumi/pulumi");
  });

  it("names every artifact of a version, each ecosystem in its own spelling", () => {
    const layout = releaseLayout("1.2.3-rc.1");
    assert.equal(layout.npmTarball, "pulumi-cce-addon-rollback-1.2.3-rc.1.tgz");
    assert.equal(layout.nodejsSdkTarball, "pulumi-cce-addon-rollback-cce-autopilot-1.2.3-rc.1.tgz");
    assert.equal(
      layout.pluginTarballs["darwin-arm64"],
      "pulumi-resource-cce-autopilot-v1.2.3-rc.1-darwin-arm64.tar.gz",
    );
    assert.equal(layout.pythonWheel, "pulumi_cce_autopilot-1.2.3rc1-py3-none-any.whl");
    assert.equal(layout.pythonSdist, "pulumi_cce_autopilot-1.2.3rc1.tar.gz");
    assert.equal(layout.javaJar, "cce-autopilot-1.2.3-rc.1.jar");
    assert.equal(
      layout.go.zip,
      "go/github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/@v/v1.2.3-rc.1.zip",
    );
    assert.deepEqual(layout.tags, ["v1.2.3-rc.1", "sdk/go/v1.2.3-rc.1"]);
  });

  it("lists 16 files for a release: 2 npm (the dynamic resource, the Node.js SDK), 5 plugin, 2 Python, 3 Java, 4 Go proxy files, sorted", () => {
    const files = releaseFiles(releaseLayout("0.1.0"));
    assert.equal(files.length, 16);
    assert.deepEqual(files, [...files].sort());
    assert.equal(new Set(files).size, files.length);
    assert.equal(files.filter((f) => f.includes("0.1.0") || f.endsWith("/list")).length, 16, "each names the version");
  });
});
