/**
 * The Pulumi package schema of the plugin: one resource, AddonVersionRollback, with the inputs, outputs, defaults
 * and descriptions of the TypeScript resource, and the plugin's configuration keys. Languages other than
 * TypeScript use it: YAML directly, Go/Python/.NET/Node.js through SDKs generated from it.
 * Reference: the schema format, pulumi/pulumi pkg/codegen/schema/pulumi.json.
 */
import { DEFAULT_TIMEOUT_SECONDS, INPUT_NAMES, type RollbackInputs } from "../rollback/inputs";
import { OBSERVED_OUTPUTS } from "../rollback/outputs";
import { withPluginConfigNames } from "./config";
import {
  CONFIG_DESCRIPTIONS,
  INPUT_DESCRIPTIONS,
  RESOURCE_DESCRIPTION,
  SECRET_CONFIG_KEYS,
  outputDescription,
} from "./descriptions";
import { PACKAGE_NAME, RESOURCE_TOKEN } from "./names";

/** A property of the schema (the subset used here). */
export interface PropertySpec {
  type?: "string" | "integer" | "number" | "boolean";
  $ref?: string;
  description: string;
  default?: unknown;
  secret?: boolean;
}

/** How each input is typed. `trigger` is any JSON value. */
const INPUT_TYPES: Record<keyof RollbackInputs, Omit<PropertySpec, "description">> = {
  clusterId: { type: "string" },
  addonId: { type: "string" },
  addonName: { type: "string" },
  trigger: { $ref: "pulumi.json#/Any" },
  region: { type: "string" },
  endpoint: { type: "string" },
  projectId: { type: "string" },
  timeoutSeconds: { type: "integer", default: DEFAULT_TIMEOUT_SECONDS },
  expectCurrentVersion: { type: "string" },
  expectTargetVersion: { type: "string" },
};

/** Inputs that are always in the outputs: required, or defaulted, or found when the rollback runs. */
const ALWAYS_OUTPUT: readonly (keyof RollbackInputs)[] = ["clusterId", "addonId", "addonName", "timeoutSeconds"];

function withoutDefault(spec: Omit<PropertySpec, "description">): Omit<PropertySpec, "description"> {
  const copy = { ...spec };
  delete copy.default;
  return copy;
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
  // Descriptions speak of `huaweicloud:*` stack config, what the dynamic provider reads; a plugin reads its own keys.
  const describe = withPluginConfigNames;
  const inputProperties = Object.fromEntries(
    INPUT_NAMES.map((name) => [name, { ...INPUT_TYPES[name], description: describe(INPUT_DESCRIPTIONS[name]) }]),
  );
  const observed = OBSERVED_OUTPUTS.filter((name) => !(INPUT_NAMES as readonly string[]).includes(name));
  const outputs: [string, PropertySpec][] = [
    // An output has no default: it is what was recorded.
    ...INPUT_NAMES.map((name): [string, PropertySpec] => [
      name,
      { ...withoutDefault(INPUT_TYPES[name]), description: describe(outputDescription(name)) },
    ]),
    ...observed.map((name): [string, PropertySpec] => [
      name,
      { type: "string", description: describe(outputDescription(name)) },
    ]),
  ];
  const properties = Object.fromEntries(outputs);
  const variables = Object.fromEntries(
    Object.entries(CONFIG_DESCRIPTIONS).map(([name, description]) => [
      name,
      {
        type: "string",
        description,
        ...((SECRET_CONFIG_KEYS as readonly string[]).includes(name) ? { secret: true } : {}),
      },
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
        description: describe(RESOURCE_DESCRIPTION),
        properties,
        required: [...ALWAYS_OUTPUT, ...observed],
        inputProperties,
        requiredInputs: ["clusterId"],
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
