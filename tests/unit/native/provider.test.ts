import assert from "node:assert/strict";
import { RollbackInitError } from "../../../provider/rollback/errors";
import { CallLog, type LogSink } from "../../../provider/native/engine-log";
import { parsePluginConfig } from "../../../provider/native/config";
import { pluginImplementation } from "../../../provider/native/implementation";
import { changedSettings, checkProviderConfig } from "../../../provider/native/provider-config";
import { NativeRollbackProvider, type RollbackImplementation } from "../../../provider/native/provider";
import { SECRET_SIG, SIG_KEY } from "../../../provider/native/secrets";
import { INPUT_NAMES, OBSERVED_OUTPUTS } from "../../../provider/rollback/properties";
import { DEFAULT_SEED, TEST_CREDENTIALS, startEmulator } from "../../emulator";

type Props = Record<string, unknown>;
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const URN = "urn:pulumi:dev::proj::cce-autopilot:index:AddonVersionRollback::coredns-rollback";
const OTHER_URN = "urn:pulumi:dev::proj::cce-autopilot:index:AddonVersionRollback::other";
/** An `up`'s create or update: no preview, no customTimeouts, not cancelled. */
const UP = { preview: false, timeoutSeconds: 0, cancel: new AbortController().signal };

/**
 * Records what the implementation is called with, and answers what a test says (loosely typed: its answers are
 * what a test needs, not whole records).
 */
class FakeImplementation {
  calls: { method: string; args: unknown[] }[] = [];
  answers: Partial<Record<keyof RollbackImplementation, (...args: unknown[]) => Promise<unknown>>> = {};
  constructor(private readonly log: (line: string) => void) {}
  private answer<T>(method: keyof RollbackImplementation, args: unknown[], otherwise: T): Promise<T> {
    this.calls.push({ method, args });
    const answer = this.answers[method];
    return answer ? (answer(...args) as Promise<T>) : Promise.resolve(otherwise);
  }
  check(olds: Props, news: Props) {
    return this.answer("check", [olds, news], { inputs: { ...news, timeoutSeconds: 1800 }, failures: [] });
  }
  diff(id: string, olds: Props, news: Props) {
    return this.answer("diff", [id, olds, news], {
      changes: false,
      changed: [] as string[],
      replaces: [] as string[],
      deleteBeforeReplace: false,
    });
  }
  create(props: Props) {
    this.log(`rolling back for ${JSON.stringify(props.trigger)}`);
    return this.answer("create", [props], { id: "addon@1", outs: { ...props, status: "running" } });
  }
  read(id: string, props: Props) {
    return this.answer("read", [id, props], { id, props: { ...props, status: "running" } });
  }
  preview(props: Props) {
    return this.answer("preview", [props], { planned: undefined });
  }
  update(id: string, olds: Props, news: Props) {
    return this.answer("update", [id, olds, news], { outs: { ...olds, ...news } });
  }
  delete(id: string, props: Props) {
    return this.answer("delete", [id, props], undefined);
  }
}

