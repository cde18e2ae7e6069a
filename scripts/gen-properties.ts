/**
 * Writes what is derived from the property table (provider/rollback/properties.ts) and the settings table
 * (provider/connection/settings.ts): the TypeScript resource's declarations and the documentation's tables between their
 * markers. `npm run gen:properties`; tests/unit/properties/generated.test.ts fails when a written file drifts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles } from "./properties/generated";

const root = path.join(__dirname, "..", "..");

async function main(): Promise<void> {
  for (const { file, text } of await generatedFiles(root)) {
    const target = path.join(root, file);
    if (fs.readFileSync(target, "utf8") === text) continue;
    fs.writeFileSync(target, text);
    process.stdout.write(`gen-properties: wrote ${file}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`gen-properties: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
