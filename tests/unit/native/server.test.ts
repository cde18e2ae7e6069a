// The plugin's own gRPC server, spoken to over a real gRPC connection with the engine's generated client: what
// each RPC answers, what reaches the adapter (preview, timeout, cancellation), and how errors look to the engine.
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginAttach } from "@pulumi/pulumi/proto/plugin_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { isOperationCancelled } from "../../../provider/deadline";
import { CallLog } from "../../../provider/native/engine-log";
import { changedSettings, checkProviderConfig } from "../../../provider/native/provider-config";
import { NativeRollbackProvider, type RollbackImplementation } from "../../../provider/native/provider";
import { UNKNOWN } from "../../../provider/native/secrets";
import { loadProto } from "../../../provider/native/server/proto";
import { serve } from "../../../provider/native/server/serve";
import { resourceProviderService } from "../../../provider/native/server/service";
import { RollbackInitError } from "../../../provider/rollback/errors";
import { INPUT_NAMES, OBSERVED_OUTPUTS } from "../../../provider/rollback/properties";

type Props = Record<string, unknown>;
const URN = "urn:pulumi:dev::proj::cce-autopilot:index:AddonVersionRollback::coredns-rollback";

/** Answers what a test sets, and records what the adapter passed on. */
class Implementation {
  calls: { method: string; args: unknown[] }[] = [];
  next: Partial<Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  private call(method: string, args: unknown[], otherwise: unknown) {
    this.calls.push({ method, args });
    const answer = this.next[method];
    return answer ? answer(...args) : Promise.resolve(otherwise);
  }
  check = (olds: Props, news: Props) => this.call("check", [olds, news], { inputs: news, failures: [] });
  diff = (id: string, olds: Props, news: Props) =>
    this.call("diff", [id, olds, news], { changes: false, changed: [], replaces: [], deleteBeforeReplace: false });
  create = (props: Props, options: unknown) =>
    this.call("create", [props, options], { id: "rollback-1", outs: { ...props, outcome: "rolled-back" } });
  preview = (props: Props, options: unknown) => this.call("preview", [props, options], { planned: undefined });
  read = (id: string, props: Props) => this.call("read", [id, props], { id, props: { ...props, status: "running" } });
  update = (id: string, olds: Props, news: Props, options: unknown) =>
    this.call("update", [id, olds, news, options], { outs: { ...olds, ...news } });
  delete = (id: string, props: Props) => this.call("delete", [id, props], undefined);
  getAddonInstance = (args: Props) => this.call("getAddonInstance", [args], {});
}

