import assert from "node:assert/strict";
import type { AddonInstance } from "../../../provider/client/schemas";
import { type RollbackPlan, planRollback } from "../../../provider/rollback/plan";
import { addonInstance } from "../../support/addon-instance";

const LABEL = "CCE Autopilot add-on coredns (a1)";
const RUNNING = addonInstance({ id: "a1", clusterId: "c1" });
const ROLLBACKING: Partial<AddonInstance> = {
  status: "rollbacking",
  isRollbackable: false,
  currentVersion: "1.28.4",
  previousVersion: "1.28.6",
};
const DONE: Partial<AddonInstance> = { isRollbackable: false, currentVersion: "1.28.4", previousVersion: "1.28.6" };

type Guards = { expectCurrentVersion?: string; expectTargetVersion?: string };
type Expected = { kind: RollbackPlan["kind"]; from?: string; to?: string; why: RegExp };

const cases: [string, Partial<AddonInstance>, Guards, Expected][] = [
  [
    "upgraded and rollbackable: roll back to the previous version",
    {},
    {},
    { kind: "roll-back", from: "1.28.6", to: "1.28.4", why: /rolling back 1\.28\.6 -> 1\.28\.4 in cluster c1$/ },
  ],
  [
    "both guards match: roll back",
    {},
    { expectCurrentVersion: "1.28.6", expectTargetVersion: "1.28.4" },
    { kind: "roll-back", from: "1.28.6", to: "1.28.4", why: /rolling back/ },
  ],
  [
    "a rollback in progress: resume it, never start another",
    ROLLBACKING,
    {},
    { kind: "resume", from: "1.28.6", to: "1.28.4", why: /already in progress .* without starting another/ },
  ],
  [
    "a rollback in progress to the expected version: resume",
    ROLLBACKING,
    { expectTargetVersion: "1.28.4" },
    { kind: "resume", from: "1.28.6", to: "1.28.4", why: /already in progress/ },
  ],
  [
    "a rollback in progress to another version: refuse",
    ROLLBACKING,
    { expectTargetVersion: "1.27.0" },
    {
      kind: "refuse",
      why: /would roll back to 1\.28\.4, not 1\.27\.0 \(expectTargetVersion\): nothing was rolled back/,
    },
  ],
  [
    "already rolled back to expectTargetVersion: record without a request",
    DONE,
    { expectTargetVersion: "1.28.4" },
    {
      kind: "record",
      from: "1.28.6",
      to: "1.28.4",
      why: /already running at 1\.28\.4 \(expectTargetVersion\); recorded/,
    },
  ],
  [
    "already rolled back, available at expectTargetVersion: record",
    { ...DONE, status: "available" },
    { expectTargetVersion: "1.28.4" },
    { kind: "record", from: "1.28.6", to: "1.28.4", why: /already available at 1\.28\.4/ },
  ],
  [
    "not rollbackable, no guard: refuse with the expectTargetVersion hint",
    DONE,
    {},
    {
      kind: "refuse",
      why: /cannot be rolled back now \(status running at version 1\.28\.4, previous version 1\.28\.6\): the service reports isRollbackable=false .* Nothing was sent\. .* set expectTargetVersion: "1\.28\.4"/,
    },
  ],
  [
    "not rollbackable at another version than expected: refuse, no hint",
    DONE,
    { expectTargetVersion: "1.27.0" },
    {
      kind: "refuse",
      why: /isRollbackable=false \(there is no upgrade to undo, or it was already rolled back\)\. Nothing was sent\.$/,
    },
  ],
  [
    "a status the service refuses a rollback from: refuse, listing the allowed ones",
    { status: "upgrading" },
    {},
    {
      kind: "refuse",
      why: /status upgrading .*: a rollback is allowed only from running, available, abnormal, upgradeFailed, rollbackFailed\. Nothing was sent\.$/,
    },
  ],
  [
    "being deleted and not rollbackable: refuse, no hint (not a success status)",
    { status: "deleting", isRollbackable: false },
    { expectTargetVersion: "1.28.6" },
    { kind: "refuse", why: /status deleting .* allowed only from .* Nothing was sent\.$/ },
  ],
  [
    "expectCurrentVersion differs: refuse, naming both versions",
    {},
    { expectCurrentVersion: "1.28.5" },
    {
      kind: "refuse",
      why: /is at version 1\.28\.6, not 1\.28\.5 \(expectCurrentVersion\): nothing was rolled back\. Update expectCurrentVersion if rolling back from 1\.28\.6 is intended\.$/,
    },
  ],
  [
    "expectTargetVersion differs: refuse, naming both versions",
    {},
    { expectTargetVersion: "1.28.3" },
    {
      kind: "refuse",
      why: /would roll back to 1\.28\.4, not 1\.28\.3 \(expectTargetVersion\): nothing was rolled back\. Update expectTargetVersion if 1\.28\.4 is the version you want\.$/,
    },
  ],
  // Resuming or recording, the previous version may be unknown: the record says "" rather than guess.
  [
    "a rollback in progress, previous version not reported: resume, from unknown",
    { ...ROLLBACKING, previousVersion: undefined },
    {},
    { kind: "resume", from: "", to: "1.28.4", why: /already in progress/ },
  ],
  [
    "already rolled back, previous version not reported: record, from unknown",
    { ...DONE, previousVersion: undefined },
    { expectTargetVersion: "1.28.4" },
    { kind: "record", from: "", to: "1.28.4", why: /already running at 1\.28\.4 \(expectTargetVersion\); recorded/ },
  ],
  [
    "not rollbackable and no previous version: refuse, the state without a previous version",
    { ...DONE, previousVersion: undefined },
    { expectTargetVersion: "1.27.0" },
    { kind: "refuse", why: /cannot be rolled back now \(status running at version 1\.28\.4\): the service reports/ },
  ],
  [
    "no previous version: refuse",
    { previousVersion: undefined },
    {},
    { kind: "refuse", why: /reports no previous version to roll back to \(status running at 1\.28\.6\)/ },
  ],
  ...(["available", "abnormal", "upgradeFailed", "rollbackFailed"] as const).map(
    (status): [string, Partial<AddonInstance>, Guards, Expected] => [
      `rollbackable from ${status}: roll back`,
      { status },
      {},
      { kind: "roll-back", from: "1.28.6", to: "1.28.4", why: /rolling back/ },
    ],
  ),
];

describe(planRollback.name, function () {
  for (const [name, addon, guards, expected] of cases) {
    it(name, function () {
      const plan = planRollback({ clusterId: "c1", ...guards }, { ...RUNNING, ...addon }, LABEL);
      const { why, ...rest } = plan;
      const { why: expectedWhy, ...expectedRest } = expected;
      assert.deepEqual(rest, expectedRest);
      assert.match(why, expectedWhy);
      assert.ok(why.startsWith(LABEL), why);
    });
  }
});
