import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { DYNAMIC_DOOR } from "../../../provider/connection/front-doors";
import { SETTING_NAMES } from "../../../provider/connection/settings";
import {
  DEFAULT_TIMEOUT_SECONDS,
  INPUT_NAMES,
  OBSERVED_OUTPUTS,
  RESOURCE_DESCRIPTION,
  inputDescription,
  outputDescription,
} from "../../../provider/rollback/properties";
import { RESOURCE_TOKEN } from "../../../provider/native/names";
import { buildSchema, schemaText } from "../../../provider/native/schema";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");

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

const schema = buildSchema("1.2.3") as unknown as Schema;
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
      // finishedAt is absent from the record of a rollback that did not finish (timed out, cancelled).
      assert.equal(resource.required.includes(name), name !== "finishedAt", `${name} is always an output`);
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
    const text = schemaText("1.2.3");
    assert.ok(!text.includes("huaweicloud:"), "no huaweicloud: config key in the schema");
    assert.match(resource.inputProperties.region!.description!, /`cce-autopilot:region`/);
    assert.match(resource.inputProperties.endpoint!.description!, /Default: `cce-autopilot:endpoint`, else/);
    assert.deepEqual(JSON.parse(text), buildSchema("1.2.3"));
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
