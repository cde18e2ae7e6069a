"use strict";
// A trivial dynamic resource: create echoes its input, so the test can see the engine ran the provider.
const pulumi = require("@pulumi/pulumi");

const echoProvider = {
  async create(inputs) {
    return { id: `echo-${inputs.name}`, outs: { ...inputs, greeting: `hello ${inputs.name}` } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(echoProvider, name, { greeting: undefined, ...args }, opts);
  }
}

const echo = new Echo("echo", { name: "engine" });
exports.greeting = echo.greeting;
exports.echoId = echo.id;
