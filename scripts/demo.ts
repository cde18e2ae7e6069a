/**
 * `npm run demo`: the quickstart example against the local emulator of the CCE Autopilot API, on the real
 * Pulumi engine with a throwaway local backend. Narrates what happens; needs no cloud account.
 */
import * as path from "node:path";
import { DEFAULT_SEED, startEmulator } from "../tests/emulator";
import { copyProgram } from "../tests/support/consumer";
import { rollbackStack } from "../tests/support/rollback-stack";
import { repoRoot } from "../tests/support/toolchain";

const say = (text: string) => console.log(`\n\x1b[1m== ${text}\x1b[0m`);

async function main(): Promise<void> {
  say("Starting a local emulator of the CCE Autopilot add-on API");
  const emulator = await startEmulator({ defaultRollbackDurationMs: 3000 });
  const addon = () => emulator.addon(DEFAULT_SEED.id)!.status;
  console.log(
    `   ${emulator.url}: coredns was upgraded from 1.28.4 to ${addon().currentVersion.version} and broke DNS.`,
  );

  say("Installing the quickstart example the way a user would (npm pack + npm install)");
  const program = copyProgram(path.join(repoRoot, "examples", "quickstart"), "demo-quickstart");
  const s = await rollbackStack(program, "demo", emulator, {
    clusterId: { value: DEFAULT_SEED.clusterId },
    addonName: { value: DEFAULT_SEED.name },
    incident: { value: "INC-4211" },
  });
  // Indent the CLI's own output under the narration. Chunks may end mid-line (progress dots), so remember
  // whether the next chunk starts a line.
  let lineStart = true;
  const show = (chunk: string) => {
    const indented = chunk.replace(/\n(?=.)/g, "\n   | ");
    process.stdout.write((lineStart && chunk !== "" && chunk[0] !== "\n" ? "   | " : "") + indented);
    lineStart = chunk.endsWith("\n");
  };
  try {
    say("pulumi up (incident INC-4211): roll coredns back and wait until it has really finished");
    let up = await s.stack.up({ onOutput: show });
    console.log(
      `   -> rolled back ${String(up.outputs.fromVersion?.value)} -> ${String(up.outputs.toVersion?.value)}, ` +
        `status ${String(up.outputs.status?.value)}; rollback requests sent: ${emulator.count({ method: "POST" })}`,
    );

    say("pulumi up again, nothing changed: the rollback is not repeated");
    let before = emulator.requests.length;
    await s.stack.up({ onOutput: show });
    console.log(`   -> API requests made by this run: ${emulator.requests.length - before}`);

    say("Weeks later coredns is upgraded to 1.28.7 and breaks again; the SRE sets incident INC-4302");
    emulator.patchAddon(DEFAULT_SEED.id, { version: "1.28.7", previousVersion: "1.28.4", isRollbackable: true });
    await s.stack.setConfig("incident", { value: "INC-4302" });
    before = emulator.count({ method: "POST" });
    up = await s.stack.up({ onOutput: show });
    console.log(
      `   -> rolled back ${String(up.outputs.fromVersion?.value)} -> ${String(up.outputs.toVersion?.value)}; ` +
        `rollback requests sent by this run: ${emulator.count({ method: "POST" }) - before}`,
    );

    say("Cleaning up: pulumi destroy removes the record (it does not undo the rollback)");
    before = emulator.requests.length;
    await s.stack.destroy({ onOutput: show });
    console.log(
      `   -> API requests made by destroy: ${emulator.requests.length - before}; coredns stays at ${addon().currentVersion.version}`,
    );
  } finally {
    await s.remove();
    await emulator.close();
  }
  say("Done");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
