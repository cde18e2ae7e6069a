/**
 * Packs the cce-autopilot resource plugin for the engine to install: one tarball per platform, each holding the
 * official Node.js binary of that platform, the bundled provider and the executable the engine runs. Nothing else
 * is needed where it runs (no Node.js, no node_modules).
 *
 *   npm run plugin:pack [-- [<os>-<arch> ...] [--plugin-download-url <url>] [--out <dir>]]
 *
 * Without platforms, all five. The download location written into the plugin's schema defaults to the project's
 * releases; a private mirror gives its own (and generates the SDKs with the same, `npm run sdk:gen -- --plugin-download-url`).
 * The same sources and pins give the same bytes. Writes <out>/SHA256SUMS for the tarballs it packed, prints a line
 * per tarball on stderr (size packed and unpacked, SHA-256) and the tarballs' paths on stdout.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PLUGIN_EXECUTABLE } from "../provider/native/names";
import { checkoutRelease } from "../provider/native/release";
import { bundlePlugin } from "./plugin/bundle";
import { ENTRY_IN_PLUGIN, launcherText } from "./plugin/launchers";
import { nodeBinary, nodePins } from "./plugin/node-binary";
import { PLATFORMS, type Platform, platformLayout, tarballName } from "./plugin/platforms";
import { type PluginFile, writeTarball } from "./plugin/tarball";

const say = (line: string) => process.stderr.write(`plugin:pack: ${line}\n`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const root = path.join(__dirname, "..", "..");
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "plugin-download-url": { type: "string" }, out: { type: "string" } },
  });
  const unknown = positionals.filter((p) => !(PLATFORMS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    throw new Error(`unknown platform ${unknown.join(", ")}: choose among ${PLATFORMS.join(", ")}`);
  }
  const platforms = positionals.length > 0 ? (positionals as Platform[]) : [...PLATFORMS];
  const out = path.resolve(values.out ?? path.join(root, "dist", "plugin"));
  const release = checkoutRelease(root, values["plugin-download-url"]);
  say(`v${release.version}, downloaded from ${release.pluginDownloadURL}, Node.js ${nodePins().version}`);

  const bundle = await bundlePlugin(root, release);
  if (!bundle.has(ENTRY_IN_PLUGIN)) throw new Error(`the bundle has no ${ENTRY_IN_PLUGIN}`);
  const license = path.join(root, "LICENSE");

  const sums: string[] = [];
  for (const platform of platforms) {
    const layout = platformLayout(platform);
    const node = await nodeBinary(platform, say);
    const files = new Map<string, PluginFile>([
      [`${PLUGIN_EXECUTABLE}${layout.launcher.suffix}`, { contents: launcherText(layout), executable: true }],
      [layout.nodeInPlugin, { contents: node.binary, executable: true }],
      ["node/LICENSE", { contents: node.license }],
      ...[...bundle].map(([name, contents]): [string, PluginFile] => [name, { contents }]),
    ]);
    if (fs.existsSync(license)) files.set("LICENSE", { contents: fs.readFileSync(license) });
    const tarball = path.join(out, tarballName(PLUGIN_EXECUTABLE, release.version, platform));
    await writeTarball(tarball, files);
    const bytes = fs.readFileSync(tarball);
    const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
    const unpacked = [...files.values()].reduce((sum, f) => sum + Buffer.byteLength(f.contents), 0);
    say(`${path.basename(tarball)}: ${mib(bytes.length)} (${mib(unpacked)} unpacked) sha256 ${sha256}`);
    sums.push(`${sha256}  ${path.basename(tarball)}\n`);
    process.stdout.write(`${tarball}\n`);
  }
  fs.writeFileSync(path.join(out, "SHA256SUMS"), sums.join(""));
}

main().catch((err: unknown) => {
  say(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
