import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_SEED, type Emulator, TEST_CREDENTIALS, startEmulator } from "../emulator";
import { copyGoExample, goProgram } from "../support/go-program";
import { copyExample } from "../support/native-program";
import { requireBuiltPlugin, requireLanguageHost } from "../support/native-plugin";
import { type NativeStack, nativeStack } from "../support/native-stack";
import { tally } from "../support/request-tally";
import { offlineEnv, tempDir, toolchainBin } from "../support/toolchain";

const execFileAsync = promisify(execFile);

/** The key pairs of the two accounts: each emulator knows only its own account's (staging knows a second one). */
const PROD = { accessKey: "PRODACCESSKEY0000001", secretKey: "prod-secret-key-0123456789" };
const STAGING = { accessKey: "STAGINGACCESSKEY0001", secretKey: "staging-secret-key-0123456789" };
const STAGING_ROTATED = { accessKey: "STAGINGACCESSKEY0002", secretKey: "staging-secret-key-rotated-0123" };

/** A program of two accounts (examples/<language>-accounts): the same config keys and outputs in every language. */
interface AccountsProgram {
  language: string;
  requireTools(): void;
  env: Record<string, string>;
  copy(dir: string): string;
  timeoutMs: number;
}

const ACCOUNTS_PROGRAMS: AccountsProgram[] = [
  {
    language: "YAML",
    requireTools: () => void requireLanguageHost("yaml", "YAML"),
    env: {},
    copy: (dir) => copyExample("yaml-accounts", dir),
    timeoutMs: 300_000,
  },
  {
    language: "Go",
    requireTools: () => goProgram.requireTools(),
    env: goProgram.env,
    copy: (dir) => copyGoExample("go-accounts", dir),
    timeoutMs: 900_000,
  },
];

