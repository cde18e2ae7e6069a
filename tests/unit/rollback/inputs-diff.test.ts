/**
 * Tests of input validation (`check`) and change detection (`diff`). Both are pure: no client, no clock.
 */
import assert from "node:assert/strict";
import { diffInputs } from "../../../provider/rollback/diff";
import {
  UNKNOWN,
  checkInputs,
  containsUnknown,
  parseInputs,
  pickConnectionInputs,
} from "../../../provider/rollback/inputs";
import { DEFAULT_TIMEOUT_SECONDS, INPUT_NAMES } from "../../../provider/rollback/properties";

const CLUSTER = "c0ffee00-0000-0000-0000-000000000001";
const ADDON = "7a8b9c0d-0000-0000-0000-000000000002";
const VALID = { clusterId: CLUSTER, addonId: ADDON };

/** A valid value of every input, and a different valid value. */
const SAMPLES: Record<string, [unknown, unknown]> = {
  clusterId: [CLUSTER, "c0ffee00-0000-0000-0000-000000000009"],
  addonId: [ADDON, "7a8b9c0d-0000-0000-0000-000000000009"],
  trigger: [{ release: "2024-07-18" }, { release: "2024-07-19" }],
  region: ["cn-north-4", "ap-southeast-3"],
  endpoint: ["https://cce.cn-north-4.myhuaweicloud.com", "https://cce.ap-southeast-3.myhuaweicloud.com"],
  projectId: ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"],
  timeoutSeconds: [1800, 600],
  expectCurrentVersion: ["1.28.6", "1.28.7"],
  expectTargetVersion: ["1.28.4", "1.28.3"],
};

const FULL: Record<string, unknown> = Object.fromEntries(Object.entries(SAMPLES).map(([k, [v]]) => [k, v]));

function failures(news: Record<string, unknown>) {
  return checkInputs(news).failures;
}

/** Asserts exactly one failure, on `property`, whose reason names the property and contains each hint. */
function assertOneFailure(news: Record<string, unknown>, property: string, ...hints: (string | RegExp)[]): void {
  const found = failures(news);
  assert.equal(found.length, 1, JSON.stringify(found));
  const [failure] = found;
  assert.equal(failure?.property, property);
  assert.ok(failure?.reason.startsWith(`${property} `), failure?.reason);
  for (const hint of hints) {
    if (typeof hint === "string") assert.ok(failure?.reason.includes(hint), `${failure?.reason} lacks ${hint}`);
    else assert.match(failure?.reason ?? "", hint);
  }
}