describe("native provider adapter", () => {
  let sent: { message: string; urn: string | undefined; severity: string }[];
  let impl: FakeImplementation;
  let created: number;
  let provider: NativeRollbackProvider;
  let sinkDelayMs: number;

  beforeEach(() => {
    sent = [];
    created = 0;
    sinkDelayMs = 0;
    const sink: LogSink = async (line) => {
      // A slow engine: a call must still answer only after its lines are delivered.
      await new Promise((r) => setTimeout(r, sinkDelayMs));
      sent.push(line);
    };
    const log = new CallLog(sink);
    provider = new NativeRollbackProvider({
      version: "9.9.9",
      log,
      schema: () => '{"name":"cce-autopilot"}',
      inputNames: () => INPUT_NAMES,
      observedNames: () => OBSERVED_OUTPUTS,
      checkSettings: (settings) => checkProviderConfig(settings, {}),
      changedSettings,
      implementation: () => {
        created++;
        impl = new FakeImplementation(log.info);
        return impl as unknown as RollbackImplementation;
      },
    });
  });

  it("serves the schema and its version without creating the implementation (start-up needs no config)", async () => {
    assert.equal(provider.version, "9.9.9");
    assert.equal(await provider.getSchema(), '{"name":"cce-autopilot"}');
    assert.equal(created, 0);
  });

  it("creates the implementation once, on the first resource call", async () => {
    await provider.check(URN, {}, { clusterId: "c1" });
    await provider.diff("id", URN, {}, {});
    assert.equal(created, 1);
  });

  it("creates it once for calls that arrive together, and loads the schema once", async () => {
    await Promise.all([
      provider.check(URN, {}, { clusterId: "c1" }),
      provider.check(URN, {}, { clusterId: "c2" }),
      provider.diff("id", URN, {}, {}),
    ]);
    assert.equal(created, 1);
    const [a, b] = await Promise.all([provider.getSchema(), provider.getSchema()]);
    assert.equal(a, b);
  });

  it("tries again on the next call when the implementation could not be created, and says why", async () => {
    let attempts = 0;
    const flaky = new NativeRollbackProvider({
      version: "9.9.9",
      log: new CallLog(() => Promise.resolve()),
      schema: () => "{}",
      inputNames: () => INPUT_NAMES,
      observedNames: () => OBSERVED_OUTPUTS,
      checkSettings: () => [],
      changedSettings: () => [],
      implementation: () => {
        attempts++;
        if (attempts === 1) return Promise.reject(new Error("PULUMI_CONFIG is not JSON"));
        return new FakeImplementation(() => undefined) as unknown as RollbackImplementation;
      },
    });
    await assert.rejects(flaky.check(URN, {}, { clusterId: "c1" }), /PULUMI_CONFIG is not JSON/);
    await flaky.check(URN, {}, { clusterId: "c1" });
    assert.equal(attempts, 2);
  });

  it("refuses a resource type that is not AddonVersionRollback", async () => {
    await assert.rejects(
      provider.create("urn:pulumi:dev::proj::cce-autopilot:index:Other::x", {}, UP),
      /unknown resource type cce-autopilot:index:Other/,
    );
    // A child resource's qualified type names its parents first.
    await provider.check("urn:pulumi:dev::proj::my:Component$cce-autopilot:index:AddonVersionRollback::x", {}, {});
  });

  describe("secrets", () => {
    const news = {
      clusterId: "c1",
      addonName: "coredns",
      trigger: { incident: secret("INC-4211") },
      region: secret("cn-north-4"),
    };

    it("check: reveals nested secrets for the implementation and wraps the secret inputs again", async () => {
      const result = await provider.check(URN, { trigger: secret("old-trigger") }, news);
      assert.deepEqual(impl.calls[0]!.args, [
        { trigger: "old-trigger" },
        { clusterId: "c1", addonName: "coredns", trigger: { incident: "INC-4211" }, region: "cn-north-4" },
      ]);
      assert.deepEqual(result.inputs, {
        clusterId: "c1",
        addonName: "coredns",
        trigger: secret({ incident: "INC-4211" }),
        region: secret("cn-north-4"),
        timeoutSeconds: 1800,
      });
    });

    it("create: the outputs of secret inputs are secret", async () => {
      const result = await provider.create(URN, news, UP);
      assert.deepEqual(impl.calls[0]!.args[0], {
        clusterId: "c1",
        addonName: "coredns",
        trigger: { incident: "INC-4211" },
        region: "cn-north-4",
      });
      assert.deepEqual(result, {
        id: "addon@1",
        outs: {
          clusterId: "c1",
          addonName: "coredns",
          trigger: secret({ incident: "INC-4211" }),
          region: secret("cn-north-4"),
          status: "running",
        },
      });
    });

    it("diff: reveals olds and news; forwards changes, replaces and deleteBeforeReplace", async () => {
      const olds = { clusterId: "c1", trigger: secret({ incident: "INC-1" }) };
      await provider.diff("id", URN, olds, news);
      assert.deepEqual(impl.calls[0]!.args[1], { clusterId: "c1", trigger: { incident: "INC-1" } });
      impl.answers.diff = () =>
        Promise.resolve({ changes: true, changed: ["trigger"], replaces: ["trigger"], deleteBeforeReplace: false });
      assert.deepEqual(await provider.diff("id", URN, olds, { ...olds, trigger: "INC-2" }), {
        changes: true,
        replaces: ["trigger"],
        deleteBeforeReplace: false,
        detailedDiff: { trigger: { kind: "update", replace: true } },
      });
    });

    it("diff: a value that only became secret is a change (an update, no replacement)", async () => {
      const plain = { clusterId: "c1", trigger: "INC-1" };
      assert.deepEqual(await provider.diff("id", URN, plain, { ...plain, trigger: secret("INC-1") }), {
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
        detailedDiff: { trigger: { kind: "update", replace: false } },
      });
      assert.equal((await provider.diff("id", URN, plain, plain)).changes, false);
    });

    it("read: reveals the state, wraps the secret outputs again, and returns no inputs (the engine keeps its own)", async () => {
      const state = { clusterId: "c1", trigger: secret("INC-1"), status: "rollbacking" };
      const result = await provider.read("addon@1", URN, state);
      assert.deepEqual(impl.calls[0]!.args, ["addon@1", { clusterId: "c1", trigger: "INC-1", status: "rollbacking" }]);
      assert.equal((result as { inputs?: unknown }).inputs, undefined);
      assert.deepEqual(result, {
        id: "addon@1",
        props: { clusterId: "c1", trigger: secret("INC-1"), status: "running" },
      });
    });

    it("update: reveals olds and news; keys follow the new inputs' secrecy, the others keep the old", async () => {
      const olds = { clusterId: "c1", trigger: secret("INC-1"), status: "running", region: secret("cn-north-4") };
      const result = await provider.update(
        "addon@1",
        URN,
        olds,
        {
          clusterId: "c1",
          trigger: secret("INC-1"),
          region: "cn-north-4",
        },
        UP,
      );
      assert.deepEqual(impl.calls[0]!.args[1], {
        clusterId: "c1",
        trigger: "INC-1",
        status: "running",
        region: "cn-north-4",
      });
      assert.deepEqual(result.outs, {
        clusterId: "c1",
        trigger: secret("INC-1"),
        status: "running",
        region: "cn-north-4",
      });
    });

    it("delete: reveals the state", async () => {
      await provider.delete("addon@1", URN, { trigger: secret("INC-1") });
      assert.deepEqual(impl.calls[0]!.args, ["addon@1", { trigger: "INC-1" }]);
    });

    it("a partial create keeps id, reasons and properties (secret ones wrapped) for the engine to record", async () => {
      await provider.check(URN, {}, {}); // creates the implementation
      impl.answers.create = (props) =>
        Promise.reject(
          new RollbackInitError(
            "the rollback failed: ImagePullBackOff",
            "addon@1",
            { ...(props as Props), status: "rollbackFailed" },
            ["the rollback failed: ImagePullBackOff"],
            undefined,
          ),
        );
      await assert.rejects(
        provider.create(URN, news, UP),
        (err: Error & { id: string; properties: Props; reasons: string[] }) => {
          assert.equal(err.message, "the rollback failed: ImagePullBackOff");
          assert.equal(err.id, "addon@1");
          assert.deepEqual(err.reasons, ["the rollback failed: ImagePullBackOff"]);
          assert.deepEqual(err.properties, {
            clusterId: "c1",
            addonName: "coredns",
            trigger: secret({ incident: "INC-4211" }),
            region: secret("cn-north-4"),
            status: "rollbackFailed",
          });
          return true;
        },
      );
    });

    it("errors, check failures and progress lines hold no secret input", async () => {
      const hidden = "INC-secret-4211";
      await provider.check(URN, {}, {});
      impl.answers.check = () =>
        Promise.resolve({
          inputs: {},
          failures: [{ property: "trigger", reason: `bad ${hidden}; see cce-autopilot:region` }],
        });
      const checked = await provider.check(URN, {}, { trigger: secret(hidden) });
      assert.deepEqual(checked.failures, [{ property: "trigger", reason: "bad ***; see cce-autopilot:region" }]);

      impl.answers.create = () => Promise.reject(new Error(`No credentials (cce-autopilot:accessKey) for ${hidden}`));
      await assert.rejects(provider.create(URN, { trigger: secret(hidden) }, UP), (err: Error) => {
        assert.equal(err.message, "No credentials (cce-autopilot:accessKey) for ***");
        return true;
      });
      assert.ok(sent.length > 0);
      for (const line of sent) assert.ok(!line.message.includes(hidden), line.message);
    });
  });

  describe("progress lines", () => {
    it("go to the engine under the URN of the call, in order, all delivered before the call answers", async () => {
      sinkDelayMs = 5;
      await provider.check(URN, {}, {});
      impl.answers.create = async (props) => {
        const p = props as Props;
        for (let i = 1; i <= 5; i++) {
          impl["log"](`${String(p.trigger)} line ${i}`);
          await new Promise((r) => setTimeout(r, 1));
        }
        return { id: String(p.trigger), outs: p };
      };
      const [a, b] = await Promise.all([
        provider.create(URN, { trigger: "A" }, UP),
        provider.create(OTHER_URN, { trigger: "B" }, UP),
      ]);
      assert.equal(a.id, "A");
      assert.equal(b.id, "B");
      const of = (urn: string) => sent.filter((l) => l.urn === urn).map((l) => l.message);
      const lines = (x: string) => [`rolling back for "${x}"`, ...[1, 2, 3, 4, 5].map((i) => `${x} line ${i}`)];
      assert.deepEqual(of(URN), lines("A"));
      assert.deepEqual(of(OTHER_URN), lines("B"));
      assert.ok(sent.every((l) => l.severity === "info"));
    });

    it("are delivered before a failing call answers too", async () => {
      sinkDelayMs = 10;
      await provider.check(URN, {}, {});
      impl.answers.create = () => {
        impl["log"]("about to fail");
        return Promise.reject(new Error("failed"));
      };
      await assert.rejects(provider.create(URN, {}, UP), /failed/);
      assert.deepEqual(
        sent.map((l) => l.message),
        ["rolling back for undefined", "about to fail"],
      );
    });
  });
});

