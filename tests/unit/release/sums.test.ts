import * as assert from "node:assert/strict";
import { parseSha256sums, sha256sumsText } from "../../../scripts/release/sums";

const a = "a".repeat(64);
const b = "b".repeat(64);

describe("SHA256SUMS", () => {
  it("writes sha256sum's format, sorted by path, and reads it back", () => {
    const text = sha256sumsText([
      { name: "z.tgz", sha256: a },
      { name: "go/x/@v/v0.1.0.zip", sha256: b },
    ]);
    assert.equal(text, `${b}  go/x/@v/v0.1.0.zip\n${a}  z.tgz\n`);
    assert.deepEqual(
      [...parseSha256sums(text)],
      [
        ["go/x/@v/v0.1.0.zip", b],
        ["z.tgz", a],
      ],
    );
  });

  it("reads binary-mode lines (`<sha256> *<file>`) too", () => {
    assert.equal(parseSha256sums(`${a} *x.whl\n`).get("x.whl"), a);
  });

  const refused: [text: string, message: RegExp][] = [
    [`${a} x.whl\n`, /line 1 is not "<sha256> {2}<file>"/],
    [`${a}  x.whl\nnot a line\n`, /line 2 is not/],
    [`${a.slice(1)}  x.whl\n`, /line 1/],
    [`${a}  x.whl\n${b}  x.whl\n`, /lists x\.whl twice/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text.slice(60, 90))}, naming the line`, () => {
      assert.throws(() => parseSha256sums(text), message);
    });
  }
});
