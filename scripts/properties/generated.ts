/** Every file derived from the property and settings tables, formatted as the repository formats it. */
import * as fs from "node:fs";
import * as path from "node:path";
import { DOC_SECTIONS, renderSections } from "./docs";
import { SDK_DECLARATIONS_FILE, renderSdkDeclarations } from "./typescript";

/** Each generated file (relative to `root`) with the text it must hold. */
export async function generatedFiles(root: string): Promise<{ file: string; text: string }[]> {
  const prettier = await import("prettier");
  const format = async (file: string, text: string) => {
    const filepath = path.join(root, file);
    const options = await prettier.resolveConfig(filepath);
    return prettier.format(text, { ...options, filepath });
  };
  const pages = Object.keys(DOC_SECTIONS).map(async (file) => ({
    file,
    text: await format(file, renderSections(file, fs.readFileSync(path.join(root, file), "utf8"))),
  }));
  return [
    { file: SDK_DECLARATIONS_FILE, text: await format(SDK_DECLARATIONS_FILE, renderSdkDeclarations()) },
    ...(await Promise.all(pages)),
  ];
}
