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
};