describe("native provider over the real implementation (pluginImplementation)", () => {
  const make = (env: Record<string, string | undefined>) => {
    const sent: { message: string; urn: string | undefined; severity: string }[] = [];
    const log = new CallLog((line) => Promise.resolve(void sent.push(line)));
    const provider = new NativeRollbackProvider({
      version: "0.0.0",
      log,
      schema: () => "{}",
      inputNames: () => INPUT_NAMES,
      observedNames: () => OBSERVED_OUTPUTS,
      checkSettings: (settings) => checkProviderConfig(settings, {}),
      changedSettings,
      implementation: () => pluginImplementation(log, env, parsePluginConfig(env.PULUMI_CONFIG)),
    });
    return { provider, sent };
  };
  const news = { clusterId: "c0ffee00-0000-0000-0000-000000000001", addonName: "coredns" };

  it("check reads the plugin's config keys and names them in its failures", async () => {
    const { provider } = make({ PULUMI_CONFIG: JSON.stringify({ endpoint: "http://cce.example.com" }) });
    const result = await provider.check(URN, {}, news);
    assert.equal(result.failures?.length, 1);
    assert.equal(result.failures?.[0]?.property, "endpoint");
    assert.match(result.failures?.[0]?.reason ?? "", /^endpoint from cce-autopilot:endpoint must use https:\/\//);
  });

  it("check passes without credentials (a preview must work where no secret is available) and applies defaults", async () => {
    const { provider } = make({ PULUMI_CONFIG: JSON.stringify({ region: "cn-north-4" }) });
    const result = await provider.check(URN, {}, { ...news, trigger: secret("INC-4211") });
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.inputs, { ...news, trigger: secret("INC-4211"), timeoutSeconds: 1800 });
  });

  it("warns once about config keys the plugin does not know, under the resource of the first call", async () => {
    const { provider, sent } = make({ PULUMI_CONFIG: JSON.stringify({ acessKey: "typo", region: "cn-north-4" }) });
    await provider.check(URN, {}, news);
    await provider.check(URN, {}, news);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.severity, "warning");
    assert.equal(sent[0]?.urn, URN);
    assert.match(sent[0]?.message ?? "", /^cce-autopilot:acessKey: not a setting of the cce-autopilot plugin, ignored/);
  });

  it("a PULUMI_CONFIG that is not JSON fails every resource call with what is wrong", async () => {
    const { provider } = make({ PULUMI_CONFIG: "not json" });
    await assert.rejects(provider.check(URN, {}, news), /PULUMI_CONFIG is not JSON/);
  });

  it("update: an output whose input was secret only in the old state stays secret (addonName before, addonId now)", async () => {
    // The rollback was declared with a secret addonName; the program now names the add-on by addonId. The real
    // implementation keeps the recorded addonName (the add-on's name is part of the rollback's record): that
    // output must stay wrapped, though no new input makes it secret.
    const { provider } = make({ PULUMI_CONFIG: JSON.stringify({ region: "cn-north-4" }) });
    const recorded = {
      clusterId: news.clusterId,
      addonId: "7a8b9c0d-coredns",
      timeoutSeconds: 1800,
      fromVersion: "1.28.6",
      toVersion: "1.28.4",
      status: "running",
      currentVersion: "1.28.4",
      outcome: "rolled-back",
      startedAt: "2025-01-01T00:00:00.000Z",
      finishedAt: "2025-01-01T00:01:00.000Z",
      schemaVersion: 1,
    };
    const olds = { ...recorded, addonName: secret("coredns") };
    const byId = { clusterId: news.clusterId, addonId: "7a8b9c0d-coredns", timeoutSeconds: 600 };

    const result = await provider.update("7a8b9c0d-coredns@20250101T000000Z", URN, olds, byId, UP);
    const outs = result.outs as Props | undefined;

    assert.deepEqual(outs?.["addonName"], secret("coredns"), "the recorded addonName is still a secret");
    assert.deepEqual(outs, { ...recorded, addonName: secret("coredns"), timeoutSeconds: 600 });
  });

  it("create without credentials fails naming the plugin's config keys, before any request", async () => {
    const { provider } = make({ PULUMI_CONFIG: JSON.stringify({ region: "cn-north-4" }) });
    await assert.rejects(provider.create(URN, { ...news, timeoutSeconds: 10 }, UP), (err: Error) => {
      assert.match(err.message, /No Huawei Cloud credentials found/);
      assert.match(
        err.message,
        /pulumi config set cce-autopilot:accessKey <AK> && pulumi config set --secret cce-autopilot:secretKey/,
      );
      assert.ok(!err.message.includes("huaweicloud:"), err.message);
      return true;
    });
  });
});

