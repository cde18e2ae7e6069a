/**
 * Prints the Pulumi package schema of the cce-autopilot plugin (what `pulumi package get-schema
 * ./bin/pulumi-resource-cce-autopilot` prints), without starting the plugin: `node dist/scripts/print-schema.js
 * [--plugin-download-url <url>]`. SDK generation reads it; the download location defaults to the project's
 * releases, and a private mirror gives its own (the same it packs the plugin with).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkoutRelease } from "../provider/native/release";
import { schemaText } from "../provider/native/schema";

const { values } = parseArgs({ options: { "plugin-download-url": { type: "string" } } });
const root = path.join(__dirname, "..", "..");
process.stdout.write(`${schemaText(checkoutRelease(root, values["plugin-download-url"]))}\n`);
