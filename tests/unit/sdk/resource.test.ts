import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { addonVersionRollbackProvider } from "pulumi-cce-addon-rollback/provider";
import { AddonVersionRollback } from "pulumi-cce-addon-rollback";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

// Pulumi's mocks still run the real closure serializer, so these tests see the exact `__provider` text that
// would be stored in each resource's state.
describe(AddonVersionRollback.name, () => {
  const registered: Registered[] = [];

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
          return { id: `${args.name}-id`, state: { ...(args.inputs as Record<string, unknown>), toVersion: "1.28.4" } };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
  });

  async function register(args: ConstructorParameters<typeof AddonVersionRollback>[1]): Promise<Registered> {
    const name = `r${registered.length}-${Math.random().toString(36).slice(2, 8)}`;
    const resource = new AddonVersionRollback(name, args);
    await new Promise<void>((resolve) => resource.urn.apply(() => resolve()));
    const found = registered.find((r) => r.name === name);
    assert.ok(found, "the resource was registered");
    return found;
  }

  it("should register under a descriptive dynamic type token with the given inputs", async () => {
    const r = await register({ clusterId: "c1", addonId: "a1", trigger: { incident: "INC-1" }, timeoutSeconds: 600 });
    assert.equal(r.type, "pulumi-nodejs:dynamic/cce-autopilot:AddonVersionRollback");
    assert.equal(r.inputs.clusterId, "c1");
    assert.equal(r.inputs.addonId, "a1");
    assert.deepEqual(r.inputs.trigger, { incident: "INC-1" });
    assert.equal(r.inputs.timeoutSeconds, 600);
  });

  it("should pass addonName through when the add-on is named (it is also an output)", async () => {
    const r = await register({ clusterId: "c1", addonName: "coredns" });
    assert.equal(r.inputs.addonName, "coredns");
    assert.equal(r.inputs.addonId, undefined);
  });

  it("loaded from this repository (not node_modules): stores stubs of at most 2 KB that only require the package", async () => {
    const r = await register({ clusterId: "c1", addonId: "a2" });
    const text = r.inputs.__provider as string;
    assert.equal(typeof text, "string");
    const bytes = Buffer.byteLength(text);
    console.log(`      __provider: ${bytes} bytes`);
    assert.ok(bytes <= 2048, `__provider is ${bytes} bytes`);
    const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.equal(requires.length, 7, "one require per provider method");
    assert.ok(requires.every((m) => m === "pulumi-cce-addon-rollback/provider"));
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      assert.ok(text.includes(`.${method}(...a)`), `stub for ${method}`);
    }
  });

  it("should never capture credentials from the environment into the stub", async () => {
    process.env.HW_SECRET_KEY = "env-secret-that-must-not-be-captured";
    try {
      const r = await register({ clusterId: "c1", addonId: "a3" });
      assert.ok(!(r.inputs.__provider as string).includes("env-secret-that-must-not-be-captured"));
    } finally {
      delete process.env.HW_SECRET_KEY;
    }
  });
});

describe("addonVersionRollbackProvider", () => {
  it("should expose every provider method as a stub", () => {
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) {
      assert.equal(typeof addonVersionRollbackProvider[method], "function", method);
    }
  });

  it("should reach the implementation through the package name: check validates inputs", async () => {
    const result = await addonVersionRollbackProvider.check!({}, { clusterId: "c1" });
    assert.deepEqual(
      result.failures?.map((f) => f.property),
      ["addonId"],
    );
  });
});