describe(checkInputs.name, function () {
  it("basic: valid inputs pass, with timeoutSeconds defaulted to 1800", function () {
    const { inputs, failures: found } = checkInputs({ ...VALID });
    assert.deepEqual(found, []);
    assert.deepEqual(inputs, { ...VALID, timeoutSeconds: 1800 });
    assert.equal(DEFAULT_TIMEOUT_SECONDS, 1800);
  });

  it("basic: every input at once passes unchanged", function () {
    const { inputs, failures: found } = checkInputs({ ...FULL });
    assert.deepEqual(found, []);
    assert.deepEqual(inputs, FULL);
  });

  it("normalise: versions are trimmed, undefined inputs are left out of validation", function () {
    const { inputs, failures: found } = checkInputs({ ...VALID, expectCurrentVersion: " 1.28.6 ", region: undefined });
    assert.deepEqual(found, []);
    assert.equal(inputs["expectCurrentVersion"], "1.28.6");
  });

  it("missing: clusterId is named, with an example", function () {
    assertOneFailure({ addonId: ADDON }, "clusterId", "is required", "cluster ID", "e.g.");
  });

  it("missing: neither addonId nor addonName is refused on addonId, naming both with an example", function () {
    assertOneFailure({ clusterId: CLUSTER }, "addonId", "addonId or addonName is required", '"coredns"');
  });

  it("both: addonId and addonName together are refused, naming both", function () {
    assertOneFailure({ ...VALID, addonName: "coredns" }, "addonName", "addonName and addonId were both given");
  });

  it("both: one of them unknown during preview still counts as given", function () {
    assertOneFailure({ ...VALID, addonName: UNKNOWN }, "addonName", "were both given");
  });

  it("by name: addonName alone passes, with the same defaults", function () {
    const { inputs, failures: found } = checkInputs({ clusterId: CLUSTER, addonName: "coredns" });
    assert.deepEqual(found, []);
    assert.deepEqual(inputs, { clusterId: CLUSTER, addonName: "coredns", timeoutSeconds: 1800 });
  });

  for (const bad of ["", "core dns", "-coredns", "a/b", "x".repeat(129)]) {
    it(`by name: addonName ${JSON.stringify(bad.slice(0, 20))} is refused, saying what a name looks like`, function () {
      assertOneFailure({ clusterId: CLUSTER, addonName: bad }, "addonName", "template name, name or alias");
    });
  }

  it("missing: both are reported at once", function () {
    assert.deepEqual(
      failures({}).map((f) => f.property),
      ["clusterId", "addonId"],
    );
  });

  for (const bad of ["a/b", "../x", "x?y=1", "a b", "", "#frag"]) {
    it(`bad id: addonId ${JSON.stringify(bad)} is refused with the allowed characters`, function () {
      assertOneFailure({ clusterId: CLUSTER, addonId: bad }, "addonId", "add-on instance ID");
    });
  }

  /** VALID with `property` set to `value`; addonName replaces addonId, since exactly one of them may be given. */
  function withInput(property: string, value: unknown): Record<string, unknown> {
    const news: Record<string, unknown> = { ...VALID, [property]: value };
    if (property === "addonName") delete news.addonId;
    return news;
  }

  // The reason is all the user sees (the CLI prints it next to the input), so each rule is pinned to its whole
  // message: the input's name, what is wrong, and what to give instead.
  const REGION = 'region must be a region name such as "cn-north-4"';
  const refusals: [string, unknown, string][] = [
    [
      "clusterId",
      42,
      'clusterId is required and must be a string: the CCE Autopilot cluster ID, e.g. "c0ffee00-0000-0000-0000-000000000001"',
    ],
    // An empty list is a wrong value like any other, not a value still unknown during preview.
    [
      "clusterId",
      [],
      'clusterId is required and must be a string: the CCE Autopilot cluster ID, e.g. "c0ffee00-0000-0000-0000-000000000001"',
    ],
    [
      "clusterId",
      "c/1",
      "clusterId may contain only letters, digits, '.', '_' and '-' (no '/', '..', '?', '#', spaces), at most 128 " +
        "characters: give the CCE Autopilot cluster ID",
    ],
    [
      "addonId",
      { id: ADDON },
      'addonId is required and must be a string: the add-on instance ID, e.g. "7a8b9c0d-0000-0000-0000-000000000002"',
    ],
    ["addonId", "", "addonId must be a non-empty string: give the add-on instance ID"],
    ["addonName", 42, 'addonName must be the add-on\'s name, e.g. "coredns"'],
    [
      "addonName",
      "core dns",
      'addonName must be the add-on\'s template name, name or alias, e.g. "coredns" (letters, digits, ".", "_", "-")',
    ],
    ["timeoutSeconds", "600", "timeoutSeconds must be a number of seconds, e.g. 1800"],
    ...[NaN, Infinity, { nested: [1, -Infinity] }].map((trigger): [string, unknown, string] => [
      "trigger",
      trigger,
      "trigger must be a JSON value (a string, a finite number, true/false, null, or a list or object of those)",
    ]),
    ["region", 4, REGION],
    ["region", "North China", REGION],
    // The endpoint's host, or a region with something around it, is not a region: the whole value must match.
    ["region", "cce.cn-north-4", REGION],
    ["region", "cn-north-4.myhuaweicloud.com", REGION],
    ["endpoint", 443, "endpoint must be a URL such as https://cce.cn-north-4.myhuaweicloud.com"],
    [
      "endpoint",
      "cce.cn-north-4",
      "endpoint is not a URL; give a base URL such as https://cce.cn-north-4.myhuaweicloud.com",
    ],
    [
      "endpoint",
      "http://evil.example.com",
      "endpoint must use https:// (plain http:// is allowed only for localhost); got http://evil.example.com",
    ],
    [
      "endpoint",
      "https://user:pw@cce.example.org",
      "endpoint must not hold user info: credentials go in stack config or the environment, never in the URL",
    ],
    [
      "projectId",
      123,
      "projectId must be the project ID of the region, a string such as 0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    ],
    ["projectId", "has spaces in it", "projectId must be the project ID of the region (letters and digits)"],
    [
      "expectCurrentVersion",
      1.28,
      'expectCurrentVersion must be a version string such as "1.28.4" (the version the add-on must be at for the ' +
        "rollback to run)",
    ],
    [
      "expectCurrentVersion",
      " ",
      "expectCurrentVersion must not be empty: give the version the add-on must be at for the rollback to run, or " +
        "leave it out",
    ],
    [
      "expectTargetVersion",
      true,
      'expectTargetVersion must be a version string such as "1.28.4" (the version the rollback must land on)',
    ],
    [
      "expectTargetVersion",
      "   ",
      "expectTargetVersion must not be empty: give the version the rollback must land on, or leave it out",
    ],
  ];
  for (const [property, value, reason] of refusals) {
    it(`refused: ${property} = ${JSON.stringify(value)} gets a reason naming ${property} and the fix`, function () {
      assert.deepEqual(failures(withInput(property, value)), [{ property, reason }]);
    });
  }

  describe("trigger size", function () {
    // The limit is on the bytes Pulumi stores: canonical JSON, UTF-8. A string's JSON adds its two quotes.
    const refusal = (bytes: number) =>
      `trigger is ${bytes} bytes as canonical JSON, over the limit of 8192: use a short value such as an ` +
      `incident ID, or a hash of a larger document`;
    const cases: [string, unknown, string | undefined][] = [
      ["exactly 8 KiB is accepted", "x".repeat(8190), undefined],
      ["one byte over is refused", "x".repeat(8191), refusal(8193)],
      ["bytes count, not characters (é is two bytes)", "é".repeat(4096), refusal(8194)],
      ["the whole value counts, nested or not", { ticket: "x".repeat(8200) }, refusal(8213)],
    ];
    for (const [name, trigger, reason] of cases) {
      it(`trigger size: ${name}`, function () {
        const expected = reason === undefined ? [] : [{ property: "trigger", reason }];
        assert.deepEqual(failures({ ...VALID, trigger }), expected);
      });
    }
  });

  it("trigger: any JSON value is accepted", function () {
    for (const trigger of ["v2", 3, true, null, [1, "a", { b: null }], { nested: { deep: [1, 2] } }]) {
      assert.deepEqual(failures({ ...VALID, trigger }), [], JSON.stringify(trigger));
    }
  });

  it("unknown property: a misspelt input is refused and named", function () {
    const found = failures({ ...VALID, timeout: 600 });
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.ok(found[0]?.reason.includes("timeout"), found[0]?.reason);
    assert.match(found[0]?.reason ?? "", /unknown input/);
  });

  it("unknown property: each misspelt input gets its own failure, which lists the valid inputs", function () {
    const valid =
      "clusterId, addonId, addonName, trigger, region, endpoint, projectId, timeoutSeconds, acceptPartiallyReady, expectCurrentVersion, " +
      "expectTargetVersion";
    const found = failures({ ...VALID, timeout: 600, addonID: ADDON });
    assert.deepEqual(
      found.sort((a, b) => a.property.localeCompare(b.property)),
      [
        { property: "addonID", reason: `addonID is an unknown input: remove it, or use one of ${valid}` },
        { property: "timeout", reason: `timeout is an unknown input: remove it, or use one of ${valid}` },
      ],
    );
  });

  describe("not set", function () {
    // Pulumi leaves undefined properties out when it sends inputs, so an undefined key is no key at all.
    const sent = (inputs: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));

    // null is how YAML programs and some languages say "not set": it must behave exactly like leaving the input
    // out (no failure, the default applied) and must not be stored as an input value.
    for (const name of INPUT_NAMES) {
      for (const notSet of [null, undefined]) {
        it(`not set: ${name} = ${String(notSet)} is the same as leaving ${name} out`, function () {
          const without: Record<string, unknown> = { ...VALID };
          delete without[name];
          const got = checkInputs({ ...without, [name]: notSet });
          const want = checkInputs(without);
          assert.deepEqual(got.failures, want.failures);
          if (want.failures.length === 0) assert.deepEqual(sent(got.inputs), sent(want.inputs));
        });
      }
    }
  });

  describe("timeoutSeconds", function () {
    for (const ok of [10, 11, 1800, 86_400]) {
      it(`bounds: ${ok} is accepted`, function () {
        const { inputs, failures: found } = checkInputs({ ...VALID, timeoutSeconds: ok });
        assert.deepEqual(found, []);
        assert.equal(inputs["timeoutSeconds"], ok);
      });
    }
    const bad: [unknown, string][] = [
      [9, "at least 10"],
      [0, "at least 10"],
      [-5, "at least 10"],
      [86_401, "at most 86400"],
      [30.5, "whole number"],
      [Number.NaN, "number"],
    ];
    for (const [value, hint] of bad) {
      it(`bounds: ${String(value)} is refused (${hint})`, function () {
        assertOneFailure({ ...VALID, timeoutSeconds: value }, "timeoutSeconds", hint);
      });
    }
  });

  describe("unknown during preview", function () {
    for (const name of INPUT_NAMES) {
      it(`unknown: ${name} may be the preview-time unknown value`, function () {
        const base: Record<string, unknown> = { ...FULL };
        if (name === "addonName") delete base.addonId;
        const { inputs, failures: found } = checkInputs({ ...base, [name]: UNKNOWN });
        assert.deepEqual(found, []);
        assert.equal(inputs[name], UNKNOWN, "kept as is, to be checked once known");
      });
    }

    it("unknown: nested in trigger (object and array)", function () {
      for (const trigger of [{ sha: UNKNOWN }, [1, UNKNOWN], { a: { b: [UNKNOWN] } }]) {
        const { inputs, failures: found } = checkInputs({ ...VALID, trigger });
        assert.deepEqual(found, []);
        assert.deepEqual(inputs["trigger"], trigger);
      }
    });

    it("unknown: every input unknown at once (the add-on by ID)", function () {
      const all = Object.fromEntries(INPUT_NAMES.filter((k) => k !== "addonName").map((k) => [k, UNKNOWN]));
      assert.deepEqual(checkInputs(all).failures, []);
    });

    it("unknown: an unknown input does not excuse another missing one", function () {
      assertOneFailure({ clusterId: UNKNOWN }, "addonId", "addonId or addonName is required");
    });

    it("unknown: a known bad value next to an unknown one is still refused", function () {
      assertOneFailure({ ...VALID, region: UNKNOWN, timeoutSeconds: 5 }, "timeoutSeconds", "at least 10");
    });
  });

  it("__provider: passes through unvalidated and unchanged", function () {
    const provider = "exports.handler = __f0; /* serialized provider */";
    const { inputs, failures: found } = checkInputs({ ...VALID, __provider: provider });
    assert.deepEqual(found, []);
    assert.equal(inputs["__provider"], provider);
  });
});

