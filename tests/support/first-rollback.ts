import * as assert from "node:assert/strict";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { DEFAULT_SEED, type Emulator } from "../emulator";

/**
 * What the first `up` of any program with one AddonVersionRollback of the default add-on must show, whichever front
 * door and language: it succeeded with exactly one POST, recorded 1.28.6 -> 1.28.4 and `running`, and the add-on
 * really is at 1.28.4 now.
 */
export function assertFirstRollback(
  up: { summary: { result?: string }; outputs: OutputMap },
  emulator: Emulator,
): void {
  assert.equal(up.summary.result, "succeeded");
  assert.equal(emulator.count({ method: "POST" }), 1, "exactly one POST");
  assert.equal(up.outputs.fromVersion?.value, "1.28.6");
  assert.equal(up.outputs.toVersion?.value, "1.28.4");
  assert.equal(up.outputs.status?.value, "running");
  assert.equal(emulator.addon(DEFAULT_SEED.id)?.status.currentVersion.version, "1.28.4");
}
