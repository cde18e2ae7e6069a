// The generated SDKs' config getters: a secret setting is read as a secret (an Output marked secret), so that a
// program passing it on does not store it in clear; the others as plain strings. scripts/sdkgen rewrites what
// Pulumi's generators write for the secret ones. (The .NET SDK's are left as generated, plain strings: C# cannot be
// compiled here to check a rewrite; the README says so.)
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTINGS, SETTING_NAMES } from "../../../provider/connection/settings";
import { repoRoot } from "../../support/toolchain";

const goConfig = fs.readFileSync(path.join(repoRoot, "sdk/go/cceautopilot/config/config.go"), "utf8");
const pyConfig = fs.readFileSync(path.join(repoRoot, "sdk/python/pulumi_cce_autopilot/config/vars.py"), "utf8");
const nodeConfig = fs.readFileSync(path.join(repoRoot, "sdk/nodejs/config/vars.ts"), "utf8");

describe("the generated SDKs' config getters", () => {
  for (const name of SETTING_NAMES) {
    const secret = SETTINGS[name].secret;
    const title = name[0]!.toUpperCase() + name.slice(1);
    it(`${name}: ${secret ? "a secret read" : "a plain read"} in Go, Python and Node.js`, () => {
      const go = secret
        ? `func Get${title}(ctx *pulumi.Context) pulumi.StringOutput {\n\treturn config.GetSecret(ctx, "cce-autopilot:${name}")\n}`
        : `func Get${title}(ctx *pulumi.Context) string {\n\treturn config.Get(ctx, "cce-autopilot:${name}")\n}`;
      assert.ok(goConfig.includes(go), go);
      assert.ok(pyConfig.includes(secret ? `__config__.get_secret('${name}')` : `__config__.get('${name}')`));
      const node = secret
        ? `export declare const ${name}: pulumi.Output<string> | undefined;\nObject.defineProperty(exports, "${name}", {\n    get() {\n        return __config.getSecret("${name}");`
        : `export declare const ${name}: string | undefined;\nObject.defineProperty(exports, "${name}", {\n    get() {\n        return __config.get("${name}");`;
      assert.ok(nodeConfig.includes(node), node);
    });
  }
});
