/**
 * Tests of the rollback verdict: what one read of the add-on means while a rollback 1.28.6 -> 1.28.4 runs.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/RollbackAutopilotAddonInstance.html
 */
import assert from "node:assert/strict";
import type { AddonInstance } from "../../../provider/client/schemas";
import { addonInstance } from "../../support/addon-instance";
import { statusAddonRollback } from "../../../provider/addon/wait";
import { AddonStatus, ROLLBACK_ALLOWED_FROM, ROLLBACK_PENDING, ROLLBACK_SUCCESS } from "../../../provider/addon/status";
import type { Verdict } from "../../../provider/waiter/waiter";

const FROM = "1.28.6";
const TO = "1.28.4";

function addon(overrides: Partial<AddonInstance> = {}): AddonInstance {
  return addonInstance({ currentVersion: FROM, previousVersion: TO, specVersion: FROM, ...overrides });
}

/** The add-on as the service shows it while rolling back (the target is already the current version). */
const rollbacking = addon({
  status: "rollbacking",
  reason: `Rollback to ${TO}`,
  currentVersion: TO,
  previousVersion: FROM,
  specVersion: TO,
  isRollbackable: false,
});
const rolledBack = addon({ currentVersion: TO, previousVersion: FROM, specVersion: TO, isRollbackable: false });
const before = addon();

function verdicts(classify: (a: AddonInstance) => Verdict, reads: AddonInstance[]): string[] {
  return reads.map((a) => classify(a).state);
}

function failureReason(verdict: Verdict): string {
  assert.equal(verdict.state, "failure", JSON.stringify(verdict));
  return (verdict as { reason: string }).reason;
}

