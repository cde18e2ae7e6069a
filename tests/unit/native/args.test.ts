import assert from "node:assert/strict";
import { engineAddress } from "../../../provider/native/args";

describe("native plugin command line", () => {
  describe(engineAddress.name, () => {
    const cases: { name: string; args: string[]; address: string | undefined }[] = [
      { name: "the address alone", args: ["127.0.0.1:50051"], address: "127.0.0.1:50051" },
      { name: "after --logtostderr", args: ["--logtostderr", "127.0.0.1:50051"], address: "127.0.0.1:50051" },
      { name: "after -v=9", args: ["-v=9", "127.0.0.1:50051"], address: "127.0.0.1:50051" },
      {
        name: "after --tracing and its value (the value is not the address)",
        args: ["--tracing", "file:up.trace", "127.0.0.1:50051"],
        address: "127.0.0.1:50051",
      },
      {
        name: "after every flag the engine passes on, in the engine's order",
        args: ["--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:4318", "localhost:41234"],
        address: "localhost:41234",
      },
      {
        name: "the first of several plain arguments",
        args: ["-v=3", "127.0.0.1:50051", "127.0.0.1:60000"],
        address: "127.0.0.1:50051",
      },
      { name: "no argument (the plugin run by hand)", args: [], address: undefined },
      { name: "only flags", args: ["--logtostderr", "-v=9"], address: undefined },
      { name: "--tracing whose value is the last argument", args: ["--tracing", "127.0.0.1:4318"], address: undefined },
    ];
    for (const c of cases) {
      it(`${c.name}: ${JSON.stringify(c.args)} -> ${String(c.address)}`, () => {
        assert.equal(engineAddress(c.args), c.address);
      });
    }
  });
});
