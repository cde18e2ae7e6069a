// Bench program: `count` dynamic resources with the same inputs as the rollback program, whose provider does
// nothing. The engine's cost for it is the reference the rollback stack is compared with.
import * as pulumi from "@pulumi/pulumi";

type NoopArgs = { clusterId: string; addonId: string; trigger?: string };

const noopProvider: pulumi.dynamic.ResourceProvider<NoopArgs, NoopArgs> = {
  create: (inputs) => Promise.resolve({ id: `noop-${inputs.addonId}`, outs: inputs }),
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, args: NoopArgs) {
    super(noopProvider, name, args, undefined, "bench", "Noop");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const clusterId = config.require("clusterId");
const addonPrefix = config.require("addonPrefix");
const trigger = config.get("trigger");

for (let i = 0; i < count; i++) {
  new Noop(`noop-${i}`, { clusterId, addonId: `${addonPrefix}-${String(i).padStart(3, "0")}`, trigger });
}
