/**
 * Tests of the add-on errors: their names and messages (what `pulumi up` prints), the fields a caller reads, and the
 * guards, which also recognise an error of another copy of this package by its name.
 */
import assert from "node:assert/strict";
import {
  AddonNameError,
  AddonNotFoundError,
  RollbackFailedError,
  WaiterTimeoutError,
  isAddonNameError,
  isAddonNotFoundError,
} from "../../../provider/addon/errors";
import { addonInstance } from "../../support/addon-instance";

const CLUSTER = "c0ffee00-cluster-1";

describe("add-on errors", function () {
  it("AddonNotFoundError: names the add-on and the cluster, says what to check, keeps the cause", function () {
    const cause = new Error("404 CCE.01404001");
    const err = new AddonNotFoundError(CLUSTER, "7a8b9c0d-coredns", cause);
    assert.equal(err.name, "AddonNotFoundError");
    assert.equal(
      err.message,
      "add-on instance 7a8b9c0d-coredns was not found in cluster c0ffee00-cluster-1: check addonId (the add-on " +
        'instance ID; to name the add-on instead, give addonName such as "coredns") and clusterId',
    );
    assert.deepEqual([err.clusterId, err.addonId, err.cause], [CLUSTER, "7a8b9c0d-coredns", cause]);
    assert.match(String(err), /^AddonNotFoundError: add-on instance/);
  });

  it("AddonNameError: the message as given, and the add-ons that were considered", function () {
    const candidates = [addonInstance(), addonInstance({ id: "other", name: "coredns-2" })];
    const err = new AddonNameError("2 add-ons answer to coredns", CLUSTER, "coredns", candidates);
    assert.equal(err.name, "AddonNameError");
    assert.equal(err.message, "2 add-ons answer to coredns");
    assert.deepEqual([err.clusterId, err.addonName, err.candidates], [CLUSTER, "coredns", candidates]);
  });

  it("RollbackFailedError: the message, the add-on as last seen, the time and the reads", function () {
    const addon = addonInstance({ status: "rollbackFailed" });
    const err = new RollbackFailedError("rollback failed: image pull", addon, 42_000, 7);
    assert.equal(err.name, "RollbackFailedError");
    assert.equal(err.message, "rollback failed: image pull");
    assert.deepEqual([err.addon, err.elapsedMs, err.observed], [addon, 42_000, 7]);
  });

  it("WaiterTimeoutError: the last status, the time and the reads, and the cause when there is one", function () {
    const cause = new Error("429");
    const err = new WaiterTimeoutError("timed out after 30 s", "rollbacking", 30_000, 31, cause);
    assert.equal(err.name, "WaiterTimeoutError");
    assert.equal(err.message, "timed out after 30 s");
    assert.deepEqual([err.lastStatus, err.elapsedMs, err.observed, err.cause], ["rollbacking", 30_000, 31, cause]);
  });

  it("WaiterTimeoutError: no cause means no cause property at all", function () {
    const err = new WaiterTimeoutError("timed out", undefined, 10_000, 0);
    assert.equal(err.lastStatus, undefined);
    assert.equal(Object.hasOwn(err, "cause"), false);
  });

  describe("guards", function () {
    const named = (name: string) => Object.assign(new Error("from another copy of the package"), { name });
    // [guard, an error of its class, errors it must refuse]
    const cases: [string, (err: unknown) => boolean, Error][] = [
      ["isAddonNameError", isAddonNameError, new AddonNameError("no add-on named coredns", CLUSTER, "coredns", [])],
      ["isAddonNotFoundError", isAddonNotFoundError, new AddonNotFoundError(CLUSTER, "x", undefined)],
    ];
    for (const [guard, is, own] of cases) {
      it(`${guard}: its class, and an error of the same name from another copy`, function () {
        assert.equal(is(own), true);
        assert.equal(is(named(own.name)), true);
      });
      it(`${guard}: not another error, nor a plain object with the name`, function () {
        assert.equal(is(new Error(own.message)), false);
        assert.equal(is(new RollbackFailedError("x", addonInstance(), 0, 0)), false);
        assert.equal(is({ name: own.name, message: own.message }), false);
        assert.equal(is(undefined), false);
      });
    }
    it("the two guards do not confuse the two errors", function () {
      assert.equal(isAddonNameError(new AddonNotFoundError(CLUSTER, "x", undefined)), false);
      assert.equal(isAddonNotFoundError(new AddonNameError("x", CLUSTER, "coredns", [])), false);
    });
  });
});
