// Pure decisions of this round: the time budget of an operation, getAddonInstance's arguments, what a preview
// plans, and what an import ID names and records.
import assert from "node:assert/strict";
import { DEFAULT_READ_TIMEOUT_SECONDS, parseReadArgs } from "../../../provider/addon/read-args";
import { operationBudget } from "../../../provider/rollback/budget";
import { RollbackNotAllowedError } from "../../../provider/rollback/errors";
import { importedRecord, parseImportId } from "../../../provider/rollback/import";
import { planPreview } from "../../../provider/rollback/preview";
import { addonInstance } from "../../support/addon-instance";

const addon = addonInstance;

describe("operationBudget", () => {
  const cases: [number, number | undefined, { ms: number; label: string }][] = [
    [600, undefined, { ms: 600_000, label: "timeoutSeconds (600 s)" }],
    [600, 0, { ms: 600_000, label: "timeoutSeconds (600 s)" }],
    [600, -5, { ms: 600_000, label: "timeoutSeconds (600 s)" }],
    [600, 15, { ms: 15_000, label: "customTimeouts.create (15 s)" }],
    [600, 600, { ms: 600_000, label: "timeoutSeconds (600 s)" }],
    [600, 900, { ms: 600_000, label: "timeoutSeconds (600 s)" }],
    [600, 12.5, { ms: 12_500, label: "customTimeouts.create (12.5 s)" }],
  ];
  for (const [input, engine, expected] of cases) {
    it(`timeoutSeconds ${input}, engine ${String(engine)}: ${expected.label}`, () =>
      assert.deepEqual(operationBudget(input, engine, "customTimeouts.create"), expected));
  }
});

