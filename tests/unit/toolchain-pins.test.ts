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

  it("should pin every package of Huawei's Python SDK exactly, and the versions docs/development.md names", () => {
    // An unpinned line would let a fresh machine get another SDK than the one the emulator was checked against.
    const file = path.join(repoRoot, "tests", "official-sdks", "python", "requirements.txt");
    const lines = fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    for (const line of lines) assert.match(line, /^[A-Za-z0-9._-]+==[0-9][A-Za-z0-9.]*$/, line);
    const pins = new Map(lines.map((l) => l.split("==") as [string, string]));
    const readme = fs.readFileSync(path.join(repoRoot, "docs", "development.md"), "utf8");
    assert.ok(
      readme.includes(`\`huaweicloudsdkcce\`\n${pins.get("huaweicloudsdkcce")}`) ||
        readme.includes(`\`huaweicloudsdkcce\` ${pins.get("huaweicloudsdkcce")}`),
    );
    assert.equal(pins.get("huaweicloudsdkcore"), pins.get("huaweicloudsdkcce"));
    const goMod = fs.readFileSync(path.join(repoRoot, "tests", "official-sdks", "go", "go.mod"), "utf8");
    const goSdk = /^require github\.com\/huaweicloud\/huaweicloud-sdk-go-v3 (v\S+)$/m.exec(goMod)?.[1];
    assert.ok(goSdk !== undefined && readme.includes(`\`huaweicloud-sdk-go-v3\` ${goSdk}`), String(goSdk));
  });
});
