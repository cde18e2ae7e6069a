import type { FleetAddon } from "../../../provider/addon/fleet";
import { parseFleetArgs } from "../../../provider/addon/fleet-args";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { DYNAMIC_DOOR, PLUGIN_DOOR } from "../../../provider/connection/front-doors";
import { SETTING_NAMES, describeSetting } from "../../../provider/connection/settings";
import {
  DEFAULT_TIMEOUT_SECONDS,
  INPUT_NAMES,
  OBSERVED_OUTPUTS,
  RESOURCE_DESCRIPTION,
  inputDescription,
  outputDescription,
} from "../../../provider/rollback/properties";
import {
  EXAMPLE_LANGUAGES,
  type ExampleLanguage,
  getAddonInstanceExample,
  listAddonInstancesExample,
  rollbackExample,
  sdkReadme,
} from "../../../provider/native/examples";
import { RESOURCE_TOKEN } from "../../../provider/native/names";
import { PROJECT_PLUGIN_DOWNLOAD_URL, type Release, checkoutRelease } from "../../../provider/native/release";
import { LANGUAGE, buildSchema, schemaText } from "../../../provider/native/schema";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const RELEASE: Release = { version: "1.2.3", pluginDownloadURL: "https://mirror.example.com/cce-autopilot" };

interface Property {
  type?: string;
  $ref?: string;
  description?: string;
  default?: unknown;
  secret?: boolean;
}
interface Resource {
  description: string;
  properties: Record<string, Property>;
  inputProperties: Record<string, Property>;
  required: string[];
  requiredInputs: string[];
}
interface Schema {
  name: string;
  version: string;
  config: { variables: Record<string, Property> };
  resources: Record<string, Resource>;
  language: { go: { importBasePath: string }; nodejs: { packageName: string }; python: { packageName: string } };
}

const schema = buildSchema(RELEASE) as unknown as Schema;
const resource = schema.resources[RESOURCE_TOKEN]!;

/**
 * The documentation comments of the TypeScript resource (sdk/addon-version-rollback.ts), by declaration
 * (`Args.clusterId`, `Class.status`, `Class`): what an editor shows on hover.
 */
function sdkDocs(): Map<string, string> {
  const file = path.join(repoRoot, "sdk", "addon-version-rollback.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const docs = new Map<string, string>();
  const docOf = (node: ts.Node) =>
    ts
      .getJSDocCommentsAndTags(node)
      .filter(ts.isJSDoc)
      .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "AddonVersionRollbackArgs") {
      for (const m of node.members) if (m.name && ts.isIdentifier(m.name)) docs.set(`Args.${m.name.text}`, docOf(m));
    }
    if (ts.isClassDeclaration(node) && node.name?.text === "AddonVersionRollback") {
      docs.set("Class", docOf(node));
      for (const m of node.members) {
        if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name)) docs.set(`Class.${m.name.text}`, docOf(m));
      }
    }
  });
  return docs;
}

/** The part of a function's inputs or outputs the test reads. */
type Schemaish = { properties: Record<string, { type?: string }>; required: string[] };

/** Each setting as the schema declares it (a config variable, a provider input): secret only for credentials. */
function settingSpecs() {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => {
      const secret = ["accessKey", "secretKey", "securityToken", "token"].includes(name);
      return [name, { type: "string", description: describeSetting(name), ...(secret ? { secret: true } : {}) }];
    }),
  );
}