/** Every input except trigger. */
function withoutTrigger(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(FULL).filter(([key]) => key !== "trigger"));
}

describe(diffInputs.name, function () {
  /** The decision (changes, replaces), without the list of changed inputs that a test below covers. */
  const decision = (olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const { changes, replaces, deleteBeforeReplace } = diffInputs(olds, news);
    return { changes, replaces, deleteBeforeReplace };
  };

  const olds = (extra: Record<string, unknown> = {}) => ({ ...FULL, ...extra });

  it("identical: no changes", function () {
    assert.deepEqual(decision(olds(), { ...FULL }), { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("identical: outputs and __provider in the old state are not inputs and do not count", function () {
    const state = olds({
      fromVersion: "1.28.6",
      toVersion: "1.28.4",
      status: "running",
      outcome: "rolled-back",
      __provider: "old stub",
    });
    assert.deepEqual(decision(state, { ...FULL, __provider: "new stub" }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("trigger: key order does not matter, at any depth", function () {
    const a = { ...FULL, trigger: { a: 1, b: { c: 2, d: [1, { x: 1, y: 2 }] } } };
    const b = { ...FULL, trigger: { b: { d: [1, { y: 2, x: 1 }], c: 2 }, a: 1 } };
    assert.equal(diffInputs(a, b).changes, false);
  });

  it("trigger: array order does matter", function () {
    const diff = diffInputs({ ...FULL, trigger: [1, 2] }, { ...FULL, trigger: [2, 1] });
    assert.deepEqual(diff.replaces, ["trigger"]);
  });

  it("trigger: an empty list, unchanged, is no change (it is not an unknown)", function () {
    assert.deepEqual(decision({ ...FULL, trigger: [] }, { ...FULL, trigger: [] }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("trigger: 1 and '1' differ", function () {
    assert.deepEqual(decision({ ...FULL, trigger: 1 }, { ...FULL, trigger: "1" }).replaces, ["trigger"]);
  });

  it("null vs undefined: both mean 'not set'", function () {
    const noTrigger = withoutTrigger();
    assert.equal(diffInputs({ ...noTrigger, trigger: null }, { ...noTrigger }).changes, false);
    assert.equal(diffInputs({ ...noTrigger }, { ...noTrigger, trigger: null }).changes, false);
    assert.equal(diffInputs({ ...noTrigger, trigger: { a: undefined } }, { ...noTrigger, trigger: {} }).changes, false);
  });

  it("trigger: set where it was not is a replace", function () {
    const noTrigger = withoutTrigger();
    assert.deepEqual(decision(noTrigger, { ...noTrigger, trigger: "again" }).replaces, ["trigger"]);
  });

  for (const name of ["clusterId", "addonId", "trigger"]) {
    it(`replace: a change of ${name} replaces`, function () {
      const diff = diffInputs(olds(), { ...FULL, [name]: SAMPLES[name]?.[1] });
      assert.deepEqual(diff, { changes: true, changed: [name], replaces: [name], deleteBeforeReplace: false });
    });

    it(`replace: an unknown ${name} replaces, even if it may turn out equal`, function () {
      const diff = diffInputs(olds(), { ...FULL, [name]: UNKNOWN });
      assert.deepEqual(diff.replaces, [name]);
      assert.equal(diff.changes, true);
    });
  }

  it("replace: an unknown nested in trigger replaces", function () {
    const diff = diffInputs(olds({ trigger: { sha: "abc", n: 1 } }), { ...FULL, trigger: { n: 1, sha: UNKNOWN } });
    assert.deepEqual(diff.replaces, ["trigger"]);
  });

  for (const name of [
    "region",
    "endpoint",
    "projectId",
    "timeoutSeconds",
    "expectCurrentVersion",
    "expectTargetVersion",
  ]) {
    it(`update: a change of ${name} is an update, not a replace`, function () {
      const diff = diffInputs(olds(), { ...FULL, [name]: SAMPLES[name]?.[1] });
      assert.deepEqual(diff, { changes: true, changed: [name], replaces: [], deleteBeforeReplace: false });
    });

    it(`update: removing ${name} is an update`, function () {
      const news: Record<string, unknown> = { ...FULL };
      delete news[name];
      assert.deepEqual(decision(olds(), news), { changes: true, replaces: [], deleteBeforeReplace: false });
    });
  }

  it("update: an unknown operational input is an update, not a replace", function () {
    assert.deepEqual(decision(olds(), { ...FULL, timeoutSeconds: UNKNOWN }), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  describe("the add-on by ID or by name", function () {
    // The state after a rollback: addonId is the ID (given or found), addonName the name addressed or observed.
    const recorded = olds({ addonId: ADDON, addonName: "coredns" });
    const byName = (extra: Record<string, unknown> = {}) => {
      const news: Record<string, unknown> = { ...FULL, addonName: "coredns", ...extra };
      delete news.addonId;
      return news;
    };
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string[], boolean][] = [
      ["switching from addonId to the recorded addonName: nothing to do", recorded, byName(), [], false],
      ["switching from addonName to the recorded addonId: nothing to do", recorded, { ...FULL }, [], false],
      ["the same name again: nothing to do", recorded, byName(), [], false],
      ["another name: a new rollback", recorded, byName({ addonName: "log-agent" }), ["addonName"], true],
      ["another ID: a new rollback", recorded, { ...FULL, addonId: SAMPLES["addonId"]?.[1] }, ["addonId"], true],
      ["a name unknown during preview: a replace", recorded, byName({ addonName: UNKNOWN }), ["addonName"], true],
      [
        "the same name in another cluster: a new rollback",
        recorded,
        byName({ clusterId: SAMPLES["clusterId"]?.[1] }),
        ["clusterId"],
        true,
      ],
      [
        "the same name and a new trigger: one replace for the trigger",
        recorded,
        byName({ trigger: "again" }),
        ["trigger"],
        true,
      ],
    ];
    for (const [name, before, news, replaces, changes] of cases) {
      it(name, function () {
        assert.deepEqual(decision(before, news), { changes, replaces, deleteBeforeReplace: false });
      });
    }
  });

  it("both: a replace field and an update field changed list only the replace field", function () {
    const diff = diffInputs(olds(), { ...FULL, addonId: SAMPLES["addonId"]?.[1], region: "ap-southeast-3" });
    assert.deepEqual(diff, {
      changes: true,
      changed: ["addonId", "region"],
      replaces: ["addonId"],
      deleteBeforeReplace: false,
    });
  });

  it("changed: names every input that differs, the add-on's selector only when it names another add-on", function () {
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, []],
      [{ trigger: "INC-2" }, ["trigger"]],
      [{ region: "cn-south-1", timeoutSeconds: 600 }, ["region", "timeoutSeconds"]],
      [{ addonId: "7a8b9c0d-0000-0000-0000-000000000009" }, ["addonId"]],
      [{ timeoutSeconds: UNKNOWN }, ["timeoutSeconds"]],
    ];
    for (const [change, changed] of cases) {
      assert.deepEqual(diffInputs(olds(), { ...FULL, ...change }).changed, changed, JSON.stringify(change));
    }
  });
});

describe(parseInputs.name, function () {
  it("basic: the recorded inputs, with the default applied; outputs and __provider are left out", function () {
    const state = { ...VALID, __provider: "exports.handler = __f0;", fromVersion: "1.28.6", status: "running" };
    assert.deepEqual(parseInputs(state), { ...VALID, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS });
  });

  it("basic: every input at once comes back as recorded", function () {
    assert.deepEqual(parseInputs({ ...FULL }), FULL);
  });

  it("not set: null and undefined inputs are left out, not refused", function () {
    assert.deepEqual(parseInputs({ ...VALID, region: null, endpoint: undefined, trigger: null }), {
      ...VALID,
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    });
  });

  // [state, the error message]
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "one bad input names it with the reason",
      { ...VALID, timeoutSeconds: 5 },
      "invalid AddonVersionRollback inputs: timeoutSeconds: must be at least 10 seconds",
    ],
    [
      "several bad inputs are listed, separated by semicolons",
      { ...VALID, timeoutSeconds: 5, region: "Not a region" },
      'invalid AddonVersionRollback inputs: region: must be a region name such as "cn-north-4"; ' +
        "timeoutSeconds: must be at least 10 seconds",
    ],
    [
      "a bad value deep in trigger is reported on trigger",
      { ...VALID, trigger: { nested: [1, -Infinity] } },
      "invalid AddonVersionRollback inputs: trigger: must be a JSON value (a string, a finite number, true/false, " +
        "null, or a list or object of those)",
    ],
    [
      "a missing clusterId",
      { addonId: ADDON },
      "invalid AddonVersionRollback inputs: clusterId: is required and must be a string: the CCE Autopilot cluster " +
        'ID, e.g. "c0ffee00-0000-0000-0000-000000000001"',
    ],
  ];
  for (const [name, state, message] of cases) {
    it(`refused: ${name}`, function () {
      assert.throws(
        () => parseInputs(state),
        (err: unknown) => err instanceof Error && err.message === message,
      );
    });
  }
});

describe(pickConnectionInputs.name, function () {
  it("basic: region, endpoint and projectId, nothing else", function () {
    assert.deepEqual(pickConnectionInputs({ ...FULL }), {
      region: FULL["region"],
      endpoint: FULL["endpoint"],
      projectId: FULL["projectId"],
    });
  });

  it("basic: inputs not given are there, undefined", function () {
    const picked = pickConnectionInputs({ ...VALID });
    assert.deepEqual(picked, { region: undefined, endpoint: undefined, projectId: undefined });
    assert.deepEqual(Object.keys(picked ?? {}), ["region", "endpoint", "projectId"]);
  });

  for (const name of ["region", "endpoint", "projectId"]) {
    it(`unknown: an unknown ${name} means the connection is not known yet`, function () {
      assert.equal(pickConnectionInputs({ ...FULL, [name]: UNKNOWN }), undefined);
    });
  }

  it("unknown: an unknown input that is not about the connection does not matter", function () {
    assert.deepEqual(pickConnectionInputs({ ...VALID, trigger: UNKNOWN, region: "cn-north-4" }), {
      region: "cn-north-4",
      endpoint: undefined,
      projectId: undefined,
    });
  });
});

describe(containsUnknown.name, function () {
  const cases: [unknown, boolean][] = [
    [UNKNOWN, true],
    ["known", false],
    [null, false],
    [undefined, false],
    [0, false],
    [[], false],
    [{}, false],
    [["a", UNKNOWN], true],
    [["a", "b"], false],
    [{ a: { b: [1, UNKNOWN] } }, true],
    [{ a: { b: [1, 2] } }, false],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value) ?? "undefined"}: ${expected}`, function () {
      assert.equal(containsUnknown(value), expected);
    });
  }
});