// The plugin's program surface on the real engine: explicit providers for two accounts, CheckConfig,
// getAddonInstance (fn::invoke in YAML, GetAddonInstanceOutput in Go), a change of credentials that replaces
// nothing; and import (from the YAML example, once: it is the engine's, the same for every language).
for (const accounts of ACCOUNTS_PROGRAMS) {
  describe(`the plugin's program surface, from a ${accounts.language} program`, function () {
    this.timeout(accounts.timeoutMs);
    let dir: string;
    let env: Record<string, string>;
    let prod: Emulator;
    let staging: Emulator;
    let s: NativeStack;
    const stacks: NativeStack[] = [];

    before(async () => {
      requireBuiltPlugin();
      accounts.requireTools();
      dir = tempDir(`program-surface-${accounts.language.toLowerCase()}`);
      env = offlineEnv(dir, accounts.env);
      prod = await startEmulator({ credentials: [PROD], defaultRollbackDurationMs: 1000 });
      staging = await startEmulator({ credentials: [STAGING, STAGING_ROTATED], defaultRollbackDurationMs: 1000 });
      const program = accounts.copy(path.join(dir, "accounts"));
      s = await nativeStack(program, "accounts", env, {
        incident: { value: "INC-1" },
        prodClusterId: { value: DEFAULT_SEED.clusterId },
        prodAccessKey: { value: PROD.accessKey },
        prodSecretKey: { value: PROD.secretKey, secret: true },
        prodEndpoint: { value: prod.url },
        stagingClusterId: { value: DEFAULT_SEED.clusterId },
        stagingAccessKey: { value: STAGING.accessKey },
        stagingSecretKey: { value: STAGING.secretKey, secret: true },
        stagingEndpoint: { value: staging.url },
        projectId: { value: TEST_CREDENTIALS.projectId },
      });
      stacks.push(s);
    });

    after(async () => {
      for (const stack of stacks) await stack.remove().catch(() => undefined);
      await prod?.close();
      await staging?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const keysSeen = (e: Emulator) => [...new Set(e.requests.map((r) => r.accessKey ?? r.auth))];

    it("preview: getAddonInstance runs through its provider (reads only); each rollback is planned with its own account", async () => {
      const preview = await s.stack.preview();
      assert.equal(preview.changeSummary.create, 5, JSON.stringify(preview.changeSummary));
      assert.equal(prod.count({ method: "POST" }) + staging.count({ method: "POST" }), 0);
      assert.deepEqual(keysSeen(prod), [PROD.accessKey]);
      assert.deepEqual(keysSeen(staging), [STAGING.accessKey]);
      // prod: the invoke's read and the planned rollback's; staging: the planned rollback's.
      console.log(`      preview: prod ${tally(prod.requests)}; staging ${tally(staging.requests)}`);
      assert.equal(prod.count({ method: "GET" }), 2);
      assert.equal(staging.count({ method: "GET" }), 1);
    });

    it("up: each resource signs with its own provider's key; one POST each; the invoke's output shown", async () => {
      const before = { prod: prod.requests.length, staging: staging.requests.length };
      const up = await s.stack.up();
      assert.equal(prod.count({ method: "POST" }), 1);
      assert.equal(staging.count({ method: "POST" }), 1);
      assert.deepEqual(keysSeen(prod), [PROD.accessKey], "prod's requests signed with prod's key only");
      assert.deepEqual(keysSeen(staging), [STAGING.accessKey], "staging's requests signed with staging's key only");
      assert.equal(up.outputs.prodToVersion?.value, "1.28.4");
      assert.equal(up.outputs.stagingToVersion?.value, "1.28.4");
      assert.match(String(up.outputs.prodCorednsBefore?.value), /^1\.28\.[46]$/);
      console.log(
        `      up: prod ${tally(prod.requests.slice(before.prod))}; staging ${tally(staging.requests.slice(before.staging))}`,
      );
      const { text } = await s.exportRollback(false);
      for (const secret of [PROD.secretKey, STAGING.secretKey]) {
        assert.ok(!text.includes(secret), "no provider secret in the state");
        assert.ok(!up.stdout.includes(secret), "no provider secret in the output");
      }
    });

    it("a credentials change on a provider: up makes no request and replaces nothing", async () => {
      await s.stack.setAllConfig({
        stagingAccessKey: { value: STAGING_ROTATED.accessKey },
        stagingSecretKey: { value: STAGING_ROTATED.secretKey, secret: true },
      });
      const before = prod.requests.length + staging.requests.length;
      const up = await s.stack.up();
      assert.equal(up.summary.resourceChanges?.replace ?? 0, 0, JSON.stringify(up.summary.resourceChanges));
      assert.equal(up.summary.resourceChanges?.update, 1, "the staging provider is updated in place");
      // The invoke reads again on every run (through prod); nothing reaches staging.
      assert.equal(staging.requests.length + prod.requests.length - before, 1, "only the invoke's read");
      assert.equal(staging.count({ method: "POST" }) + prod.count({ method: "POST" }), 2);
    });

    it("CheckConfig refuses a malformed setting on an explicit provider, naming it, before any request", async () => {
      await s.stack.setConfig("stagingEndpoint", { value: "ftp://cce.example" });
      const before = staging.requests.length;
      await assert.rejects(s.stack.preview(), /endpoint.*https:\/\//s);
      assert.equal(staging.requests.length, before, "no request through that provider");
      await s.stack.setConfig("stagingEndpoint", { value: staging.url });
    });

    if (accounts.language === "YAML")
      describe("import", () => {
        let console_: Emulator;
        let imported: NativeStack;
        let program: string;

        before(async () => {
          // Rolled back in the console during an incident: running at 1.28.4, not rollbackable any more.
          console_ = await startEmulator({
            seed: [{ ...DEFAULT_SEED, currentVersion: "1.28.4", previousVersion: "1.28.6", isRollbackable: false }],
          });
          program = copyExample("yaml", path.join(dir, "import"));
          imported = await nativeStack(program, "import", env, {
            clusterId: { value: DEFAULT_SEED.clusterId },
            incident: { value: "INC-7" },
            "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
            "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
            "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
            "cce-autopilot:endpoint": { value: console_.url },
          });
          stacks.push(imported);
        });

        after(() => console_?.close());

        it("pulumi import <clusterId>/coredns: one read, no rollback, and a program snippet that runs as it is", async () => {
          const { stdout } = await execFileAsync(
            path.join(toolchainBin, "pulumi"),
            [
              "import",
              "cce-autopilot:index:AddonVersionRollback",
              "addon-rollback",
              `${DEFAULT_SEED.clusterId}/coredns`,
              "--yes",
              "--skip-preview",
              "--protect=false",
              "--stack",
              "import",
            ],
            { cwd: program, env: { ...process.env, ...env } },
          );
          assert.match(stdout, /type: cce-autopilot:(index:)?AddonVersionRollback/);
          assert.match(stdout, new RegExp(`clusterId: ${DEFAULT_SEED.clusterId}`));
          assert.match(stdout, new RegExp(`addonId: ${DEFAULT_SEED.id}`));
          assert.equal(console_.requests.length, 1, tally(console_.requests));
          assert.equal(console_.count({ method: "POST" }), 0);
          const { resource } = await imported.exportRollback(false);
          assert.equal(resource?.outputs?.outcome, "imported");
          assert.equal(resource?.outputs?.toVersion, "1.28.4");
          assert.match(String((resource as { id?: string } | undefined)?.id), /^rollback-/);

          // The snippet as the whole program (the project's header kept): a preview finds nothing to change.
          const snippet = stdout.slice(stdout.indexOf("resources:\n"));
          const header = fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8").split("\nconfig:\n")[0]!;
          const pasted = path.join(dir, "pasted");
          fs.mkdirSync(pasted);
          fs.writeFileSync(path.join(pasted, "Pulumi.yaml"), `${header}\n${snippet}`);
          fs.copyFileSync(path.join(program, "Pulumi.import.yaml"), path.join(pasted, "Pulumi.import.yaml"));
          const before = console_.requests.length;
          const { stdout: previewed } = await execFileAsync(
            path.join(toolchainBin, "pulumi"),
            ["preview", "--stack", "import", "--non-interactive"],
            { cwd: pasted, env: { ...process.env, ...env } },
          );
          assert.match(previewed, /2 unchanged/, previewed);
          assert.equal(console_.requests.length, before, "the pasted program's preview sends nothing");
        });

        it("get() in a program reads by <clusterId>/<addon> the same way: one read, no rollback, nothing recorded to change", async () => {
          const getter = path.join(dir, "getter");
          fs.mkdirSync(getter);
          const header = fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8").split("\nconfig:\n")[0]!;
          fs.writeFileSync(
            path.join(getter, "Pulumi.yaml"),
            `${header.replace("name: cce-addon-rollback-yaml", "name: cce-addon-rollback-get")}\n` +
              "resources:\n  looked:\n    type: cce-autopilot:index:AddonVersionRollback\n    get:\n" +
              `      id: ${DEFAULT_SEED.clusterId}/coredns\n` +
              "outputs:\n  toVersion: ${looked.toVersion}\n  outcome: ${looked.outcome}\n",
          );
          const got = await nativeStack(getter, "get", env, {
            "cce-autopilot:accessKey": { value: TEST_CREDENTIALS.accessKey, secret: true },
            "cce-autopilot:secretKey": { value: TEST_CREDENTIALS.secretKey, secret: true },
            "cce-autopilot:projectId": { value: TEST_CREDENTIALS.projectId },
            "cce-autopilot:endpoint": { value: console_.url },
          });
          stacks.push(got);
          const before = console_.requests.length;
          const up = await got.stack.up();
          assert.equal(up.outputs.toVersion?.value, "1.28.4");
          assert.equal(up.outputs.outcome?.value, "imported");
          assert.equal(console_.count({ method: "POST" }), 0);
          console.log(`      get(): ${tally(console_.requests.slice(before))}`);
        });

        it("then up with a trigger: the trigger is adopted, 0 POST; a later trigger change rolls back: 1 POST", async () => {
          const up = await imported.stack.up();
          assert.equal(up.summary.resourceChanges?.replace ?? 0, 0, JSON.stringify(up.summary.resourceChanges));
          assert.equal(console_.count({ method: "POST" }), 0, "the imported rollback is not run again");

          console_.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
          await imported.stack.setConfig("incident", { value: "INC-8" });
          const again = await imported.stack.up();
          assert.equal(again.summary.resourceChanges?.replace, 1);
          assert.equal(console_.count({ method: "POST" }), 1);
          assert.equal(again.outputs.fromVersion?.value, "1.28.7");
          console.log(`      import, adopt, roll back: ${tally(console_.requests)}`);
        });
      });
  });
}
