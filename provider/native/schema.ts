/**
 * The Pulumi package schema of the plugin: one resource, AddonVersionRollback, with the inputs, outputs, defaults
 * and descriptions of the TypeScript resource, and the plugin's configuration keys. Languages other than
 * TypeScript use it: YAML directly, Go/Python/.NET/Node.js through SDKs generated from it.
 * Reference: the schema format, pulumi/pulumi pkg/codegen/schema/pulumi.json.
 */
import { PLUGIN_DOOR } from "../connection/front-doors";
import { ENV_FAMILIES, SETTINGS, SETTING_NAMES, describeSetting } from "../connection/settings";
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
import {
  examplesSection,
  getAddonInstanceExample,
  listAddonInstancesExample,
  rollbackExample,
  sdkReadme,
} from "./examples";
import { FOUND_ADDON_TYPE_TOKEN, FUNCTION_TOKEN, LIST_FUNCTION_TOKEN, PACKAGE_NAME, RESOURCE_TOKEN } from "./names";
import { PROJECT_REPOSITORY, type Release } from "./release";

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
    importBasePath: `${PROJECT_REPOSITORY}/sdk/go/cceautopilot`,
    respectSchemaVersion: true,
  },
  // .NET: the namespace, Pulumi.CceAutopilot, and the project name follow from the package name.
  csharp: { respectSchemaVersion: true },
  nodejs: { packageName: "@pulumi-cce-addon-rollback/cce-autopilot", respectSchemaVersion: true },
  python: { packageName: "pulumi_cce_autopilot", respectSchemaVersion: true },
  // The Java package is io.github.pulumicceaddonrollback.cceautopilot: the project's own namespace (the Maven
  // group io.github.pulumi-cce-addon-rollback that scripts/sdkgen-java gives the SDK), not the com.pulumi that
  // pulumi-java's code generator defaults to and that belongs to Pulumi's own packages.
  java: { basePackage: "io.github.pulumicceaddonrollback" },
} as const;

/**
 * The schema as a JSON-ready object, for the given release: its version, and the download location that the
 * generated SDKs hand to the engine, which installs the plugin from there on first use.
 */
