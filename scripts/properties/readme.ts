/**
 * The README's tables of inputs, outputs and settings, derived from the property and settings tables, written
 * between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers.
 */
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
    ["stack config", "resource input", "environment, in order", "secret", "what it is"],
    ...SETTING_NAMES.map((name) => {
      const setting: Setting = SETTINGS[name];
      const input = (INPUT_NAMES as readonly string[]).includes(name) ? `\`${name}\` (wins)` : "";
      const env =
        envNames(name)
          .map((v) => `\`${v}\``)
          .join(", then ") || `none: ${setting.fallback ?? ""}`;
      return [door.docKey(name), input, env, setting.secret ? "yes" : "", setting.about];
    }),
  ]);
}

/** Each generated section of the README, by marker name. */
export const README_SECTIONS: Record<string, () => string> = {
  "settings-dynamic": () => settingsTable(DYNAMIC_DOOR),
  inputs: () => inputsTable(DYNAMIC_DOOR),
  outputs: () => outputsTable(DYNAMIC_DOOR),
  "settings-plugin": () => settingsTable(PLUGIN_DOOR),
};

/** The README with every generated section replaced; a missing marker is an error. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(README_SECTIONS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
    out = `${out.slice(0, from + start.length)}\n\n${render()}\n\n${out.slice(to)}`;
  }
  return out;
}