describe(pluginImplementation.name, () => {
  const make = (unknownKeys: string[]) => {
    const warnings: string[] = [];
    const log = { warn: (line: string) => warnings.push(line), info: () => undefined } as unknown as CallLog;
    const lookup = (key: string) => ({ "cce-autopilot:region": "cn-north-4" })[key];
    const implementation = pluginImplementation(log, {}, { lookup, unknownKeys });
    return { implementation, warnings };
  };

  it("no unknown config key: no warning", () => {
    assert.deepEqual(make([]).warnings, []);
  });

  // [unknown keys, the warning]
  const cases: [string[], string][] = [
    [
      ["acessKey"],
      "cce-autopilot:acessKey: not a setting of the cce-autopilot plugin, ignored (it reads cce-autopilot:accessKey, " +
        "secretKey, securityToken, token, region, projectId, endpoint and maxRequestsPerSecond)",
    ],
    [
      ["acessKey", "regoin"],
      "cce-autopilot:acessKey, cce-autopilot:regoin: not a setting of the cce-autopilot plugin, ignored (it reads " +
        "cce-autopilot:accessKey, secretKey, securityToken, token, region, projectId, endpoint and maxRequestsPerSecond)",
    ],
  ];
  for (const [unknownKeys, warning] of cases) {
    it(`unknown config keys ${unknownKeys.join(", ")}: one warning naming them and every setting`, () => {
      assert.deepEqual(make(unknownKeys).warnings, [warning]);
    });
  }

  it("sends the implementation's progress lines to the engine log as info", async () => {
    const emulator = await startEmulator({ seed: [{ ...DEFAULT_SEED }] });
    try {
      const config: Record<string, string> = {
        "cce-autopilot:endpoint": emulator.url,
        "cce-autopilot:accessKey": TEST_CREDENTIALS.accessKey,
        "cce-autopilot:secretKey": TEST_CREDENTIALS.secretKey,
        "cce-autopilot:projectId": TEST_CREDENTIALS.projectId,
      };
      const info: string[] = [];
      const log = { warn: () => undefined, info: (line: string) => info.push(line) } as unknown as CallLog;
      const implementation = pluginImplementation(
        log,
        {},
        {
          lookup: (key: string) => config[key],
          unknownKeys: [],
        },
      );
      const gone = { clusterId: DEFAULT_SEED.clusterId, addonId: "7a8b9c0d-gone", timeoutSeconds: 1800 };
      const result = await implementation.read("7a8b9c0d-gone@20250101T000000Z", gone);
      assert.equal(result.props.status, "notFound");
      assert.deepEqual(info, [
        `CCE Autopilot add-on 7a8b9c0d-gone in cluster ${DEFAULT_SEED.clusterId}: no longer exists; the rollback record is kept`,
      ]);
      // The plugin process just exits; a test closes the pooled connection to the emulator itself.
      await (implementation as unknown as { close(): Promise<void> }).close();
    } finally {
      await emulator.close();
    }
  });
});
