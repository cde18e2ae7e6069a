// Reference: house style "Always redact Authorization/X-Auth-Token in copies attached to errors".
import assert from "node:assert/strict";
import { redact } from "../../../provider/auth/redact";

describe(redact.name, () => {
  const SECRET = "emulator-secret-key-do-not-use";
  const TOKEN = "MIIdXwYJKoZIhvcNAQcCoIIdUDCCHUwCAQExDTALBglghkgBZQMEAgEw+/=";

  it("should mask every occurrence of a given secret", () => {
    const out = redact(`sk=${SECRET} again ${SECRET}.`, [SECRET]);
    assert.equal(out, "sk=*** again ***.");
  });

  it("should mask several secrets, ignoring undefined and empty ones", () => {
    const out = redact(`a ${SECRET} b ${TOKEN} c`, [undefined, "", SECRET, TOKEN]);
    assert.equal(out, "a *** b *** c");
  });

  it("should treat secrets literally, not as patterns", () => {
    assert.equal(redact("x a.b*c+d? y aXbbc z", ["a.b*c+d?"]), "x *** y aXbbc z");
  });

  it("should leave values shorter than 6 characters alone (they would mask ordinary words)", () => {
    assert.equal(redact("the key is abc", ["abc"]), "the key is abc");
    assert.equal(redact("the key is abcdef", ["abcdef"]), "the key is ***");
  });

  it("should leave text without credentials unchanged", () => {
    const text = "GET /autopilot/v3/addons/7a8b: 404 CCE.03404001 Resource not found. (request id abc)";
    assert.equal(redact(text, [SECRET]), text);
    assert.equal(redact(text), text);
  });

  it("should mask the access key and signature of an Authorization header", () => {
    const header =
      "Authorization: SDK-HMAC-SHA256 Access=EMULATORACCESSKEY0001, SignedHeaders=content-type;host;x-sdk-date, Signature=9E0A5C1F3b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
    const out = redact(header);
    assert.equal(
      out,
      "Authorization: SDK-HMAC-SHA256 Access=***, SignedHeaders=content-type;host;x-sdk-date, Signature=***",
    );
    assert.doesNotMatch(out, /EMULATORACCESSKEY0001|9E0A5C1F/);
  });

  it("should mask access=/signature= in any letter case and inside JSON", () => {
    const out = redact('{"authorization":"SDK-HMAC-SHA256 access=AK1234567,signedheaders=host,signature=abcdef0123"}');
    assert.equal(out, '{"authorization":"SDK-HMAC-SHA256 access=***,signedheaders=host,signature=***"}');
  });

  for (const [name, text, expected] of [
    ["an X-Auth-Token header line", `X-Auth-Token: ${TOKEN}\r\nHost: x`, "X-Auth-Token: ***\r\nHost: x"],
    ["a lower-case x-auth-token", `x-auth-token:${TOKEN}`, "x-auth-token:***"],
    ["an X-Security-Token header line", `X-Security-Token: ${TOKEN} more`, "X-Security-Token: *** more"],
    ["a JSON header object", `{"X-Auth-Token": "${TOKEN}", "Host": "x"}`, '{"X-Auth-Token": "***", "Host": "x"}'],
    ["a single-quoted util.inspect dump", `{ 'x-security-token': '${TOKEN}' }`, "{ 'x-security-token': '***' }"],
    ["a key=value form", `x-auth-token=${TOKEN} next=1`, "x-auth-token=*** next=1"],
  ] as [string, string, string][]) {
    it(`should mask the value of ${name} without being given it`, () => {
      const out = redact(text);
      assert.equal(out, expected);
      assert.ok(!out.includes(TOKEN));
    });
  }
});
