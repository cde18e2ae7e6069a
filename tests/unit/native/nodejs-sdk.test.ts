import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { PACKAGE_NAME, RESOURCE_TOKEN } from "../../../provider/native/names";
import { checkoutRelease } from "../../../provider/native/release";
import { repoRoot, tempDir } from "../../support/toolchain";

const execFileAsync = promisify(execFile);
const nodejsSdk = path.join(repoRoot, "sdk", "nodejs");
/** The release the committed SDKs are generated for: this checkout's version, the project's download location. */
const PROJECT_RELEASE = checkoutRelease(repoRoot);

/**
 * A copy of sdk/nodejs in `dir`, beside a link to this repository's node_modules: it resolves `@pulumi/pulumi`,
 * `@types/node` and `tsc` from there, as an installed copy resolves them from the program's node_modules.
 */
function copySdk(dir: string): string {
  const copy = path.join(dir, "cce-autopilot");
  fs.cpSync(nodejsSdk, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|bin)$/.test(src) });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return copy;
}

/**
 * Runs the SDK's own postinstall script, as npm does after installing it: it compiles the TypeScript into bin/ with
 * the `tsc` on PATH (npm puts the installing project's node_modules/.bin there; here, this repository's).
 */
async function postinstall(sdk: string): Promise<void> {
  const bin = path.join(repoRoot, "node_modules", ".bin");
  await execFileAsync(process.execPath, ["scripts/postinstall.js"], {
    cwd: sdk,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
  }).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`the SDK's postinstall failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  });
}

interface CompiledSdk {
  AddonVersionRollback: { __pulumiType: string };
  Provider: { __pulumiType: string };
  getAddonInstance: unknown;
  getAddonInstanceOutput: unknown;
}

// The Node.js SDK generated from the plugin's schema (sdk/nodejs) is TypeScript that compiles itself where npm
// installs it. This compiles it exactly so, with the TypeScript and @pulumi/pulumi this repository pins, then loads
// it: what `npm install` of the SDK does before a program can use it (tests/e2e/native-lifecycle.test.ts runs one).
describe("generated Node.js SDK", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = tempDir("nodejs-sdk")));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("compiles with its postinstall against this repository's @pulumi/pulumi, loads, and types a program", async () => {
    assert.ok(fs.existsSync(nodejsSdk), "sdk/nodejs is missing: it is generated from the schema by scripts/sdkgen");
    const sdk = copySdk(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(sdk, "package.json"), "utf8")) as {
      name: string;
      version: string;
      main: string;
      pulumi: { resource: boolean; name: string; version: string; server: string };
    };
    assert.equal(manifest.name, "@pulumi-cce-addon-rollback/cce-autopilot");
    // The engine reads these to find (and, outside a checkout, install) the plugin the program needs.
    assert.deepEqual(manifest.pulumi, {
      resource: true,
      name: PACKAGE_NAME,
      version: PROJECT_RELEASE.version,
      server: PROJECT_RELEASE.pluginDownloadURL,
    });
    assert.equal(manifest.version, PROJECT_RELEASE.version);

    await postinstall(sdk);
    const main = path.join(sdk, manifest.main);
    assert.ok(fs.existsSync(main), `${manifest.main} compiled`);
    const loaded = require(main) as CompiledSdk;
    assert.equal(loaded.AddonVersionRollback.__pulumiType, RESOURCE_TOKEN);
    assert.equal(loaded.Provider.__pulumiType, PACKAGE_NAME);
    assert.equal(typeof loaded.getAddonInstance, "function");
    assert.equal(typeof loaded.getAddonInstanceOutput, "function");
    // Each resource asks the engine for the plugin at the SDK's version and download location.
    const utilities = require(path.join(sdk, "bin", "utilities.js")) as { resourceOptsDefaults(): unknown };
    assert.deepEqual(utilities.resourceOptsDefaults(), {
      version: PROJECT_RELEASE.version,
      pluginDownloadURL: PROJECT_RELEASE.pluginDownloadURL,
    });

    // A program type-checks against the compiled declarations, where the credentials' getters are secret Outputs.
    const program = path.join(dir, "program.ts");
    fs.writeFileSync(
      program,
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as cce from "./cce-autopilot";',
        "const secret: pulumi.Output<string> | undefined = cce.config.secretKey;",
        "const plain: string | undefined = cce.config.region;",
        'const r = new cce.AddonVersionRollback("r", { clusterId: "c", addonName: "coredns", trigger: "INC-1" },',
        '  { customTimeouts: { create: "15m" } });',
        "const to: pulumi.Output<string> = r.toVersion;",
        "export { secret, plain, to };",
        "",
      ].join("\n"),
    );
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const check = (file: string) =>
      execFileAsync(
        process.execPath,
        [tsc, "--noEmit", "--strict", "--module", "nodenext", "--types", "node", "--skipLibCheck", file],
        {
          cwd: dir,
        },
      );
    await check(program);
    // The same program taking a secret getter for a plain string does not type-check: the check can fail.
    fs.appendFileSync(
      program,
      "const wrongSecret: string | undefined = cce.config.secretKey;\nexport { wrongSecret };\n",
    );
    await assert.rejects(check(program), (err: { stdout?: string }) => {
      assert.match(
        err.stdout ?? "",
        /program\.ts\(9,7\): error TS2322: Type 'Output<string> \| undefined' is not assignable to type 'string \| undefined'/,
      );
      return true;
    });
  });
});
