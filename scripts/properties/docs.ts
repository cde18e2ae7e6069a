/**
 * The documentation's tables of inputs, outputs and settings, derived from the property and settings tables,
 * written between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers of the page that shows them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  NODEJS_PROGRAM_TSCONFIG,
  chooserSection,
  getAddonInstanceExample,
  listAddonInstancesExample,
  rollbackExample,
} from "../../provider/native/examples";
import type { FrontDoor } from "../../provider/connection/front-doors";
import { DYNAMIC_DOOR, PLUGIN_DOOR } from "../../provider/connection/front-doors";
import { SETTINGS, SETTING_NAMES, type Setting, envNames } from "../../provider/connection/settings";
import {
  INPUTS,
  INPUT_NAMES,
  type InputRow,
  OBSERVED_OUTPUTS,
  inputDescription,
  outputDescription,
} from "../../provider/rollback/properties";

type Table = string[][];

function markdownTable([header, ...rows]: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header!), line(header!.map(() => "---")), ...rows.map(line)].join("\n");
}

const TYPE_NAMES = { string: "string", integer: "integer", boolean: "boolean", any: "any JSON" } as const;

function inputsTable(door: FrontDoor): string {
  return markdownTable([
    ["input", "type", "default", "what it does"],
    ...INPUT_NAMES.map((name) => {
      const row: InputRow = INPUTS[name];
      const setting = (SETTING_NAMES as readonly string[]).includes(name);
      const fallback = row.required
        ? "required"
        : row.default !== undefined
          ? String(row.default)
          : setting
            ? "the setting"
            : "none";
      return [`\`${name}\``, TYPE_NAMES[row.type], fallback, inputDescription(name, door)];
    }),
  ]);
}

function outputsTable(door: FrontDoor): string {
  const ownWords = INPUT_NAMES.filter((name) => (INPUTS[name] as InputRow).output !== undefined);
  const observed = OBSERVED_OUTPUTS.filter((name) => !(ownWords as readonly string[]).includes(name));
  return markdownTable([
    ["output", "what it holds"],
    ...[...ownWords, ...observed].map((name) => [`\`${name}\``, outputDescription(name, door)]),
  ]);
}

function settingsTable(door: FrontDoor): string {
  return markdownTable([
    ["stack config", "environment, in order", "default", "secret", "what it is"],
    ...SETTING_NAMES.map((name) => {
      const setting: Setting = SETTINGS[name];
      const input = (INPUT_NAMES as readonly string[]).includes(name)
        ? ` A resource's \`${name}\` input wins over it.`
        : "";
      const env =
        envNames(name)
          .map((v) => `\`${v}\``)
          .join(", then ") || "none";
      return [
        door.docKey(name),
        env,
        setting.fallback ?? "none",
        setting.secret ? "yes" : "",
        `${setting.about}${input}${setting.note ? ` ${setting.note}` : ""}`,
      ];
    }),
  ]);
}

/** The version users install: package.json's, which every artifact of a release carries. */
const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
  version: string;
};

/** Each page with generated sections, and each section's contents by marker name. */
export const DOC_SECTIONS: Record<string, Record<string, () => string>> = {
  "docs/_index.md": {
    examples: () => chooserSection(rollbackExample(version)),
  },
  "docs/installation-configuration.md": {
    "settings-plugin": () => settingsTable(PLUGIN_DOOR),
    "settings-dynamic": () => settingsTable(DYNAMIC_DOOR),
  },
  "docs/languages.md": {
    "get-addon-instance-examples": () => chooserSection(getAddonInstanceExample(version)),
    "nodejs-tsconfig": () => "```json\n" + JSON.stringify(NODEJS_PROGRAM_TSCONFIG, null, 2) + "\n```",
  },
  "docs/fleet.md": {
    "list-addon-instances-examples": () => chooserSection(listAddonInstancesExample(version)),
  },
  "docs/how-it-works.md": {
    inputs: () => inputsTable(DYNAMIC_DOOR),
    outputs: () => outputsTable(DYNAMIC_DOOR),
  },
};

/** `text` of the page `file` with each of its generated sections replaced; a missing marker is an error. */
export function renderSections(file: string, text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(DOC_SECTIONS[file] ?? {})) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file} has no ${start} ... ${end} section`);
    out = `${out.slice(0, from + start.length)}\n\n${render()}\n\n${out.slice(to)}`;
  }
  return out;
}
