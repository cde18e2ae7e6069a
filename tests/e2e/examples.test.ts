import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_SEED, type Emulator, startEmulator } from "../emulator";
import { copyProgram, installedConsumer } from "../support/consumer";
import { type RollbackStack, rollbackStack } from "../support/rollback-stack";
import { repoRoot } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const examples = path.join(repoRoot, "examples");

/** Copies an example and one of its stack config files, as a user's checkout would have them. */
function copyExampleWithStack(example: string, stackName: string): string {
  const program = copyProgram(path.join(examples, example), `${example}-${stackName}`);
  fs.copyFileSync(
    path.join(examples, example, `Pulumi.${stackName}.yaml`),
    path.join(program, `Pulumi.${stackName}.yaml`),
  );
  return program;
}

describe("examples", function () {
  this.timeout(300_000);
  let emulator: Emulator | undefined;
  let s: RollbackStack | undefined;

  afterEach(async () => {
    await s?.remove();
    await emulator?.close();
    s = emulator = undefined;
  });

  it("type-check against the installed package", async () => {
    const tsc = path.join(installedConsumer(), "node_modules", ".bin", "tsc");
    for (const example of ["quickstart", "multi-cluster", "fleet"]) {
      const program = copyProgram(path.join(examples, example), `typecheck-${example}`);
      await execFileAsync(tsc, ["-p", path.join(program, "tsconfig.json")]);
    }
  });

  it("multi-cluster, dev stack: rolls back the configured add-on once", async () => {
    emulator = await startEmulator({
      seed: [
        {
          ...DEFAULT_SEED,
          id: "9e3a1b7c-0000-4000-8000-00000000c0d1",
          clusterId: "5c1f8e2a-0000-4000-8000-000000000d01",
        },
      ],
      defaultRollbackDurationMs: 1000,
    });
    s = await rollbackStack(copyExampleWithStack("multi-cluster", "dev"), "dev", emulator, {}, "env-aksk");
    const up = await s.stack.up();
    assert.deepEqual(up.outputs.summary?.value, ["coredns 1.28.6 -> 1.28.4: running"]);
    assert.equal(emulator.count({ method: "POST" }), 1);
  });

  it("multi-cluster, prod stack: previews three rollbacks across clusters and sends nothing", async () => {
    emulator = await startEmulator({ seed: [] });
    s = await rollbackStack(copyExampleWithStack("multi-cluster", "prod"), "prod", emulator, {}, "env-aksk");
    const preview = await s.stack.preview();
    assert.equal(preview.changeSummary.create, 4, "the stack and three rollbacks");
    assert.equal(emulator.requests.length, 0);
  });

  it("ci-pipeline: rollback.sh rolls back for a new incident, changes nothing for the same one, refuses a bad one", async () => {
    emulator = await startEmulator({ defaultRollbackDurationMs: 1000 });
    const program = copyProgram(path.join(examples, "quickstart"), "ci-quickstart");
    s = await rollbackStack(
      program,
      "ci",
      emulator,
      { clusterId: { value: DEFAULT_SEED.clusterId }, addonName: { value: "coredns" } },
      "env-aksk",
    );
    const script = path.join(examples, "ci-pipeline", "rollback.sh");
    const run = (incident: string) =>
      execFileAsync(script, [], {
        env: { ...process.env, ...s!.env, STACK: "ci", INCIDENT: incident, PROGRAM_DIR: program },
      });

    const first = await run("INC-4211");
    assert.match(first.stdout, /Trigger: <none> -> INC-4211/);
    const outputs = JSON.parse(first.stdout.slice(first.stdout.lastIndexOf("{"))) as { toVersion?: string };
    assert.equal(outputs.toVersion, "1.28.4");
    assert.equal(emulator.count({ method: "POST" }), 1);

    const requests = emulator.requests.length;
    const again = await run("INC-4211");
    assert.match(again.stdout, /already INC-4211/);
    assert.equal(emulator.requests.length, requests, "the same incident makes no request");

    await assert.rejects(run("INC 42; rm -rf /"), (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr ?? "", /INCIDENT must be 1-64 letters/);
      return true;
    });
    assert.equal(emulator.requests.length, requests);
  });
});
