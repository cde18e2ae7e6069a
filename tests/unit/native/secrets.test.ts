import assert from "node:assert/strict";
import {
  OUTPUT_VALUE_SIG,
  SECRET_SIG,
  SIG_KEY,
  concealProps,
  isWrappedSecret,
  reveal,
  revealProps,
  secrecyChanges,
  secretKeysAfterUpdate,
  wrapSecret,
} from "../../../provider/native/secrets";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const outputValue = (fields: Record<string, unknown>) => ({ [SIG_KEY]: OUTPUT_VALUE_SIG, ...fields });

describe("native secrets", () => {
  describe(reveal.name, () => {
    const cases: { name: string; input: unknown; value: unknown; secret: boolean; texts: string[] }[] = [
      { name: "a plain string", input: "INC-4211", value: "INC-4211", secret: false, texts: [] },
      { name: "a plain object", input: { a: [1, "x"] }, value: { a: [1, "x"] }, secret: false, texts: [] },
      { name: "null", input: null, value: null, secret: false, texts: [] },
      { name: "a top-level secret", input: secret("INC-4211"), value: "INC-4211", secret: true, texts: ["INC-4211"] },
      {
        name: "a secret nested in an object (trigger: { incident: <secret> })",
        input: { incident: secret("INC-4211"), team: "sre" },
        value: { incident: "INC-4211", team: "sre" },
        secret: true,
        texts: ["INC-4211"],
      },
      {
        name: "a secret nested in an array",
        input: ["a", secret({ b: "hidden-b" })],
        value: ["a", { b: "hidden-b" }],
        secret: true,
        texts: ["hidden-b"],
      },
      {
        name: "a secret inside a secret",
        input: secret({ x: secret("deep-value") }),
        value: { x: "deep-value" },
        secret: true,
        texts: ["deep-value"],
      },
      { name: "a secret number (no text)", input: secret(42), value: 42, secret: true, texts: [] },
      { name: "an unknown secret (preview)", input: secret(UNKNOWN), value: UNKNOWN, secret: true, texts: [] },
      {
        name: "an output value marked secret",
        input: outputValue({ value: "out-secret", secret: true, dependencies: [] }),
        value: "out-secret",
        secret: true,
        texts: ["out-secret"],
      },
      {
        name: "a plain output value",
        input: outputValue({ value: "plain-out" }),
        value: "plain-out",
        secret: false,
        texts: [],
      },
      {
        name: "an output value with no value is unknown",
        input: outputValue({}),
        value: UNKNOWN,
        secret: false,
        texts: [],
      },
      {
        name: "an object whose sig is something else (an asset, a resource reference) is kept",
        input: { [SIG_KEY]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x" },
        value: { [SIG_KEY]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x" },
        secret: false,
        texts: [],
      },
    ];
    for (const c of cases) {
      it(`reveals ${c.name}`, () => {
        const revealed = reveal(c.input);
        assert.deepEqual(revealed.value, c.value);
        assert.equal(revealed.secret, c.secret);
        assert.deepEqual(revealed.secretTexts, c.texts);
      });
    }
  });

  describe(revealProps.name, () => {
    it("reports the top-level keys that held a secret at any depth, and the hidden texts", () => {
      const revealed = revealProps({
        clusterId: "c1",
        trigger: { incident: secret("INC-4211") },
        projectId: secret("project-0001"),
      });
      assert.deepEqual(revealed.props, {
        clusterId: "c1",
        trigger: { incident: "INC-4211" },
        projectId: "project-0001",
      });
      assert.deepEqual(revealed.secretKeys, ["trigger", "projectId"]);
      assert.deepEqual(revealed.secretTexts, ["INC-4211", "project-0001"]);
    });

    it("takes undefined as no props", () => {
      assert.deepEqual(revealProps(undefined), { props: {}, secretKeys: [], secretTexts: [] });
    });
  });

  describe(concealProps.name, () => {
    const cases: { name: string; props: Record<string, unknown>; keys: string[]; expected: Record<string, unknown> }[] =
      [
        { name: "no secret keys", props: { a: 1 }, keys: [], expected: { a: 1 } },
        {
          name: "a whole top-level value (a nested secret makes the whole output secret)",
          props: { trigger: { incident: "INC-4211" }, status: "running" },
          keys: ["trigger"],
          expected: { trigger: secret({ incident: "INC-4211" }), status: "running" },
        },
        { name: "an absent key stays absent", props: { a: 1 }, keys: ["b"], expected: { a: 1 } },
        { name: "null is wrapped (it is a value)", props: { a: null }, keys: ["a"], expected: { a: secret(null) } },
        {
          name: "an already wrapped value is not wrapped twice",
          props: { a: secret(1) },
          keys: ["a"],
          expected: { a: secret(1) },
        },
      ];
    for (const c of cases) {
      it(`wraps ${c.name}`, () => assert.deepEqual(concealProps(c.props, c.keys), c.expected));
    }

    it("does not change its argument", () => {
      const props = { a: "x" };
      concealProps(props, ["a"]);
      assert.deepEqual(props, { a: "x" });
    });

    it("round-trips with revealProps", () => {
      const wire = { a: secret("s-value-1"), b: "plain", c: { d: secret("s-value-2") } };
      const { props, secretKeys } = revealProps(wire);
      assert.deepEqual(concealProps(props, secretKeys), {
        a: secret("s-value-1"),
        b: "plain",
        c: secret({ d: "s-value-2" }),
      });
    });
  });

  it(`${isWrappedSecret.name} and ${wrapSecret.name}`, () => {
    assert.equal(isWrappedSecret(secret("x")), true);
    assert.equal(isWrappedSecret({ value: "x" }), false);
    assert.equal(isWrappedSecret([SIG_KEY]), false);
    assert.equal(isWrappedSecret(null), false);
    assert.deepEqual(wrapSecret("x"), secret("x"));
  });

  describe(secretKeysAfterUpdate.name, () => {
    const olds = revealProps({ trigger: secret("t-1"), region: secret("cn-north-4"), status: "running" });
    const cases: { name: string; news: Record<string, unknown>; expected: string[] }[] = [
      {
        name: "keys the new inputs give follow the new inputs",
        news: { trigger: "t-1", region: secret("cn-north-4") },
        expected: ["region"],
      },
      {
        name: "a key the new inputs make secret",
        news: { status: secret("x") },
        expected: ["trigger", "region", "status"],
      },
      { name: "keys the new inputs leave out keep the old secrecy", news: {}, expected: ["trigger", "region"] },
    ];
    for (const c of cases) {
      it(c.name, () =>
        assert.deepEqual(secretKeysAfterUpdate(olds, revealProps(c.news), ["trigger", "region", "status"]), c.expected),
      );
    }
  });

  describe(secrecyChanges.name, () => {
    const cases: { name: string; olds: Record<string, unknown>; news: Record<string, unknown>; expected: string[] }[] =
      [
        { name: "same secrecy", olds: { trigger: secret("a") }, news: { trigger: secret("a") }, expected: [] },
        { name: "made secret", olds: { trigger: "a" }, news: { trigger: secret("a") }, expected: ["trigger"] },
        { name: "no longer secret", olds: { trigger: secret("a") }, news: { trigger: "a" }, expected: ["trigger"] },
        {
          name: "removed (a value change, not a secrecy change)",
          olds: { trigger: secret("a") },
          news: {},
          expected: [],
        },
        {
          name: "nested secret on one side",
          olds: { trigger: { a: "x" } },
          news: { trigger: { a: secret("x") } },
          expected: ["trigger"],
        },
      ];
    for (const c of cases) {
      it(c.name, () =>
        assert.deepEqual(secrecyChanges(revealProps(c.olds), revealProps(c.news), ["trigger", "region"]), c.expected),
      );
    }
  });
});