describe(statusAddonRollback.name, function () {
  it("basic: rollbacking, then running at the target, is pending then success", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    assert.deepEqual(verdicts(classify, [rollbacking, rollbacking, rolledBack]), ["pending", "pending", "success"]);
  });

  it("strict: available at the target (only some instances running) keeps the wait going", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    assert.deepEqual(classify(addon({ ...rolledBack, status: "available" })), { state: "pending" });
    assert.deepEqual(classify(rolledBack), { state: "success" }, "running at the target is success");
  });

  it("acceptPartiallyReady: available at the target is success too; at another version it is not", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before, acceptPartiallyReady: true });
    assert.deepEqual(classify(addon({ ...rolledBack, status: "available" })), { state: "success" });
    const elsewhere = statusAddonRollback({ fromVersion: FROM, toVersion: TO, acceptPartiallyReady: true });
    assert.deepEqual(classify(addon({ ...rolledBack, status: "rollbacking" })), { state: "pending" });
    assert.equal(elsewhere(addon({ ...rolledBack, status: "available", currentVersion: FROM })).state, "pending");
  });

  it("fast: running at the target without rollbacking ever being seen is success", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    assert.deepEqual(classify(rolledBack), { state: "success" });
  });

  it("stale_reads: running at the old version before any rollbacking is pending, never success", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    // The exact pre-rollback snapshot, then the same status/version with a flag changed (not identical to before).
    assert.deepEqual(verdicts(classify, [before, before, addon({ isRollbackable: false })]), [
      "pending",
      "pending",
      "pending",
    ]);
    assert.deepEqual(verdicts(classify, [rollbacking, rolledBack]), ["pending", "success"]);
  });

  it("stale_reads: resuming (no snapshot), running at the old version before rollbacking is pending", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO });
    assert.deepEqual(classify(addon({ isRollbackable: false })), { state: "pending" });
  });

  it("ended_elsewhere: running at the old version after rollbacking was seen is a failure naming both versions", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    assert.equal(classify(rollbacking).state, "pending");
    const reason = failureReason(classify(addon({ isRollbackable: false })));
    assert.match(reason, /status running/);
    assert.match(reason, new RegExp(`version ${FROM.replace(/\./g, "\\.")}, not ${TO.replace(/\./g, "\\.")}`));
  });

  it("ended_elsewhere: even a read identical to the snapshot is a failure once rollbacking was seen", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    classify(rollbacking);
    assert.equal(classify(before).state, "failure");
  });

  it("retry: a snapshot identical to before (rollbackFailed before) is pending, not the old failure", function () {
    const failedBefore = addon({ status: "rollbackFailed", reason: "InstallFailed", message: "timed out" });
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before: failedBefore });
    assert.deepEqual(classify({ ...failedBefore }), { state: "pending" });
    assert.equal(classify(rollbacking).state, "pending");
    assert.equal(
      classify({ ...failedBefore }).state,
      "failure",
      "after rollbacking, rollbackFailed is the new outcome",
    );
  });

  it("retry: an upgradeFailed snapshot identical to before is pending", function () {
    const upgradeFailed = addon({ status: "upgradeFailed" });
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before: upgradeFailed });
    assert.deepEqual(classify({ ...upgradeFailed }), { state: "pending" });
  });

  // A retry after a failed upgrade starts from a failure status: the snapshot is pending (the request may not be
  // taken into account yet), but a read that differs from it in anything the service reports is news, even
  // without timestamps (the service does not always send metadata.updateTimestamp).
  const snapshot = addon({ status: "upgradeFailed", updatedAt: "2024-07-18T03:03:17Z" });
  const changes: [string, Partial<AddonInstance>][] = [
    ["nothing (the snapshot again)", {}],
    ["the version", { currentVersion: "1.28.5" }],
    ["isRollbackable", { isRollbackable: false }],
    ["the update time", { updatedAt: "2024-07-18T03:05:00Z" }],
  ];
  for (const [what, change] of changes) {
    // Without timestamps there is no update time to differ in.
    for (const timestamps of "updatedAt" in change ? [true] : [true, false]) {
      it(`snapshot: a read that differs in ${what}${timestamps ? "" : ", no timestamps"} is ${Object.keys(change).length ? "a failure" : "pending"}`, function () {
        const strip = (a: AddonInstance): AddonInstance => (timestamps ? a : { ...a, updatedAt: undefined });
        const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before: strip(snapshot) });
        const verdict = classify(strip({ ...snapshot, ...change }));
        if (Object.keys(change).length === 0) assert.deepEqual(verdict, { state: "pending" });
        else assert.equal(failureReason(verdict), "the add-on entered status upgradeFailed during the rollback");
      });
    }
  }

  it("snapshot: no timestamps, running at the target right away is success, not the snapshot", function () {
    const classify = statusAddonRollback({
      fromVersion: FROM,
      toVersion: TO,
      before: { ...before, updatedAt: undefined },
    });
    assert.deepEqual(classify({ ...before, currentVersion: TO, updatedAt: undefined }), { state: "success" });
  });

  for (const status of ["rollbacking", "abnormal"]) {
    it(`pending: ${status} keeps waiting, before and after rollbacking was seen`, function () {
      const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
      assert.deepEqual(classify(addon({ status, currentVersion: TO })), { state: "pending" });
      classify(rollbacking);
      assert.deepEqual(classify(addon({ status, currentVersion: TO })), { state: "pending" });
    });
  }

  it("rollback_failed: the failure text carries the add-on's Reason and message", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    classify(rollbacking);
    const reason = failureReason(
      classify(
        addon({
          status: "rollbackFailed",
          reason: "InstallFailed",
          message: "helm rollback failed: timed out waiting for the condition",
        }),
      ),
    );
    assert.match(reason, /rollback failed/);
    assert.ok(reason.includes("InstallFailed"), reason);
    assert.ok(reason.includes("helm rollback failed: timed out waiting for the condition"), reason);
  });

  it("rollback_failed: without a Reason the text says the service gave none", function () {
    const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    const reason = failureReason(
      classify(addon({ status: "rollbackFailed", currentVersion: FROM, isRollbackable: false })),
    );
    assert.match(reason, /no reason/);
  });

  for (const status of [
    "upgrading",
    "deleting",
    "installFailed",
    "installing",
    "deleteFailed",
    "deleteSuccess",
    "unknown",
  ]) {
    it(`unexpected: ${status} during the rollback is a failure naming the status`, function () {
      const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
      const reason = failureReason(classify(addon({ status, reason: "Why", message: "details" })));
      assert.ok(reason.includes(`status ${status}`), reason);
      assert.ok(reason.includes("Why: details"), reason);
    });
  }

  for (const status of ["someNewStatus", "pending", "Running", ""]) {
    it(`undocumented: ${JSON.stringify(status)} is still in progress, before and after rollbacking, never success`, function () {
      const classify = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
      assert.deepEqual(classify(addon({ status, currentVersion: TO })), { state: "pending" });
      assert.deepEqual(classify(rollbacking), { state: "pending" });
      assert.deepEqual(classify(addon({ status, currentVersion: TO })), { state: "pending" });
      assert.deepEqual(classify(addon({ status: "running", currentVersion: TO })), { state: "success" });
    });
  }

  it("state: each classifier remembers only its own reads", function () {
    const first = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    const second = statusAddonRollback({ fromVersion: FROM, toVersion: TO, before });
    first(rollbacking);
    assert.equal(first(before).state, "failure");
    assert.equal(second(before).state, "pending");
  });

  it("tables: every documented status has exactly one meaning", function () {
    const documented = Object.values(AddonStatus) as string[];
    for (const s of [...ROLLBACK_SUCCESS, ...ROLLBACK_PENDING, ...ROLLBACK_ALLOWED_FROM]) {
      assert.ok(documented.includes(s), s);
    }
    assert.deepEqual(
      ROLLBACK_SUCCESS.filter((s) => ROLLBACK_PENDING.includes(s)),
      [],
    );
    assert.deepEqual([...ROLLBACK_ALLOWED_FROM].sort(), [
      "abnormal",
      "available",
      "rollbackFailed",
      "running",
      "upgradeFailed",
    ]);
  });
});
