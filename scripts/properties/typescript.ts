/**
 * The TypeScript resource, as declarations derived from the property table: the Args interface and the class with
 * its outputs, each with its description as a doc comment (what an editor shows on hover). The constructor's work
 * is hand-written in sdk/provider-stub.ts.
 */
import { DYNAMIC_DOOR } from "../../provider/connection/front-doors";
import * as table from "../../provider/rollback/properties";
import { docComment } from "./wrap";

/** Where the declarations are written, from the repository root. */
export const SDK_DECLARATIONS_FILE = "sdk/addon-version-rollback.ts";

const TS_TYPES: Record<table.PropertyType, string> = {
  string: "string",
  integer: "number",
  boolean: "boolean",
  any: "unknown",
};

/** The declarations file, before formatting. */
export function renderSdkDeclarations(): string {
  const door = DYNAMIC_DOOR;
  const required = table.inputsWhere("required");
  const always = table.inputsWhere("alwaysOutput");
  const args = table.INPUT_NAMES.map((name) => {
    const optional = required.includes(name) ? "" : "?";
    return `${docComment(table.inputDescription(name, door), "  ")}\n  ${name}${optional}: pulumi.Input<${TS_TYPES[table.INPUTS[name].type]}>;`;
  });
  const observed = table.OBSERVED_OUTPUTS.filter((name) => !(table.INPUT_NAMES as readonly string[]).includes(name));
  const outputs = [
    ...table.INPUT_NAMES.map((name) => {
      const type = TS_TYPES[table.INPUTS[name].type];
      const optional = always.includes(name) || type === "unknown" ? "" : " | undefined";
      return `${docComment(table.outputDescription(name, door), "  ")}\n  declare readonly ${name}: pulumi.Output<${type}${optional}>;`;
    }),
    ...observed.map(
      (name) =>
        `${docComment(table.outputDescription(name, door), "  ")}\n  declare readonly ${name}: pulumi.Output<${TS_TYPES[table.OBSERVED[name].type]}${table.alwaysObserved().includes(name) ? "" : " | undefined"}>;`,
    ),
  ];
  // Outputs a program may leave out and check does not fill in.
  const declared = [
    ...always.filter(
      (name) => !required.includes(name) && (table.INPUTS[name] as table.InputRow).default === undefined,
    ),
    ...observed,
  ];
  return `// Generated from provider/rollback/properties.ts by \`npm run gen:properties\`: edit that file, not this one.
import * as pulumi from "@pulumi/pulumi";
import { serializableProvider } from "./provider-stub";

${docComment(
  "Inputs of {@link AddonVersionRollback}. Credentials are deliberately not inputs: they come from stack config " +
    `(${DYNAMIC_DOOR.docKey("accessKey")} + ${DYNAMIC_DOOR.docKey("secretKey")}, or ${DYNAMIC_DOOR.docKey("token")}) ` +
    "or the environment, so that they never reach the state.",
  "",
  ["@public"],
)}
export interface AddonVersionRollbackArgs {
${args.join("\n")}
}

${docComment(table.RESOURCE_DESCRIPTION, "", ["@public"])}
export class AddonVersionRollback extends pulumi.dynamic.Resource {
${outputs.join("\n")}

  constructor(name: string, args: AddonVersionRollbackArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializableProvider(),
      name,
      // Outputs a program may leave out are declared by registering them as undefined inputs; given inputs win.
      { ${declared.map((n) => `${n}: undefined`).join(", ")}, ...args },
      opts,
      "cce-autopilot",
      "AddonVersionRollback",
    );
  }
}
`;
}
