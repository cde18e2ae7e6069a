// IDs are interpolated into the request path and query: anything that could change either is refused up front.
import assert from "node:assert/strict";
import { assertId, idProblem } from "../../../provider/client/ids";

describe(idProblem.name, () => {
  for (const valid of [
    "7a8b9c0d-coredns",
    "c0ffee00-cluster-1",
    "0b3a5c9e-4f1d-11ef-9a2b-0255ac100b05",
    "a",
    "v1.28.4_x",
    "A".repeat(128),
  ]) {
    it(`should accept ${JSON.stringify(valid.length > 20 ? `${valid.slice(0, 10)}…` : valid)}`, () => {
      assert.equal(idProblem(valid), undefined);
    });
  }

  const invalid: [string, unknown][] = [
    ["a slash", "a/b"],
    ["a parent segment", "../x"],
    ["'..' inside", "a..b"],
    ["a lone dot", "."],
    ["a leading dot", ".hidden"],
    ["a question mark", "a?cluster_id=other"],
    ["a hash", "a#frag"],
    ["an encoded slash", "a%2Fb"],
    ["an encoded parent segment", "%2E%2E"],
    ["a space", "a b"],
    ["a leading space", " a"],
    ["a trailing newline", "abc\n"],
    ["a tab", "a\tb"],
    ["a NUL", "a\u0000b"],
    ["a backslash", "a\\b"],
    ["a colon", "a:b"],
    ["a non-ASCII letter", "caf\u00e9"],
    ["129 characters", "A".repeat(129)],
    ["the empty string", ""],
  ];
  for (const [name, value] of invalid) {
    it(`should refuse ${name}`, () => {
      assert.match(idProblem(value) ?? "", /letters, digits|non-empty/);
    });
  }

  for (const [name, value] of [
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", { id: "a" }],
    ["an array", ["a"]],
    ["a String object", new String("abc")],
  ] as [string, unknown][]) {
    it(`should refuse ${name} as not a string`, () => {
      assert.equal(idProblem(value), "must be a non-empty string");
    });
  }
});

describe(assertId.name, () => {
  it("should return for a valid ID", () => {
    assert.doesNotThrow(() => assertId("addonId", "7a8b9c0d-coredns"));
  });

  it("should throw a TypeError naming the field and quoting the value", () => {
    assert.throws(
      () => assertId("addonId", "../x"),
      (err: unknown) => {
        assert.ok(err instanceof TypeError);
        assert.match(err.message, /^addonId may contain only letters/);
        assert.match(err.message, /got "\.\.\/x"$/);
        return true;
      },
    );
  });

  it("should name the field for an empty value", () => {
    assert.throws(() => assertId("clusterId", ""), {
      name: "TypeError",
      message: 'clusterId must be a non-empty string; got ""',
    });
  });

  it("should cut a long value in the message", () => {
    assert.throws(
      () => assertId("clusterId", `/${"x".repeat(500)}`),
      (err: unknown) => err instanceof TypeError && err.message.length < 300,
    );
  });

  for (const [name, value] of [
    ["undefined", undefined],
    ["a symbol", Symbol("id")],
    ["a bigint", 10n],
    ["a function", () => "id"],
    [
      "a circular object",
      ((): unknown => {
        const o: Record<string, unknown> = {};
        o["self"] = o;
        return o;
      })(),
    ],
  ] as [string, unknown][]) {
    it(`should name the field for ${name}`, () => {
      assert.throws(() => assertId("addonId", value), {
        name: "TypeError",
        message: /^addonId must be a non-empty string; got /,
      });
    });
  }
});
