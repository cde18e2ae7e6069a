/**
 * Tests of the rollback's errors and of explainError, which turns any error of a resource operation into the one
 * `pulumi up` prints: the context, a hint for a refused credential, no secret.
 */
import assert from "node:assert/strict";
import { AddonNameError, AddonNotFoundError } from "../../../provider/addon/errors";
import { CceApiError } from "../../../provider/client/errors";
import { DYNAMIC_DOOR, PLUGIN_DOOR } from "../../../provider/connection/front-doors";
import {
  RollbackInitError,
  RollbackNotAllowedError,
  RollbackRequestError,
  isRollbackInitError,
  isRollbackNotAllowedError,
  isRollbackRequestError,
} from "../../../provider/rollback/errors";
import { explainError } from "../../../provider/rollback/explain-error";
import { addonInstance } from "../../support/addon-instance";

const SECRET = "SK-very-secret-0123456789";
const CLUSTER = "c0ffee00-cluster-1";

function apiError(status: number, errorMessage = "refused"): CceApiError {
  return new CceApiError({
    status,
    errorCode: "APIG.0301",
    errorMessage,
    requestId: undefined,
    method: "GET",
    path: "/api/v3/addons/x",
  });
}

describe("rollback errors", function () {
  it("RollbackNotAllowedError: its name, the message and the add-on", function () {
    const addon = addonInstance({ isRollbackable: false });
    const err = new RollbackNotAllowedError("not rollbackable", addon);
    assert.deepEqual([err.name, err.message, err.addon], ["RollbackNotAllowedError", "not rollbackable", addon]);
  });

  it("RollbackInitError: its name, and what the engine records (id, properties), the reasons and the cause", function () {
    const cause = new Error("the wait timed out");
    const err = new RollbackInitError(
      "rollback accepted, then failed",
      "id-1",
      { status: "rollbacking" },
      ["r"],
      cause,
    );
    assert.equal(err.name, "RollbackInitError");
    assert.equal(err.message, "rollback accepted, then failed");
    assert.deepEqual(
      [err.id, err.properties, err.reasons, err.cause],
      ["id-1", { status: "rollbacking" }, ["r"], cause],
    );
  });

  it("RollbackRequestError: its name", function () {
    const err = new RollbackRequestError("nothing changed");
    assert.deepEqual([err.name, err.message], ["RollbackRequestError", "nothing changed"]);
  });

  describe("guards", function () {
    const own: [string, (err: unknown) => boolean, Error][] = [
      ["isRollbackInitError", isRollbackInitError, new RollbackInitError("m", "id", {}, [], undefined)],
      ["isRollbackRequestError", isRollbackRequestError, new RollbackRequestError("m")],
      ["isRollbackNotAllowedError", isRollbackNotAllowedError, new RollbackNotAllowedError("m", addonInstance())],
    ];
    for (const [guard, is, err] of own) {
      it(`${guard}: its own class, by instance and by name (another copy of the package); nothing else`, function () {
        assert.equal(is(err), true);
        assert.equal(is(Object.assign(new Error("m"), { name: err.name })), true);
        for (const [, , other] of own.filter(([g]) => g !== guard)) assert.equal(is(other), false, other.name);
        assert.equal(is(new Error("m")), false);
        assert.equal(is({ name: err.name, message: "m" }), false);
      });
    }
  });
});

describe(explainError.name, function () {
  const options = { secrets: [SECRET], door: PLUGIN_DOOR };

  it("a partial create passes unchanged: the engine records its properties", function () {
    const err = new RollbackInitError("accepted, then failed", "id-1", {}, [], undefined);
    assert.equal(explainError(err, "create", options), err);
  });

  // [name, error, the message explainError gives]
  const cases: [string, unknown, string][] = [
    ["another error gets the operation as context", new Error("socket hang up"), "create: socket hang up"],
    [
      "a secret in the message is removed",
      new Error(`signature of ${SECRET} refused`),
      "create: signature of *** refused",
    ],
    ["a thrown string is its own message", "plain text", "create: plain text"],
    ["a thrown null", null, "create: null"],
    ["a thrown object without a message", { code: 7 }, "create: [object Object]"],
    [
      "an add-on that is not there already says all: no context",
      new AddonNotFoundError(CLUSTER, "x", undefined),
      "add-on instance x was not found in cluster c0ffee00-cluster-1: check addonId (the add-on instance ID; to " +
        'name the add-on instead, give addonName such as "coredns") and clusterId',
    ],
    ["a name that picks no add-on: no context", new AddonNameError("no coredns", CLUSTER, "coredns", []), "no coredns"],
    [
      "a refused rollback: no context, and no secret",
      new RollbackNotAllowedError(`not now ${SECRET}`, addonInstance()),
      "not now ***",
    ],
    ["a request that changed nothing: no context", new RollbackRequestError("nothing changed"), "nothing changed"],
    [
      "an API error other than 401 or 403 gets no hint",
      apiError(404, "not found"),
      "create: GET /api/v3/addons/x: 404 APIG.0301 not found",
    ],
    ["a server error gets no hint", apiError(500, "boom"), "create: GET /api/v3/addons/x: 500 APIG.0301 boom"],
    [
      "a 403 names the IAM permissions",
      apiError(403),
      "create: GET /api/v3/addons/x: 403 APIG.0301 refused The credentials lack an IAM permission on this cluster: " +
        "cce:addonInstance:get to read the add-on (cce:addonInstance:list to find it by name), " +
        "cce:addonInstance:rollback to roll it back.",
    ],
    [
      "a 401 names the plugin's config keys and the environment variables",
      apiError(401),
      "create: GET /api/v3/addons/x: 401 APIG.0301 refused Check the credentials (cce-autopilot:accessKey/secretKey " +
        "or HW_ACCESS_KEY/HW_SECRET_KEY) and the machine's clock; the API gateway locks an access key for 5 minutes " +
        "after repeated signature failures.",
    ],
  ];
  for (const [name, err, message] of cases) {
    it(name, function () {
      const explained = explainError(err, "create", options);
      assert.equal(explained.message, message);
      assert.equal(explained.cause, err, "the original error is the cause");
    });
  }

  it("a 401 through the TypeScript resource's front door names its keys", function () {
    const explained = explainError(apiError(401), "read", { secrets: [], door: DYNAMIC_DOOR });
    assert.match(explained.message, /^read: .* Check the credentials \(huaweicloud:accessKey\/secretKey or HW_/);
  });

  it("an Error named CceApiError from another copy, without a status, gets no hint", function () {
    const foreign = Object.assign(new Error("GET /x: 401"), { name: "CceApiError" });
    assert.equal(explainError(foreign, "create", options).message, "create: GET /x: 401");
  });
});