describe("parseReadArgs", () => {
  it("defaults the timeout and treats empty and null optionals as absent", () =>
    assert.deepEqual(parseReadArgs({ clusterId: "c1", addonName: "coredns", region: "", endpoint: null }), {
      clusterId: "c1",
      addonId: undefined,
      addonName: "coredns",
      region: undefined,
      endpoint: undefined,
      projectId: undefined,
      timeoutSeconds: DEFAULT_READ_TIMEOUT_SECONDS,
    }));

  const refused: [Record<string, unknown>, RegExp][] = [
    [{ addonName: "coredns" }, /clusterId is required/],
    [{ clusterId: "", addonName: "coredns" }, /clusterId is required/],
    [{ clusterId: 7, addonName: "coredns" }, /clusterId is required/],
    [{ clusterId: "c1" }, /exactly one of addonId and addonName .* neither was given/],
    [{ clusterId: "c1", addonId: "a", addonName: "b" }, /both were given/],
    [{ clusterId: "c1", addonName: 5 }, /addonName must be a string/],
    [{ clusterId: "c1", addonName: "coredns", region: 1 }, /region must be a string/],
    [{ clusterId: "c1", addonName: "coredns", timeoutSeconds: 0 }, /positive number of seconds; got 0/],
    [{ clusterId: "c1", addonName: "coredns", timeoutSeconds: "60" }, /positive number of seconds; got 60/],
    [{ clusterId: "c1", addonName: "coredns", timeoutSeconds: Infinity }, /got Infinity/],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${JSON.stringify(args)}`, () => assert.throws(() => parseReadArgs(args), message));
  }

  it("keeps what is given", () =>
    assert.deepEqual(
      parseReadArgs({ clusterId: "c1", addonId: "a1", region: "cn-north-4", projectId: "p", timeoutSeconds: 5 }),
      {
        clusterId: "c1",
        addonId: "a1",
        addonName: undefined,
        region: "cn-north-4",
        endpoint: undefined,
        projectId: "p",
        timeoutSeconds: 5,
      },
    ));
});

describe("planPreview", () => {
  const inputs = { clusterId: "c1" };
  const label = "CCE Autopilot add-on coredns (7a8b9c0d-coredns)";

  it("a rollback: from now to the previous version, the line naming both", () =>
    assert.deepEqual(planPreview(inputs, addon(), label), {
      planned: {
        addonId: "7a8b9c0d-coredns",
        addonName: "coredns",
        fromVersion: "1.28.6",
        toVersion: "1.28.4",
        currentVersion: "1.28.4",
        outcome: "rolled-back",
      },
      line: "coredns 1.28.6 -> 1.28.4 (planned rollback of add-on 7a8b9c0d-coredns in cluster c1; nothing is sent in a preview)",
    }));

  it("a rollback in progress: resumed, and the line says up waits", () => {
    const { planned, line } = planPreview(
      inputs,
      addon({ status: "rollbacking", currentVersion: "1.28.4", previousVersion: undefined }),
      label,
    );
    assert.equal(planned.outcome, "resumed");
    assert.equal(planned.toVersion, "1.28.4");
    assert.equal(line, "coredns ? -> 1.28.4 (a rollback already in progress: up waits for it and sends nothing)");
  });

  it("already done (expectTargetVersion): recorded, at the version it runs", () => {
    const done = addon({ isRollbackable: false, currentVersion: "1.28.4", previousVersion: "1.28.6" });
    const { planned, line } = planPreview({ ...inputs, expectTargetVersion: "1.28.4" }, done, label);
    assert.equal(planned.outcome, "already-rolled-back");
    assert.equal(planned.currentVersion, "1.28.4");
    assert.equal(line, "coredns already at 1.28.4 (expectTargetVersion): up records it and sends nothing");
  });

  it("the name it was addressed by is kept; an unnamed add-on goes by its ID", () => {
    assert.equal(planPreview({ ...inputs, addonName: "dns" }, addon(), label).planned.addonName, "dns");
    assert.match(planPreview(inputs, addon({ templateName: "", name: "" }), label).line, /^7a8b9c0d-coredns 1\.28\.6/);
    assert.match(planPreview(inputs, addon({ templateName: "", name: "kube-dns" }), label).line, /^kube-dns /);
  });

  it("refuses what up would refuse, with the same words", () =>
    assert.throws(
      () => planPreview(inputs, addon({ isRollbackable: false }), label),
      (err: Error) => err instanceof RollbackNotAllowedError && /cannot be rolled back now/.test(err.message),
    ));
});

describe("import IDs and records", () => {
  const ids: [string, ReturnType<typeof parseImportId>][] = [
    ["c1/coredns", { clusterId: "c1", addon: "coredns" }],
    ["c1/7a8b9c0d-coredns", { clusterId: "c1", addon: "7a8b9c0d-coredns" }],
    ["rollback-20261130T000000Z-abcdef", undefined],
    ["7a8b9c0d@20250101T000000Z", undefined],
    ["c1/coredns/extra", undefined],
    ["x c1/coredns", undefined],
    ["c1/coredns x", undefined],
    ["/coredns", undefined],
    ["c1/", undefined],
  ];
  for (const [id, expected] of ids) {
    it(`parseImportId(${JSON.stringify(id)})`, () => assert.deepEqual(parseImportId(id), expected));
  }

  it("records the add-on as it is: the version it left and the one it runs; its name, or its template's", () => {
    const { inputs, outputs } = importedRecord("c1", addon({ currentVersion: "1.28.4", previousVersion: "1.28.6" }));
    assert.deepEqual(inputs, { clusterId: "c1", addonId: "7a8b9c0d-coredns", timeoutSeconds: 1800 });
    assert.deepEqual(outputs, {
      ...inputs,
      addonName: "coredns",
      fromVersion: "1.28.6",
      toVersion: "1.28.4",
      status: "running",
      currentVersion: "1.28.4",
      outcome: "imported",
      schemaVersion: 1,
    });
    const unnamed = importedRecord("c1", addon({ name: "", templateName: "log-agent", previousVersion: undefined }));
    assert.equal(unnamed.outputs.addonName, "log-agent");
    assert.equal(unnamed.outputs.fromVersion, "");
  });
});