/** A detailed diff's entries as [key, kind, inputDiff], in key order. */
function kindsOf(res: pb.DiffResponse): [string, number, boolean][] {
  const entries: [string, number, boolean][] = [];
  res.getDetaileddiffMap().forEach((diff, key) => entries.push([key, diff.getKind(), diff.getInputdiff()]));
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

/** A unary call of the client as a promise. */
function rpc<Req, Res>(client: ResourceProviderClient, method: string, request: Req): Promise<Res> {
  const fn = (
    client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void>
  )[method]!;
  return new Promise((resolve, reject) => fn.call(client, request, (err, res) => (err ? reject(err) : resolve(res))));
}

describe("the plugin's gRPC server", () => {
  let impl: Implementation;
  let client: ResourceProviderClient;
  let stop: () => void;
  let printed: string;
  let attached: string[];
  let settingsSeen: unknown[];

  beforeEach(async () => {
    impl = new Implementation();
    attached = [];
    settingsSeen = [];
    printed = "";
    const provider = new NativeRollbackProvider({
      version: "1.2.3",
      log: new CallLog(() => Promise.resolve()),
      schema: () => '{"name":"cce-autopilot"}',
      inputNames: () => INPUT_NAMES,
      observedNames: () => OBSERVED_OUTPUTS,
      checkSettings: (settings) => checkProviderConfig(settings, {}),
      changedSettings,
      implementation: (settings) => {
        settingsSeen.push(settings);
        return impl as unknown as RollbackImplementation;
      },
    });
    const proto = loadProto();
    const served = await serve(
      proto,
      resourceProviderService(proto, { provider, onAttach: (address) => attached.push(address) }),
      (text) => (printed += text),
    );
    stop = served.stop;
    // The engine takes answers of any size; gRPC's client default is 4 MiB.
    client = new ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": -1,
    });
  });

  afterEach(() => {
    client.close();
    stop();
  });

  const struct = (props: Props) => Struct.fromJavaScript(props as never);

  it("prints its port, and only that, as the first line", () => {
    assert.match(printed, /^\d+\n$/);
  });

  it("GetPluginInfo and GetSchema: the version, the schema; an unknown schema version is refused", async () => {
    const info = await rpc<Empty, { getVersion(): string }>(client, "getPluginInfo", new Empty());
    assert.equal(info.getVersion(), "1.2.3");
    const schema = await rpc<pb.GetSchemaRequest, pb.GetSchemaResponse>(client, "getSchema", new pb.GetSchemaRequest());
    assert.equal(schema.getSchema(), '{"name":"cce-autopilot"}');
    await assert.rejects(
      rpc(client, "getSchema", new pb.GetSchemaRequest().setVersion(1)),
      /unsupported schema version 1: this plugin has 0/,
    );
  });

  it("Configure: accepts secrets, resources and outputs, and supports preview (the engine calls Create in a preview)", async () => {
    const res = await rpc<pb.ConfigureRequest, pb.ConfigureResponse>(client, "configure", new pb.ConfigureRequest());
    assert.deepEqual(
      [res.getAcceptsecrets(), res.getAcceptresources(), res.getAcceptoutputs(), res.getSupportspreview()],
      [true, true, true, true],
    );
  });

  it("RPCs the plugin does not offer answer UNIMPLEMENTED, saying which and why", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["call", new pb.CallRequest(), /Call is not implemented: .* has no methods/],
      ["construct", new pb.ConstructRequest(), /Construct is not implemented: .* no component resources/],
      ["parameterize", new pb.ParameterizeRequest(), /Parameterize is not implemented: .* no parameters/],
      [
        "handshake",
        new pb.ProviderHandshakeRequest(),
        /Handshake is not implemented: the plugin is started by the engine/,
      ],
    ];
    for (const [method, request, message] of cases) {
      await assert.rejects(rpc(client, method, request), (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.UNIMPLEMENTED, method);
        assert.match(err.details, message);
        return true;
      });
    }
  });

  it("CheckConfig: a setting given wrong fails naming it; the inputs come back as given, secrets still wrapped", async () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "SK-0123456789" };
    const news = { accessKey: "AK", secretKey: secret, endpoint: "ftp://cce.example", version: "0.1.0" };
    const res = await rpc<pb.CheckRequest, pb.CheckResponse>(
      client,
      "checkConfig",
      new pb.CheckRequest().setUrn("urn:pulumi:dev::p::pulumi:providers:cce-autopilot::prod").setNews(struct(news)),
    );
    assert.deepEqual(res.getInputs()?.toJavaScript(), news);
    const failures = res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]![0], "endpoint");
    assert.match(failures[0]![1] as string, /https:\/\//);
    assert.ok(!JSON.stringify(failures).includes("SK-0123456789"), "no secret in a failure");

    const good = await rpc<pb.CheckRequest, pb.CheckResponse>(
      client,
      "checkConfig",
      new pb.CheckRequest().setNews(struct({ region: "cn-north-4" })),
    );
    assert.deepEqual(good.getFailuresList(), [], "absent credentials pass: the environment may give them");
  });

  it("DiffConfig: the settings that changed, as updates; never a replacement", async () => {
    const res = await rpc<pb.DiffRequest, pb.DiffResponse>(
      client,
      "diffConfig",
      new pb.DiffRequest()
        .setOlds(struct({ accessKey: "AK1", region: "cn-north-4" }))
        .setNews(struct({ accessKey: "AK2", region: "cn-north-4" })),
    );
    assert.equal(res.getChanges(), pb.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepEqual(res.getReplacesList(), []);
    assert.deepEqual(kindsOf(res), [["accessKey", pb.PropertyDiff.Kind.UPDATE, true]]);
    const same = await rpc<pb.DiffRequest, pb.DiffResponse>(
      client,
      "diffConfig",
      new pb.DiffRequest().setOlds(struct({ region: "cn-north-4" })).setNews(struct({ region: "cn-north-4" })),
    );
    assert.equal(same.getChanges(), pb.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("Configure hands the provider's settings (secrets revealed) to the implementation, created on first use", async () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "SK-1" };
    await rpc(client, "configure", new pb.ConfigureRequest().setArgs(struct({ accessKey: "AK", secretKey: secret })));
    await rpc(client, "check", new pb.CheckRequest().setUrn(URN).setNews(struct({})));
    assert.deepEqual(settingsSeen, [{ accessKey: "AK", secretKey: "SK-1" }]);
  });

  it("Invoke of getAddonInstance: the add-on as read; another function is refused naming the one there is", async () => {
    impl.next.getAddonInstance = (args) => Promise.resolve({ id: "a1", status: "running", args });
    const res = await rpc<pb.InvokeRequest, pb.InvokeResponse>(
      client,
      "invoke",
      new pb.InvokeRequest()
        .setTok("cce-autopilot:index:getAddonInstance")
        .setArgs(struct({ clusterId: "c1", addonName: "coredns" })),
    );
    assert.deepEqual(res.getReturn()?.toJavaScript(), {
      id: "a1",
      status: "running",
      args: { clusterId: "c1", addonName: "coredns" },
    });
    await assert.rejects(
      rpc(client, "invoke", new pb.InvokeRequest().setTok("cce-autopilot:index:other").setArgs(struct({}))),
      /unknown function cce-autopilot:index:other: the cce-autopilot plugin provides cce-autopilot:index:getAddonInstance/,
    );
  });

  it("Read with inputs (an import) returns them; without, none", async () => {
    impl.next.read = (id) =>
      Promise.resolve({ id: "rollback-2", props: { outcome: "imported" }, inputs: { clusterId: String(id) } });
    const res = await rpc<pb.ReadRequest, pb.ReadResponse>(
      client,
      "read",
      new pb.ReadRequest().setId("c1/coredns").setUrn(URN),
    );
    assert.equal(res.getId(), "rollback-2");
    assert.deepEqual(res.getInputs()?.toJavaScript(), { clusterId: "c1/coredns" });
  });

  it("GetMapping and GetMappings: an empty answer (no mappings to other providers)", async () => {
    const one = await rpc<pb.GetMappingRequest, pb.GetMappingResponse>(
      client,
      "getMapping",
      new pb.GetMappingRequest(),
    );
    assert.equal(one.getProvider(), "");
    const all = await rpc<pb.GetMappingsRequest, pb.GetMappingsResponse>(
      client,
      "getMappings",
      new pb.GetMappingsRequest(),
    );
    assert.deepEqual(all.getProvidersList(), []);
  });

  it("Check: the checked inputs and each failure with its property", async () => {
    impl.next.check = () =>
      Promise.resolve({
        inputs: { clusterId: "c1", timeoutSeconds: 1800 },
        failures: [{ property: "region", reason: "bad" }],
      });
    const res = await rpc<pb.CheckRequest, pb.CheckResponse>(
      client,
      "check",
      new pb.CheckRequest()
        .setUrn(URN)
        .setOlds(struct({}))
        .setNews(struct({ clusterId: "c1" })),
    );
    assert.deepEqual(res.getInputs()?.toJavaScript(), { clusterId: "c1", timeoutSeconds: 1800 });
    assert.deepEqual(
      res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
      [["region", "bad"]],
    );
  });

  it("Diff: changes, replaces and a detailed diff whose kinds say add, delete or update, and replace", async () => {
    impl.next.diff = () =>
      Promise.resolve({
        changes: true,
        changed: ["trigger", "region", "endpoint"],
        replaces: ["trigger"],
        deleteBeforeReplace: false,
      });
    const res = await rpc<pb.DiffRequest, pb.DiffResponse>(
      client,
      "diff",
      new pb.DiffRequest()
        .setUrn(URN)
        .setId("rollback-1")
        .setOlds(struct({ trigger: "A", region: "cn-north-4" }))
        .setNews(struct({ trigger: "B", endpoint: "https://cce.example" })),
    );
    assert.equal(res.getChanges(), pb.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepEqual(res.getReplacesList(), ["trigger"]);
    assert.equal(res.getHasdetaileddiff(), true);
    assert.deepEqual(res.getDiffsList(), ["trigger", "region", "endpoint"]);
    const Kind = pb.PropertyDiff.Kind;
    assert.deepEqual(kindsOf(res), [
      ["endpoint", Kind.ADD, true],
      ["region", Kind.DELETE, true],
      ["trigger", Kind.UPDATE_REPLACE, true],
    ]);

    impl.next.diff = () =>
      Promise.resolve({
        changes: true,
        changed: ["clusterId", "addonId"],
        replaces: ["clusterId", "addonId"],
        deleteBeforeReplace: true,
      });
    const replaced = await rpc<pb.DiffRequest, pb.DiffResponse>(
      client,
      "diff",
      new pb.DiffRequest()
        .setUrn(URN)
        .setOlds(struct({ addonId: "a" }))
        .setNews(struct({ clusterId: "c2" })),
    );
    assert.equal(replaced.getDeletebeforereplace(), true);
    assert.deepEqual(kindsOf(replaced), [
      ["addonId", Kind.DELETE_REPLACE, true],
      ["clusterId", Kind.ADD_REPLACE, true],
    ]);
  });

  it("Diff: no change is DIFF_NONE with an empty detailed diff", async () => {
    const res = await rpc<pb.DiffRequest, pb.DiffResponse>(
      client,
      "diff",
      new pb.DiffRequest()
        .setUrn(URN)
        .setOlds(struct({ a: 1 }))
        .setNews(struct({ a: 1 })),
    );
    assert.equal(res.getChanges(), pb.DiffResponse.DiffChanges.DIFF_NONE);
    assert.equal(res.getDetaileddiffMap().getLength(), 0);
  });

  it("Create: the id and outputs; the engine's timeout and cancellation reach the implementation", async () => {
    const res = await rpc<pb.CreateRequest, pb.CreateResponse>(
      client,
      "create",
      new pb.CreateRequest()
        .setUrn(URN)
        .setProperties(struct({ clusterId: "c1" }))
        .setTimeout(15),
    );
    assert.equal(res.getId(), "rollback-1");
    assert.deepEqual(res.getProperties()?.toJavaScript(), { clusterId: "c1", outcome: "rolled-back" });
    const options = impl.calls[0]!.args[1] as { timeoutSeconds?: number; cancel: AbortSignal };
    assert.equal(options.timeoutSeconds, 15);
    assert.equal(options.cancel.aborted, false);

    await rpc(client, "create", new pb.CreateRequest().setUrn(URN).setProperties(struct({})));
    assert.equal((impl.calls[1]!.args[1] as { timeoutSeconds?: number }).timeoutSeconds, undefined, "0: no timeout");
  });

  it("Create in a preview: the implementation previews (never creates); no id; what is not planned is unknown", async () => {
    impl.next.preview = () =>
      Promise.resolve({ planned: { fromVersion: "1.28.6", toVersion: "1.28.4", outcome: "rolled-back" } });
    const res = await rpc<pb.CreateRequest, pb.CreateResponse>(
      client,
      "create",
      new pb.CreateRequest()
        .setUrn(URN)
        .setProperties(struct({ clusterId: "c1" }))
        .setPreview(true),
    );
    assert.deepEqual(
      impl.calls.map((c) => c.method),
      ["preview"],
    );
    assert.equal(res.getId(), "");
    const outs = res.getProperties()?.toJavaScript() as Props;
    assert.equal(outs.fromVersion, "1.28.6");
    assert.equal(outs.toVersion, "1.28.4");
    assert.equal(outs.clusterId, "c1");
    assert.equal(outs.status, UNKNOWN);
    assert.equal(outs.startedAt, UNKNOWN);
  });

  it("Create that failed after the rollback was accepted: the engine gets ErrorResourceInitFailed with id, properties and reasons", async () => {
    impl.next.create = () =>
      Promise.reject(
        new RollbackInitError(
          "waiting: the rollback failed",
          "rollback-9",
          { outcome: "failed" },
          ["the rollback failed"],
          undefined,
        ),
      );
    await assert.rejects(
      rpc(client, "create", new pb.CreateRequest().setUrn(URN).setProperties(struct({}))),
      (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.UNKNOWN);
        assert.equal(err.details, "waiting: the rollback failed");
        const [bin] = err.metadata.get("grpc-status-details-bin");
        const status = Status.deserializeBinary(new Uint8Array(bin as Buffer));
        const detail = status.getDetailsList()[0]!;
        assert.equal(detail.getTypeName(), "pulumirpc.ErrorResourceInitFailed");
        const init = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
        assert.equal(status.getCode(), grpc.status.UNKNOWN);
        assert.equal(status.getMessage(), "waiting: the rollback failed");
        assert.equal(init.getId(), "rollback-9");
        assert.deepEqual(init.getProperties()?.toJavaScript(), { outcome: "failed" });
        assert.deepEqual(init.getReasonsList(), ["the rollback failed"]);
        return true;
      },
    );
  });

  it("an error with an id but no reasons: the message is the reason; an empty id is no partial create", async () => {
    impl.next.create = () => Promise.reject(Object.assign(new Error("lost"), { id: "rollback-8", properties: {} }));
    await assert.rejects(rpc(client, "create", new pb.CreateRequest().setUrn(URN)), (err: grpc.ServiceError) => {
      const [bin] = err.metadata.get("grpc-status-details-bin");
      const detail = Status.deserializeBinary(new Uint8Array(bin as Buffer)).getDetailsList()[0]!;
      assert.deepEqual(pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8()).getReasonsList(), ["lost"]);
      return true;
    });
    impl.next.create = () => Promise.reject(Object.assign(new Error("no id"), { id: "", properties: {} }));
    await assert.rejects(rpc(client, "create", new pb.CreateRequest().setUrn(URN)), (err: grpc.ServiceError) => {
      assert.deepEqual(err.metadata.get("grpc-status-details-bin"), []);
      return true;
    });
  });

  it("takes a request larger than gRPC's default 4 MiB (the Pulumi SDK's limit is 400 MiB)", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    const res = await rpc<pb.CheckRequest, pb.CheckResponse>(
      client,
      "check",
      new pb.CheckRequest()
        .setUrn(URN)
        .setOlds(struct({}))
        .setNews(struct({ trigger: big })),
    );
    assert.equal((res.getInputs()?.toJavaScript() as Props).trigger, big);
  });

  it("stop ends the server: a later call finds no one", async () => {
    stop();
    await assert.rejects(
      rpc(client, "getPluginInfo", new Empty()),
      (err: grpc.ServiceError) => err.code === grpc.status.UNAVAILABLE,
    );
  });

  it("without a stdout given, the port line goes to the process's stdout", async () => {
    const proto = loadProto();
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => written.push(chunk) > 0;
    try {
      const served = await serve(proto, {});
      served.stop();
      assert.deepEqual(written, [`${served.port}\n`]);
    } finally {
      process.stdout.write = write;
    }
  });

  it("a plain error is a plain error: its message, no detail", async () => {
    impl.next.create = () => Promise.reject(new Error("nothing was sent"));
    await assert.rejects(rpc(client, "create", new pb.CreateRequest().setUrn(URN)), (err: grpc.ServiceError) => {
      assert.equal(err.details, "nothing was sent");
      assert.deepEqual(err.metadata.get("grpc-status-details-bin"), []);
      return true;
    });
  });

  it("Read, Update and Delete reach the implementation with what the engine sent", async () => {
    const read = await rpc<pb.ReadRequest, pb.ReadResponse>(
      client,
      "read",
      new pb.ReadRequest()
        .setId("rollback-1")
        .setUrn(URN)
        .setProperties(struct({ clusterId: "c1" })),
    );
    assert.equal(read.getId(), "rollback-1");
    assert.deepEqual(read.getProperties()?.toJavaScript(), { clusterId: "c1", status: "running" });
    assert.equal(read.getInputs(), undefined, "no inputs: the engine keeps the ones it recorded");

    const updated = await rpc<pb.UpdateRequest, pb.UpdateResponse>(
      client,
      "update",
      new pb.UpdateRequest()
        .setId("rollback-1")
        .setUrn(URN)
        .setOlds(struct({ a: 1 }))
        .setNews(struct({ b: 2 }))
        .setTimeout(30)
        .setPreview(true),
    );
    assert.deepEqual(updated.getProperties()?.toJavaScript(), { a: 1, b: 2 });
    const options = impl.calls.find((c) => c.method === "update")!.args[3] as {
      preview: boolean;
      timeoutSeconds: number;
    };
    assert.equal(options.preview, true);
    assert.equal(options.timeoutSeconds, 30);

    await rpc(
      client,
      "delete",
      new pb.DeleteRequest()
        .setId("rollback-1")
        .setUrn(URN)
        .setProperties(struct({ x: 1 })),
    );
    assert.deepEqual(impl.calls.find((c) => c.method === "delete")!.args, ["rollback-1", { x: 1 }]);
  });

  it("Cancel aborts what is in flight with a cancellation; later calls start cancelled", async () => {
    let seen: AbortSignal | undefined;
    impl.next.create = (_props, options) =>
      new Promise((_resolve, reject) => {
        seen = (options as { cancel: AbortSignal }).cancel;
        seen.addEventListener("abort", () => reject(seen!.reason as Error));
      });
    const inFlight = rpc(client, "create", new pb.CreateRequest().setUrn(URN).setProperties(struct({})));
    inFlight.catch(() => undefined); // asserted below, once Cancel has been sent
    while (!seen) await new Promise((r) => setTimeout(r, 5));
    await rpc(client, "cancel", new Empty());
    await assert.rejects(inFlight, /cancelled/);
    assert.ok(isOperationCancelled(seen.reason), "aborted with an OperationCancelledError");

    impl.next.create = (_props, options) =>
      Promise.resolve({ id: String((options as { cancel: AbortSignal }).cancel.aborted), outs: {} });
    const later = await rpc<pb.CreateRequest, pb.CreateResponse>(client, "create", new pb.CreateRequest().setUrn(URN));
    assert.equal(later.getId(), "true");
  });

  it("Attach: the engine's new address is handed on (for progress lines)", async () => {
    await rpc(client, "attach", new PluginAttach().setAddress("127.0.0.1:4242"));
    assert.deepEqual(attached, ["127.0.0.1:4242"]);
  });

  it("List: UNIMPLEMENTED, saying why", async () => {
    const stream = client.list(new pb.ListRequest());
    const err = await new Promise<grpc.ServiceError>((resolve) => stream.on("error", resolve));
    assert.equal(err.code, grpc.status.UNIMPLEMENTED);
    assert.match(err.details, /List is not implemented: .*not listable/);
  });
});
