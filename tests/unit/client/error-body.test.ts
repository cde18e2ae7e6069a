// Reference: docs/cce-api-facts.md §3 (error body shapes: API gateway, CCE Status with both naming schemes, the add-on
// manager's nested error object, plain text from proxies) and §3.3 (how the official SDKs read them).
import assert from "node:assert/strict";
import { parseErrorBody } from "../../../provider/client/error-body";

describe(parseErrorBody.name, () => {
  describe("API gateway shape", () => {
    it("should read error_code and error_msg", () => {
      const body = JSON.stringify({
        error_code: "APIG.0308",
        error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 second",
        request_id: "9c4b7e2a0f",
      });
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "APIG.0308",
        errorMessage: "The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 second",
      });
    });

    it("should read the 401 authentication failure", () => {
      const body =
        '{"error_msg":"Incorrect IAM authentication information: decrypt token fail","error_code":"APIG.0301","request_id":"r1"}';
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "APIG.0301",
        errorMessage: "Incorrect IAM authentication information: decrypt token fail",
      });
    });
  });

  describe("documented CCE shape (errorCode/errorMessage)", () => {
    it("should read errorCode and errorMessage", () => {
      const body = '{"errorMessage": "The format of message is error", "errorCode": "CCE.01400001"}';
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "CCE.01400001",
        errorMessage: "The format of message is error",
      });
    });

    it("should append a top-level message that says more than errorMessage", () => {
      const body = JSON.stringify({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        code: 400,
        errorCode: "CCE.01400001",
        errorMessage: "Invalid request.",
        message: "clusterID is missing",
        reason: "BadRequest",
      });
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "CCE.01400001",
        errorMessage: "Invalid request.: clusterID is missing",
      });
    });

    it("should not repeat a message equal to errorMessage", () => {
      const body = JSON.stringify({ errorCode: "CCE.01404001", errorMessage: "Not found", message: "Not found" });
      assert.deepEqual(parseErrorBody(body), { errorCode: "CCE.01404001", errorMessage: "Not found" });
    });

    it("should ignore the numeric Kubernetes code in favour of the string errorCode", () => {
      const body = JSON.stringify({ kind: "Status", code: 404, errorCode: "CCE.03404001", errorMessage: "gone" });
      assert.equal(parseErrorBody(body).errorCode, "CCE.03404001");
    });
  });

  describe("add-on manager shape (nested error object)", () => {
    it("should read the observed Status body with a nested error (terraform-provider-huaweicloud#3276)", () => {
      const body =
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":400,"errorCode":"CCE.03400001","errorMessage":"Invalid request.","error":{"message":"tenant_id value is empty or not string type","code":"SVCSTG.CCE-ADDONMGR.4000002"},"message":"tenant_id value is empty or not string type","reason":"BadRequest"}';
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "CCE.03400001",
        errorMessage: "Invalid request.: tenant_id value is empty or not string type",
      });
    });

    it("should read a body that has only error{code,message}, as the NODE SDK does", () => {
      const body = JSON.stringify({ error: { code: "SVCSTG.CCE-ADDONMGR.4040204", message: "Addon not exist" } });
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "SVCSTG.CCE-ADDONMGR.4040204",
        errorMessage: "Addon not exist",
      });
    });

    it("should fall back to the generic code + message pair", () => {
      const body = JSON.stringify({ code: "APIGW.0101", message: "The API does not exist" });
      assert.deepEqual(parseErrorBody(body), { errorCode: "APIGW.0101", errorMessage: "The API does not exist" });
    });
  });

  describe("both naming schemes at once", () => {
    it("should prefer error_code/error_msg and append message, as the GO CCE error handler does", () => {
      const body =
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":400,"errorCode":"CCE.01400001","errorMessage":"Invalid request.","error_code":"CCE_CM.0004","error_msg":"Request is invalid","message":"Eni subnetId and subnetCidr not matched","reason":"BadRequest"}';
      assert.deepEqual(parseErrorBody(body), {
        errorCode: "CCE_CM.0004",
        errorMessage: "Request is invalid: Eni subnetId and subnetCidr not matched",
      });
    });

    it("should skip blank fields and take the next scheme", () => {
      const body = JSON.stringify({
        error_code: "  ",
        error_msg: "",
        errorCode: "CCE.01400001",
        errorMessage: " Bad ",
      });
      assert.deepEqual(parseErrorBody(body), { errorCode: "CCE.01400001", errorMessage: "Bad" });
    });

    it("should skip non-string fields", () => {
      const body = JSON.stringify({ error_code: 42, error_msg: { nested: true }, errorCode: "X.1", errorMessage: "y" });
      assert.deepEqual(parseErrorBody(body), { errorCode: "X.1", errorMessage: "y" });
    });
  });

  describe("bodies that are not a JSON error object", () => {
    it("should return plain text as the message with no code", () => {
      assert.deepEqual(parseErrorBody("upstream connect error or disconnect/reset before headers\n"), {
        errorCode: "",
        errorMessage: "upstream connect error or disconnect/reset before headers",
      });
    });

    it("should collapse an HTML page to one line", () => {
      const html =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\n  <h1>502 Bad Gateway</h1>\n</body>\n</html>\n";
      const parsed = parseErrorBody(html);
      assert.equal(parsed.errorCode, "");
      assert.equal(
        parsed.errorMessage,
        "<html> <head><title>502 Bad Gateway</title></head> <body> <h1>502 Bad Gateway</h1> </body> </html>",
      );
    });

    it("should cut a long page to 300 characters and an ellipsis", () => {
      const parsed = parseErrorBody(`<html><body>${"x".repeat(1000)}</body></html>`);
      assert.equal(parsed.errorMessage.length, 301);
      assert.ok(parsed.errorMessage.endsWith("…"));
      assert.ok(parsed.errorMessage.startsWith("<html><body>xxx"));
    });

    it("should return empty strings for an empty body", () => {
      assert.deepEqual(parseErrorBody(""), { errorCode: "", errorMessage: "" });
      assert.deepEqual(parseErrorBody(" \n "), { errorCode: "", errorMessage: "" });
    });

    for (const text of ['"just a string"', "42", "null", "true", '["error_code","APIG.0301"]']) {
      it(`should return JSON that is not an object (${text}) as text with no code`, () => {
        assert.deepEqual(parseErrorBody(text), { errorCode: "", errorMessage: text });
      });
    }

    it("should return the raw text of an object with no known field", () => {
      assert.deepEqual(parseErrorBody('{"foo":"bar"}'), { errorCode: "", errorMessage: '{"foo":"bar"}' });
    });

    it("should keep a code when the object has no message", () => {
      assert.deepEqual(parseErrorBody('{"error_code":"APIG.0201"}'), {
        errorCode: "APIG.0201",
        errorMessage: '{"error_code":"APIG.0201"}',
      });
    });

    it("should treat truncated JSON as plain text", () => {
      assert.deepEqual(parseErrorBody('{"error_code":"APIG.03'), {
        errorCode: "",
        errorMessage: '{"error_code":"APIG.03',
      });
    });
  });
});
