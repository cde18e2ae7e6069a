import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ROLLBACK_TYPE, pluginExecutable, requireBuiltPlugin } from "../support/native-plugin";
import { measureStartUp, median } from "../support/plugin-figures";
import { offlineEnv, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);

// The cce-autopilot plugin without a program: what the CLI reads from it, and how fast it starts. What a program
// does with it, in every language, is tests/e2e/native-lifecycle.test.ts.
describe("native plugin on its own", function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    requireBuiltPlugin();
    dir = tempDir("native-plugin");
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("pulumi package get-schema prints the schema from the plugin", async () => {
    const { stdout } = await execFileAsync(
      path.join(toolchainBin, "pulumi"),
      ["package", "get-schema", pluginExecutable],
      {
        env: { ...process.env, ...offlineEnv(dir) },
      },
    );
    const schema = JSON.parse(stdout) as { name: string; resources: Record<string, { inputProperties: object }> };
    assert.equal(schema.name, "cce-autopilot");
    assert.ok(schema.resources[ROLLBACK_TYPE]?.inputProperties);
  });

  it("start-up time and memory of the plugin (figures, not limits)", async () => {
    const runs: { ms: number; rssKiB: number }[] = [];
    for (let i = 0; i < 5; i++) runs.push(await measureStartUp());
    const ms = median(runs.map((r) => r.ms));
    const rss = median(runs.map((r) => r.rssKiB)) / 1024;
    console.log(
      `      plugin start-up: median ${ms.toFixed(0)} ms from process start to the port line ` +
        `(${runs.map((r) => r.ms.toFixed(0)).join(", ")} ms), RSS then ${rss.toFixed(1)} MiB`,
    );
    assert.ok(ms > 0 && rss > 0);
  });
});
