/**
 * The ResourceProvider service the engine calls, answered on purpose RPC by RPC: the resource calls go to the
 * adapter (../provider.ts) with what the engine says about them (a preview, its timeout, its cancellation); the
 * RPCs this plugin does not offer answer UNIMPLEMENTED with why, which the engine takes as "default behaviour".
 * Configure announces `supportsPreview`, so that the engine calls Create and Update during a preview too (with
 * `preview` set), and the adapter plans without writing.
 * References: pulumi/pulumi proto/pulumi/provider.proto, pkg/resource/plugin/provider_plugin.go (the engine's
 * side: Configure's `supportsPreview`, Create's `Preview` and `Timeout`) and pkg/resource/deploy/step.go.
 */
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from "@grpc/grpc-js";
import { OperationCancelledError } from "../../deadline";
import type { DiffAnswer, NativeRollbackProvider, PropertyChange } from "../provider";
import { callError, unimplemented } from "./errors";
import type { Proto } from "./proto";

type Props = Record<string, unknown>;

/** What the service answers with besides the adapter. */
export interface ServiceOptions {
  provider: NativeRollbackProvider;
  /** The engine attached to an already running plugin (debugging): its address, for progress lines. */
  onAttach: (address: string) => void;
}

/** The plugin's answers to every RPC of the ResourceProvider service. */
export function resourceProviderService(proto: Proto, options: ServiceOptions): UntypedServiceImplementation {
  const { provider } = options;
  const pb = proto.provider;
  // One cancellation for the process: after the engine's Cancel (Ctrl-C, or the end of the run) nothing new starts.
  const cancellation = new AbortController();
  const struct = (props: Props) => proto.struct.Struct.fromJavaScript(props as never);
  const props = (value: { toJavaScript(): unknown } | undefined): Props => (value?.toJavaScript() ?? {}) as Props;
  const engineOperation = (req: { getPreview(): boolean; getTimeout(): number }) => ({
    preview: req.getPreview(),
    timeoutSeconds: req.getTimeout(),
    cancel: cancellation.signal,
  });

  /** A unary RPC: its answer, or the error as the engine reads it. */
  function unary<Req, Res>(answer: (req: Req) => Promise<Res> | Res) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      Promise.resolve()
        .then(() => answer(call.request))
        .then(
          (res) => callback(null, res),
          (err: unknown) => callback(callError(proto, err)),
        );
    };
  }

  /** An RPC this plugin does not offer. */
  function notOffered(rpc: string, why: string) {
    return (_call: unknown, callback: sendUnaryData<unknown>) => callback(unimplemented(proto, rpc, why));
  }

  return {
    handshake: notOffered("Handshake", "the plugin is started by the engine with its address as argument"),
    parameterize: notOffered("Parameterize", "the cce-autopilot package takes no parameters"),
    getPluginInfo: unary(() => new proto.plugin.PluginInfo().setVersion(provider.version)),
    getSchema: unary(async (req: InstanceType<typeof pb.GetSchemaRequest>) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}: this plugin has 0`);
      return new pb.GetSchemaResponse().setSchema(await provider.getSchema());
    }),
    checkConfig: unary(async (req: InstanceType<typeof pb.CheckRequest>) => {
      const result = await provider.checkConfig(props(req.getNews()));
      const failures = result.failures.map((f) => new pb.CheckFailure().setProperty(f.property).setReason(f.reason));
      return new pb.CheckResponse().setInputs(struct(result.inputs)).setFailuresList(failures);
    }),
    diffConfig: unary(async (req: InstanceType<typeof pb.DiffRequest>) =>
      diffResponse(proto, await provider.diffConfig(props(req.getOlds()), props(req.getNews()))),
    ),
    configure: unary((req: InstanceType<typeof pb.ConfigureRequest>) => {
      provider.configure(props(req.getArgs()));
      return new pb.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(true)
        .setAcceptoutputs(true)
        .setSupportspreview(true);
    }),
    invoke: unary(async (req: InstanceType<typeof pb.InvokeRequest>) => {
      const result = await provider.invoke(req.getTok(), props(req.getArgs()));
      return new pb.InvokeResponse().setReturn(struct(result));
    }),
    call: notOffered("Call", "the cce-autopilot package has no methods"),
    construct: notOffered("Construct", "the cce-autopilot package has no component resources"),
    check: unary(async (req: InstanceType<typeof pb.CheckRequest>) => {
      const result = await provider.check(req.getUrn(), props(req.getOlds()), props(req.getNews()));
      const failures = result.failures.map((f) => new pb.CheckFailure().setProperty(f.property).setReason(f.reason));
      return new pb.CheckResponse().setInputs(struct(result.inputs)).setFailuresList(failures);
    }),
    diff: unary(async (req: InstanceType<typeof pb.DiffRequest>) =>
      diffResponse(proto, await provider.diff(req.getId(), req.getUrn(), props(req.getOlds()), props(req.getNews()))),
    ),
    create: unary(async (req: InstanceType<typeof pb.CreateRequest>) => {
      const { id, outs } = await provider.create(req.getUrn(), props(req.getProperties()), engineOperation(req));
      return new pb.CreateResponse().setId(id).setProperties(struct(outs));
    }),
    read: unary(async (req: InstanceType<typeof pb.ReadRequest>) => {
      const result = await provider.read(req.getId(), req.getUrn(), props(req.getProperties()));
      const res = new pb.ReadResponse().setId(result.id).setProperties(struct(result.props));
      return result.inputs ? res.setInputs(struct(result.inputs)) : res;
    }),
    update: unary(async (req: InstanceType<typeof pb.UpdateRequest>) => {
      const { outs } = await provider.update(
        req.getId(),
        req.getUrn(),
        props(req.getOlds()),
        props(req.getNews()),
        engineOperation(req),
      );
      return new pb.UpdateResponse().setProperties(struct(outs));
    }),
    delete: unary(async (req: InstanceType<typeof pb.DeleteRequest>) => {
      await provider.delete(req.getId(), req.getUrn(), props(req.getProperties()));
      return new proto.empty.Empty();
    }),
    list: (call: { emit(event: "error", err: unknown): void }) =>
      call.emit("error", unimplemented(proto, "List", "add-on rollbacks are records of this stack, not listable")),
    cancel: unary(() => {
      cancellation.abort(new OperationCancelledError());
      return new proto.empty.Empty();
    }),
    attach: unary((req: InstanceType<typeof proto.plugin.PluginAttach>) => {
      options.onAttach(req.getAddress());
      return new proto.empty.Empty();
    }),
    // No mappings to other providers' resources (used by `pulumi convert`): an empty answer says so.
    getMapping: unary(() => new pb.GetMappingResponse()),
    getMappings: unary(() => new pb.GetMappingsResponse()),
  };
}

/** A diff as the engine reads it: changes, replacements, and each input's change in the detailed diff. */
function diffResponse(proto: Proto, diff: DiffAnswer): InstanceType<Proto["provider"]["DiffResponse"]> {
  const pb = proto.provider;
  const res = new pb.DiffResponse()
    .setChanges(diff.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE)
    .setReplacesList(diff.replaces)
    .setDeletebeforereplace(diff.deleteBeforeReplace)
    .setDiffsList(Object.keys(diff.detailedDiff))
    .setHasdetaileddiff(true);
  for (const [key, change] of Object.entries(diff.detailedDiff)) {
    res.getDetaileddiffMap().set(key, new pb.PropertyDiff().setKind(diffKind(proto, change)).setInputdiff(true));
  }
  return res;
}

/** The engine's kind for one input's change. */
function diffKind(proto: Proto, change: PropertyChange): number {
  const Kind = proto.provider.PropertyDiff.Kind;
  const kinds = {
    add: [Kind.ADD, Kind.ADD_REPLACE],
    delete: [Kind.DELETE, Kind.DELETE_REPLACE],
    update: [Kind.UPDATE, Kind.UPDATE_REPLACE],
  } as const;
  return kinds[change.kind][change.replace ? 1 : 0];
}
