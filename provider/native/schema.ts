/**
 * The Pulumi package schema of the plugin: one resource, AddonVersionRollback, with the inputs, outputs, defaults
 * and descriptions of the TypeScript resource, and the plugin's configuration keys. Languages other than
 * TypeScript use it: YAML directly, Go/Python/.NET/Node.js through SDKs generated from it.
 * Reference: the schema format, pulumi/pulumi pkg/codegen/schema/pulumi.json.
 */
import { PLUGIN_DOOR } from "../connection/front-doors";
import { SETTINGS, SETTING_NAMES, describeSetting } from "../connection/settings";
import {
  INPUTS,
  INPUT_NAMES,
  type InputRow,
  OBSERVED_OUTPUTS,
  alwaysObserved,
  type PropertyType,
  RESOURCE_DESCRIPTION,
  inputDescription,
  inputsWhere,
  outputDescription,
} from "../rollback/properties";
import { PACKAGE_NAME, RESOURCE_TOKEN } from "./names";

/** A property of the schema (the subset used here). */
export interface PropertySpec {
  type?: "string" | "integer" | "number" | "boolean";
  $ref?: string;
  description: string;
  default?: unknown;
  secret?: boolean;
}

/** How the schema types a property. `any` is any JSON value. */
function typeSpec(type: PropertyType): Pick<PropertySpec, "type" | "$ref"> {
  return type === "any" ? { $ref: "pulumi.json#/Any" } : { type };
}

/** Where the generated SDKs live and what they are called. */
// respectSchemaVersion: the generated SDKs carry the schema's version (the package's), not "0.0.0", so that a
// program's SDK and the plugin it asks the engine for agree.
export const LANGUAGE = {
  go: {
    importBasePath: "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot",
    respectSchemaVersion: true,
  },
  nodejs: { packageName: "@pulumi-cce-addon-rollback/cce-autopilot" },
  python: { packageName: "pulumi_cce_autopilot", respectSchemaVersion: true },
} as const;

/** The schema as a JSON-ready object, for the given plugin version. */
export function buildSchema(version: string): Record<string, unknown> {
  const door = PLUGIN_DOOR;
  const inputProperties = Object.fromEntries(
    INPUT_NAMES.map((name) => {
      const row: InputRow = INPUTS[name];
      const spec: PropertySpec = { ...typeSpec(row.type), description: inputDescription(name, door) };
      if (row.default !== undefined) spec.default = row.default;
      return [name, spec];
    }),
  );
  const observed = OBSERVED_OUTPUTS.filter((name) => !(INPUT_NAMES as readonly string[]).includes(name));
  // An output has no default: it is what was recorded.
  const outputs = [
    ...INPUT_NAMES.map((name): [string, PropertySpec] => [
      name,
      { ...typeSpec(INPUTS[name].type), description: outputDescription(name, door) },
    ]),
    ...observed.map((name): [string, PropertySpec] => [
      name,
      { type: "string", description: outputDescription(name, door) },
    ]),
  ];
  const properties = Object.fromEntries(outputs);
  const variables = Object.fromEntries(
    SETTING_NAMES.map((name) => [
      name,
      { type: "string", description: describeSetting(name), ...(SETTINGS[name].secret ? { secret: true } : {}) },
    ]),
  );
  return {
    name: PACKAGE_NAME,
    displayName: "CCE Autopilot add-on rollback",
    version,
    description:
      "Roll back a Huawei Cloud CCE Autopilot add-on to its previous version, and wait until the rollback has " +
      "really finished.",
    keywords: ["pulumi", "huaweicloud", "cce", "autopilot", "addon", "rollback", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback",
    meta: { moduleFormat: "(.*)" },
    config: { variables },
    provider: {
      description:
        `The ${PACKAGE_NAME} provider. It takes no arguments: credentials, region, project and endpoint come from ` +
        `the \`${PACKAGE_NAME}:*\` stack config or the \`HW_*\` environment variables (an explicit provider ` +
        "instance reads them too).",
    },
    resources: {
      [RESOURCE_TOKEN]: {
        description: RESOURCE_DESCRIPTION,
        properties,
        required: [...inputsWhere("alwaysOutput"), ...observed.filter((name) => alwaysObserved().includes(name))],
        inputProperties,
        requiredInputs: inputsWhere("required"),
      },
    },
    language: {
      go: { ...LANGUAGE.go },
      nodejs: { ...LANGUAGE.nodejs, dependencies: { "@pulumi/pulumi": "^3.139.0" } },
      python: { ...LANGUAGE.python, requires: { pulumi: ">=3.139.0,<4.0.0" } },
    },
  };
}

/** The schema as the text the engine asks for (GetSchema) and `pulumi package get-schema` prints. */
export function schemaText(version: string): string {
  return JSON.stringify(buildSchema(version), null, 2);
}
