import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireLanguageHost } from "./native-plugin";
import { type ProgramUnderTest, copyExample } from "./native-program";

/** examples/yaml: no SDK, the resource declared by its type; the trigger is an object around `incident`. */
export const yamlProgram: ProgramUnderTest = {
  language: "YAML",
  stackName: "yaml",
  requireTools: () => void requireLanguageHost("yaml", "YAML"),
  env: {},
  prepare: (dir) => Promise.resolve(copyExample("yaml", dir)),
  triggerKey: "incident",
  recordedTrigger: (incident) => ({ incident }),
  // The YAML host interprets the program: a command costs the engine's own time only.
  buildsOnEveryRun: false,
  timeoutMs: 300_000,
  // Pulumi YAML takes customTimeouts as a literal: a copy of the program with another one.
  withCreateTimeout(programDir, timeout) {
    const copy = `${programDir}-create-${timeout}`;
    if (!fs.existsSync(copy)) {
      fs.cpSync(programDir, copy, { recursive: true });
      const project = path.join(copy, "Pulumi.yaml");
      const text = fs.readFileSync(project, "utf8");
      assert.match(text, /\n {8}create: 30m\n/, "examples/yaml sets customTimeouts.create: 30m");
      fs.writeFileSync(project, text.replace(/\n {8}create: 30m\n/, `\n        create: ${timeout}\n`));
    }
    return { programDir: copy, config: {} };
  },
};