export function buildSchema({ version, pluginDownloadURL }: Release): Record<string, unknown> {
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
  // The provider takes the same settings as arguments: one provider per account, region or endpoint.
  const providerInputs = variables;
  return {
    name: PACKAGE_NAME,
    displayName: "CCE Autopilot add-on rollback",
    // Who publishes the package: SDK metadata (the .NET project's Authors and Company) says "Pulumi Corp." without it.
    publisher: "pulumi-cce-addon-rollback",
    version,
    pluginDownloadURL,
    description:
      "Roll back a Huawei Cloud CCE Autopilot add-on to its previous version, and wait until the rollback has " +
      "really finished.",
    keywords: ["pulumi", "huaweicloud", "cce", "autopilot", "addon", "rollback", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    repository: `https://${PROJECT_REPOSITORY}`,
    homepage: `https://${PROJECT_REPOSITORY}`,
    meta: { moduleFormat: "(.*)" },
    config: { variables },
    provider: {
      description:
        `The ${PACKAGE_NAME} provider: the credentials, region, project and endpoint its resources and functions ` +
        `use. The default provider reads them from the \`${PACKAGE_NAME}:*\` stack config; an explicit provider ` +
        "takes them as arguments (one per account, region or endpoint). What neither gives comes from the " +
        `${envFamiliesInOrder()} environment variables. Changing them replaces nothing and rolls nothing back.`,
      inputProperties: providerInputs,
    },
    functions: {
      [FUNCTION_TOKEN]: getAddonInstanceSpec(version),
      [LIST_FUNCTION_TOKEN]: listAddonInstancesSpec(version),
    },
    types: { [FOUND_ADDON_TYPE_TOKEN]: foundAddonSpec() },
    resources: {
      [RESOURCE_TOKEN]: {
        description: `${RESOURCE_DESCRIPTION}\n\n${examplesSection("Roll back coredns once per incident", rollbackExample(version))}`,
        properties,
        required: [...inputsWhere("alwaysOutput"), ...observed.filter((name) => alwaysObserved().includes(name))],
        inputProperties,
        requiredInputs: inputsWhere("required"),
      },
    },
    language: {
      csharp: { ...LANGUAGE.csharp },
      go: { ...LANGUAGE.go },
      // typescriptVersion: the Node.js SDK compiles itself when installed (npm's postinstall) with this TypeScript,
      // the one its tests use; the generator's default (^4.7) would install a second, older TypeScript beside a
      // current program's.
      nodejs: {
        ...LANGUAGE.nodejs,
        dependencies: { "@pulumi/pulumi": `^${SDK_PULUMI_FLOOR.nodejs}` },
        typescriptVersion: "~5.9.3",
        readme: sdkReadme("typescript", version, PROJECT_REPOSITORY),
      },
      python: {
        ...LANGUAGE.python,
        requires: { pulumi: `>=${SDK_PULUMI_FLOOR.python},<4.0.0` },
        readme: sdkReadme("python", version, PROJECT_REPOSITORY),
      },
      java: { ...LANGUAGE.java },
    },
  };
}

/**
 * The oldest Pulumi SDK each generated SDK works with, as measured: the Node.js SDK's functions use
 * `pulumi.runtime.invokeOutput` and `InvokeOutputOptions`, first in @pulumi/pulumi 3.141.0 (3.139.0 has neither; the
 * SDK type-checks against 3.141.0); the Python SDK's resources call `pulumi.type_token` when imported, first in
 * pulumi 3.165.0 on PyPI (3.163.0 fails the import with "module 'pulumi' has no attribute 'type_token'"; there is no
 * 3.164.0). The dynamic resource's own floor is package.json's peer dependency, a different one.
 */
export const SDK_PULUMI_FLOOR = { nodejs: "3.141.0", python: "3.165.0" } as const;

/** The environment variable families, in the order they are read: "`HW_*`, then `HUAWEICLOUD_SDK_*`, ...". */
function envFamiliesInOrder(): string {
  return ENV_FAMILIES.map((f) => `\`${f.names}\``).join(", then ");
}

/** getAddonInstance: the same arguments and result as the TypeScript helper's. */
function getAddonInstanceSpec(version: string): Record<string, unknown> {
  const text = (description: string) => ({ type: "string", description });
  return {
    description:
      "Reads an add-on instance, by ID or by name: its status, current and previous version, and whether it can " +
      "be rolled back now. Read-only (one request, retried on throttling), so it also runs during a preview; use " +
      "it to decide a trigger, or to skip a rollback when the add-on is not rollbackable.\n\n" +
      examplesSection("Read coredns before rolling it back", getAddonInstanceExample(version)),
    inputs: {
      properties: {
        clusterId: text("The CCE Autopilot cluster ID."),
        addonId: text("The add-on instance ID. Give this or `addonName`."),
        addonName: text('The add-on\'s template name (e.g. "coredns"), name or alias. Give this or `addonId`.'),
        region: text("Region, as on AddonVersionRollback; otherwise the provider's."),
        endpoint: text("CCE endpoint URL, as on AddonVersionRollback; otherwise the provider's."),
        projectId: text("Project ID, as on AddonVersionRollback; otherwise the provider's."),
        timeoutSeconds: {
          type: "number",
          description: "How long the read may take, retries included, in seconds. Default 60.",
        },
      },
      required: ["clusterId"],
    },
    outputs: {
      properties: {
        id: text("The add-on instance ID (`metadata.uid`)."),
        clusterId: text("The cluster ID."),
        name: text("`metadata.name`."),
        alias: text("`metadata.alias`; empty when the service gives none."),
        templateName: text('`spec.addonTemplateName`, e.g. "coredns"; empty when the service gives none.'),
        status: text('The add-on\'s status, e.g. "running", "available" (partially ready), "rollbacking".'),
        reason: text("The service's reason for a failure status; empty otherwise."),
        message: text("The service's message for a failure status; empty otherwise."),
        isRollbackable: { type: "boolean", description: "Whether the service accepts a rollback now." },
        currentVersion: text("The version running now."),
        previousVersion: text("The version a rollback would land on; absent when there is none."),
        specVersion: text("`spec.version`: the version asked for."),
        updatedAt: text("`metadata.updateTimestamp`, when the service gives it."),
      },
      required: [
        "id",
        "clusterId",
        "name",
        "alias",
        "templateName",
        "status",
        "reason",
        "message",
        "isRollbackable",
        "currentVersion",
        "specVersion",
      ],
    },
  };
}

/** listAddonInstances: the same arguments and result as the TypeScript function's. */
function listAddonInstancesSpec(version: string): Record<string, unknown> {
  const text = (description: string) => ({ type: "string", description });
  const list = (description: string) => ({ type: "array", items: { type: "string" }, description });
  return {
    description:
      "Finds an add-on across the project's CCE Autopilot clusters in the region (or the clusters named): in each, " +
      "its ID, status, current and previous version, and whether it can be rolled back now. Reads only: one list " +
      "of clusters, then one list of add-ons per cluster that may have it, through the provider's request budget, " +
      "so it also runs during a preview. Use it to roll back every cluster where an incident's version runs, a " +
      "canary cluster first.\n\n" +
      examplesSection("Find the clusters where coredns runs 1.28.6", listAddonInstancesExample(version)),
    inputs: {
      properties: {
        addonName: text('The add-on\'s template name (e.g. "coredns"), name or alias.'),
        clusterIds: list("Only these clusters (IDs). Default: every cluster of the project in the region."),
        versions: list('Only add-ons running one of these versions now, e.g. ["1.28.6"].'),
        statuses: list('Only add-ons in one of these statuses, e.g. ["running", "abnormal"].'),
        region: text("Region, as on AddonVersionRollback; otherwise the provider's."),
        endpoint: text("CCE endpoint URL, as on AddonVersionRollback; otherwise the provider's."),
        projectId: text("Project ID whose clusters are listed; otherwise the provider's."),
        timeoutSeconds: {
          type: "number",
          description: "How long the lookup may take, retries included, in seconds. Default 300.",
        },
      },
      required: ["addonName"],
    },
    outputs: {
      properties: {
        instances: {
          type: "array",
          items: { $ref: `#/types/${FOUND_ADDON_TYPE_TOKEN}` },
          description: "The add-on instances found, by cluster name.",
        },
        clustersRead: { type: "integer", description: "How many clusters' add-ons were read." },
        skippedClusters: list('Clusters not looked into because they are not Available, as "name (id): phase".'),
      },
      required: ["instances", "clustersRead", "skippedClusters"],
    },
  };
}

/** One add-on instance listAddonInstances found. */
function foundAddonSpec(): Record<string, unknown> {
  const text = (description: string) => ({ type: "string", description });
  return {
    type: "object",
    description: "An add-on instance in one cluster, as listAddonInstances found it.",
    properties: {
      clusterId: text("The cluster ID."),
      clusterName: text("The cluster's name."),
      addonId: text("The add-on instance ID: give it to AddonVersionRollback as `addonId`."),
      addonName: text('The add-on\'s template name, e.g. "coredns".'),
      status: text('The add-on\'s status, e.g. "running".'),
      currentVersion: text("The version running now."),
      previousVersion: text("The version a rollback would land on; absent when there is none."),
      isRollbackable: { type: "boolean", description: "Whether the service accepts a rollback now." },
    },
    required: ["clusterId", "clusterName", "addonId", "addonName", "status", "currentVersion", "isRollbackable"],
  };
}

/** The schema as the text the engine asks for (GetSchema) and `pulumi package get-schema` prints. */
export function schemaText(release: Release): string {
  return JSON.stringify(buildSchema(release), null, 2);
}