describe("native plugin schema", () => {
  it("describes every input (INPUT_NAMES), with its type", () => {
    assert.deepEqual(Object.keys(resource.inputProperties), [...INPUT_NAMES]);
    for (const name of INPUT_NAMES) {
      const property = resource.inputProperties[name];
      assert.ok(property?.description && property.description.length > 20, `input ${name} has a description`);
      assert.ok(property.type ?? property.$ref, `input ${name} has a type`);
    }
    assert.deepEqual(resource.requiredInputs, ["clusterId"]);
  });

  it("describes every output: each input, and each observation (OBSERVED_OUTPUTS)", () => {
    for (const name of [...INPUT_NAMES, ...OBSERVED_OUTPUTS]) {
      const property = resource.properties[name];
      assert.ok(property?.description && property.description.length > 20, `output ${name} has a description`);
    }
    assert.deepEqual(new Set(Object.keys(resource.properties)), new Set([...INPUT_NAMES, ...OBSERVED_OUTPUTS]));
    for (const name of resource.required) assert.ok(resource.properties[name], `required output ${name} exists`);
    for (const name of OBSERVED_OUTPUTS) {
      // finishedAt is absent from the record of a rollback that did not finish (timed out, cancelled), startedAt
      // from an imported one.
      assert.equal(
        resource.required.includes(name),
        !["finishedAt", "startedAt"].includes(name),
        `${name} is always an output`,
      );
    }
  });

  it("types trigger as any JSON value, timeoutSeconds as an integer with the dynamic resource's default", () => {
    assert.equal(resource.inputProperties.trigger?.$ref, "pulumi.json#/Any");
    assert.equal(resource.properties.trigger?.$ref, "pulumi.json#/Any");
    assert.deepEqual(
      {
        type: resource.inputProperties.timeoutSeconds?.type,
        default: resource.inputProperties.timeoutSeconds?.default,
      },
      { type: "integer", default: DEFAULT_TIMEOUT_SECONDS },
    );
    assert.equal(resource.properties.timeoutSeconds?.default, undefined, "an output has no default");
    assert.equal(resource.inputProperties.acceptPartiallyReady?.type, "boolean");
    for (const name of INPUT_NAMES.filter((n) => !["trigger", "timeoutSeconds", "acceptPartiallyReady"].includes(n))) {
      assert.equal(resource.inputProperties[name]?.type, "string", name);
    }
  });

  it("names the package, its version and the SDK packages of the issue", () => {
    assert.equal(schema.name, "cce-autopilot");
    assert.equal(schema.version, "1.2.3");
    assert.equal(RESOURCE_TOKEN, "cce-autopilot:index:AddonVersionRollback");
    assert.equal(
      schema.language.go.importBasePath,
      "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot",
    );
    assert.equal(schema.language.python.packageName, "pulumi_cce_autopilot");
    assert.equal(schema.language.nodejs.packageName, "@pulumi-cce-addon-rollback/cce-autopilot");
  });

  it("declares the config keys, the credentials as secrets", () => {
    assert.deepEqual(Object.keys(schema.config.variables), [...SETTING_NAMES]);
    const secret = Object.entries(schema.config.variables)
      .filter(([, v]) => v.secret)
      .map(([k]) => k);
    assert.deepEqual(secret, ["accessKey", "secretKey", "securityToken", "token"]);
    for (const [key, v] of Object.entries(schema.config.variables)) {
      assert.equal(v.type, "string", key);
      assert.ok(v.description, key);
    }
  });

  it("names the plugin's own config keys, not the dynamic provider's huaweicloud:* keys", () => {
    const text = schemaText(RELEASE);
    assert.ok(!text.includes("huaweicloud:"), "no huaweicloud: config key in the schema");
    assert.match(resource.inputProperties.region!.description!, /`cce-autopilot:region`/);
    assert.match(resource.inputProperties.endpoint!.description!, /Default: `cce-autopilot:endpoint`, else/);
    assert.deepEqual(JSON.parse(text), buildSchema(RELEASE));
  });

  it("states the package's own fields word for word", () => {
    const own = Object.entries(buildSchema(RELEASE)).filter(
      ([k]) => !["config", "resources", "language", "functions", "types"].includes(k),
    );
    assert.deepEqual(Object.fromEntries(own), {
      name: "cce-autopilot",
      displayName: "CCE Autopilot add-on rollback",
      publisher: "pulumi-cce-addon-rollback",
      version: "1.2.3",
      pluginDownloadURL: "https://mirror.example.com/cce-autopilot",
      description:
        "Roll back a Huawei Cloud CCE Autopilot add-on to its previous version, and wait until the rollback has " +
        "really finished.",
      keywords: ["pulumi", "huaweicloud", "cce", "autopilot", "addon", "rollback", "category/cloud", "kind/native"],
      license: "Apache-2.0",
      repository: "https://github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback",
      homepage: "https://github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback",
      meta: { moduleFormat: "(.*)" },
      provider: {
        description:
          "The cce-autopilot provider: the credentials, region, project and endpoint its resources and functions " +
          "use. The default provider reads them from the `cce-autopilot:*` stack config; an explicit provider takes " +
          "them as arguments (one per account, region or endpoint). What neither gives comes from the `HW_*`, then " +
          "`HUAWEICLOUD_SDK_*`, then `CLOUD_SDK_*` environment variables. Changing them replaces nothing and rolls " +
          "nothing back.",
        inputProperties: settingSpecs(),
      },
    });
    assert.equal(
      (buildSchema({ ...RELEASE, version: "0.9.0-alpha.1" }) as { version: string }).version,
      "0.9.0-alpha.1",
    );
  });

  it("sends the engine to the project's GitHub releases unless packed for a mirror", () => {
    // The engine's github:// source: the asset of release v<version> in <owner>/<repository>.
    assert.equal(
      PROJECT_PLUGIN_DOWNLOAD_URL,
      "github://api.github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback",
    );
    const release = checkoutRelease(repoRoot);
    assert.equal(release.pluginDownloadURL, PROJECT_PLUGIN_DOWNLOAD_URL);
    assert.equal(
      release.version,
      (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version,
    );
    assert.equal(
      checkoutRelease(repoRoot, "https://mirror.example.com/x").pluginDownloadURL,
      "https://mirror.example.com/x",
    );
  });

  it("declares getAddonInstance with the TypeScript helper's arguments and the add-on's fields", () => {
    const fn = (schema as unknown as { functions: Record<string, { inputs: Schemaish; outputs: Schemaish }> })
      .functions["cce-autopilot:index:getAddonInstance"]!;
    assert.deepEqual(Object.keys(fn.inputs.properties), [
      "clusterId",
      "addonId",
      "addonName",
      "region",
      "endpoint",
      "projectId",
      "timeoutSeconds",
    ]);
    assert.deepEqual(fn.inputs.required, ["clusterId"]);
    assert.equal(fn.inputs.properties.timeoutSeconds?.type, "number");
    assert.equal(fn.outputs.properties.isRollbackable?.type, "boolean");
    assert.ok(!fn.outputs.required.includes("previousVersion"), "previousVersion may be absent");
    assert.ok(!fn.outputs.required.includes("updatedAt"), "updatedAt may be absent");
    assert.equal(fn.outputs.required.length, Object.keys(fn.outputs.properties).length - 2);
  });

  it("declares listAddonInstances with the TypeScript function's arguments and a typed list of what it found", () => {
    const full = schema as unknown as {
      functions: Record<string, { inputs: Schemaish; outputs: Schemaish }>;
      types: Record<string, Schemaish & { type: string }>;
    };
    const fn = full.functions["cce-autopilot:index:listAddonInstances"]!;
    const args = parseFleetArgs({ addonName: "coredns", clusterIds: ["c"], versions: ["1"], statuses: ["running"] });
    assert.deepEqual(
      Object.keys(fn.inputs.properties).sort(),
      [...Object.keys(args.query), "region", "endpoint", "projectId", "timeoutSeconds"].sort(),
    );
    assert.deepEqual(fn.inputs.required, ["addonName"]);
    assert.deepEqual(fn.outputs.required, ["instances", "clustersRead", "skippedClusters"]);
    const found = full.types["cce-autopilot:index:FoundAddonInstance"]!;
    const example: Required<FleetAddon> = {
      clusterId: "c",
      clusterName: "n",
      addonId: "a",
      addonName: "coredns",
      status: "running",
      currentVersion: "1.28.6",
      previousVersion: "1.28.4",
      isRollbackable: true,
    };
    assert.deepEqual(Object.keys(found.properties).sort(), Object.keys(example).sort());
    assert.ok(!found.required.includes("previousVersion"), "previousVersion may be absent");
    assert.equal(found.required.length, Object.keys(found.properties).length - 1);
  });

  it("every argument and result of the functions, and of what listAddonInstances finds, is typed and described", () => {
    type Spec = { type?: string; $ref?: string; items?: unknown; description?: string };
    const all = schema as unknown as {
      functions: Record<
        string,
        {
          description: string;
          inputs: { properties: Record<string, Spec> };
          outputs: { properties: Record<string, Spec> };
        }
      >;
      types: Record<string, { description: string; properties: Record<string, Spec> }>;
    };
    const described = Object.entries(all.functions).flatMap(([token, fn]) => [
      ...Object.entries(fn.inputs.properties).map(([name, spec]) => [`${token} ${name}`, spec] as const),
      ...Object.entries(fn.outputs.properties).map(([name, spec]) => [`${token} result ${name}`, spec] as const),
    ]);
    for (const [token, type] of Object.entries(all.types)) {
      assert.match(type.description, /^An add-on instance in one cluster/, token);
      described.push(...Object.entries(type.properties).map(([name, spec]) => [`${token} ${name}`, spec] as const));
    }
    assert.ok(described.length >= 30, `${described.length} properties`);
    for (const [name, spec] of described) {
      assert.ok(["string", "number", "integer", "boolean", "array"].includes(spec.type ?? ""), `${name}: ${spec.type}`);
      if (spec.type === "array") assert.ok(spec.items, `${name}: items`);
      assert.match(spec.description ?? "", /^\S.{8,}[.)]$/s, `${name}: ${spec.description}`);
    }
  });

  const functionExamples: [token: string, title: string, examples: (v: string) => Record<ExampleLanguage, string>][] = [
    ["cce-autopilot:index:getAddonInstance", "Read coredns before rolling it back", getAddonInstanceExample],
    [
      "cce-autopilot:index:listAddonInstances",
      "Find the clusters where coredns runs 1.28.6",
      listAddonInstancesExample,
    ],
  ];
  for (const [token, title, examples] of functionExamples) {
    it(`${token}'s description ends in its example in each language the code generators render`, () => {
      const fn = (schema as unknown as { functions: Record<string, { description: string }> }).functions[token]!;
      const [words, section = ""] = fn.description.split("\n\n{{% examples %}}\n");
      assert.match(words!, /^(Reads|Finds) an add-on/);
      assert.ok(section.startsWith(`## Example Usage\n{{% example %}}\n### ${title}\n`), section);
      for (const language of EXAMPLE_LANGUAGES) {
        assert.ok(section.includes(`\`\`\`${language}\n${examples(RELEASE.version)[language]}\`\`\``), language);
      }
      assert.match(section, new RegExp(`\n {8}version: ${RELEASE.version.replace(/\./g, "\\.")}\n`), "YAML");
    });
  }

  it("declares each config variable as a string with the setting's description, secret only for credentials", () => {
    assert.deepEqual(schema.config, { variables: settingSpecs() });
    assert.equal(schema.config.variables.region?.secret, undefined, "no secret: false on a plain setting");
  });

  describe("the resource, property by property", () => {
    // [name, the schema's type, an input default]
    const inputs: [string, Pick<Property, "type" | "$ref">, number | undefined][] = [
      ["clusterId", { type: "string" }, undefined],
      ["addonId", { type: "string" }, undefined],
      ["addonName", { type: "string" }, undefined],
      ["trigger", { $ref: "pulumi.json#/Any" }, undefined],
      ["region", { type: "string" }, undefined],
      ["endpoint", { type: "string" }, undefined],
      ["projectId", { type: "string" }, undefined],
      ["timeoutSeconds", { type: "integer" }, 1800],
      ["acceptPartiallyReady", { type: "boolean" }, undefined],
      ["expectCurrentVersion", { type: "string" }, undefined],
      ["expectTargetVersion", { type: "string" }, undefined],
    ];

    it("the input table covers every input, in order", () =>
      assert.deepEqual(
        inputs.map(([name]) => name),
        [...INPUT_NAMES],
      ));

    for (const [name, type, fallback] of inputs) {
      it(`input ${name}: its type, the plugin's description${fallback === undefined ? "" : ", its default"}`, () => {
        const input = INPUT_NAMES.find((n) => n === name)!;
        assert.deepEqual(resource.inputProperties[name], {
          ...type,
          description: inputDescription(input, PLUGIN_DOOR),
          ...(fallback === undefined ? {} : { default: fallback }),
        });
      });
      it(`output ${name}: the same type, the output's description, no default`, () => {
        const input = INPUT_NAMES.find((n) => n === name)!;
        assert.deepEqual(resource.properties[name], { ...type, description: outputDescription(input, PLUGIN_DOOR) });
      });
    }

    for (const name of OBSERVED_OUTPUTS.filter((n) => !(INPUT_NAMES as readonly string[]).includes(n))) {
      it(`observed output ${name}: a string with its description`, () =>
        assert.deepEqual(resource.properties[name], {
          type: "string",
          description: outputDescription(name, PLUGIN_DOOR),
        }));
    }

    it("the description, the output order, and which outputs and inputs are required", () => {
      // The TypeScript resource's words, then an example in each language the code generators render.
      const [words, examples = ""] = resource.description.split("\n\n{{% examples %}}\n");
      assert.equal(words, RESOURCE_DESCRIPTION);
      assert.ok(examples.endsWith("{{% /example %}}\n{{% /examples %}}"), resource.description);
      for (const language of EXAMPLE_LANGUAGES) {
        assert.ok(
          examples.includes(`\`\`\`${language}\n${rollbackExample(RELEASE.version)[language]}\`\`\``),
          language,
        );
      }
      assert.match(
        examples,
        new RegExp(`\\n {6}version: ${RELEASE.version.replace(/\./g, "\\.")} #`),
        "YAML names the version",
      );
      assert.deepEqual(Object.keys(resource.properties), [
        ...INPUT_NAMES,
        "fromVersion",
        "toVersion",
        "status",
        "currentVersion",
        "startedAt",
        "finishedAt",
        "outcome",
      ]);
      assert.deepEqual(resource.required, [
        "clusterId",
        "addonId",
        "addonName",
        "timeoutSeconds",
        "fromVersion",
        "toVersion",
        "status",
        "currentVersion",
        "outcome",
      ]);
      assert.deepEqual(resource.requiredInputs, ["clusterId"]);
      assert.deepEqual(Object.keys(schema.resources), [RESOURCE_TOKEN]);
    });

    it("addonName, both an input and an observation, is described once, as the output it records", () =>
      assert.equal(
        resource.properties.addonName?.description,
        'The add-on\'s name: the one it was addressed by, or its own name (e.g. "coredns") when addressed by ID.',
      ));
  });

  it("the language sections: where each SDK lives, its version, and the Pulumi SDK it needs", () => {
    assert.deepEqual(buildSchema(RELEASE).language, {
      csharp: { respectSchemaVersion: true },
      go: {
        importBasePath: "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot",
        respectSchemaVersion: true,
      },
      nodejs: {
        packageName: "@pulumi-cce-addon-rollback/cce-autopilot",
        respectSchemaVersion: true,
        dependencies: { "@pulumi/pulumi": "^3.141.0" },
        typescriptVersion: "~5.9.3",
        readme: sdkReadme(
          "typescript",
          RELEASE.version,
          "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback",
        ),
      },
      python: {
        packageName: "pulumi_cce_autopilot",
        respectSchemaVersion: true,
        requires: { pulumi: ">=3.165.0,<4.0.0" },
        readme: sdkReadme("python", RELEASE.version, "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback"),
      },
      java: { basePackage: "io.github.pulumicceaddonrollback" },
    });
    assert.deepEqual(LANGUAGE.csharp, { respectSchemaVersion: true });
    assert.deepEqual(LANGUAGE.go, {
      importBasePath: "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot",
      respectSchemaVersion: true,
    });
    assert.deepEqual(LANGUAGE.nodejs, {
      packageName: "@pulumi-cce-addon-rollback/cce-autopilot",
      respectSchemaVersion: true,
    });
    assert.deepEqual(LANGUAGE.python, { packageName: "pulumi_cce_autopilot", respectSchemaVersion: true });
    assert.deepEqual(LANGUAGE.java, { basePackage: "io.github.pulumicceaddonrollback" });
  });

  it("the text is the schema as JSON, indented by two spaces", () => {
    const text = schemaText(RELEASE);
    assert.equal(text, JSON.stringify(buildSchema(RELEASE), null, 2));
    assert.ok(text.startsWith('{\n  "name": "cce-autopilot",\n  "displayName"'), text.slice(0, 60));
  });

  describe("one set of descriptions: the TypeScript resource documents the same words, for its own config keys", () => {
    const docs = sdkDocs();
    it("the resource", () => assert.equal(docs.get("Class"), RESOURCE_DESCRIPTION));
    for (const name of INPUT_NAMES) {
      it(`input ${name}`, () => assert.equal(docs.get(`Args.${name}`), inputDescription(name, DYNAMIC_DOOR)));
    }
    for (const name of [...INPUT_NAMES, ...OBSERVED_OUTPUTS]) {
      it(`output ${name}`, () => assert.equal(docs.get(`Class.${name}`), outputDescription(name, DYNAMIC_DOOR)));
    }
  });
});
