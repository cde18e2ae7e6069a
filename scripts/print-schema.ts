/**
 * Prints the Pulumi package schema of the cce-autopilot plugin (what `pulumi package get-schema
 * ./bin/pulumi-resource-cce-autopilot` prints), without starting the plugin: `node dist/scripts/print-schema.js`.
 * SDK generation reads it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaText } from "../provider/native/schema";

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
  version: string;
};
process.stdout.write(`${schemaText(pkg.version)}\n`);
