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
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkoutRelease } from "../provider/native/release";
import { nodePins } from "./plugin/node-binary";
import { packPlugins } from "./plugin/pack";
import { PLATFORMS, type Platform } from "./plugin/platforms";
import { sha256sumsText } from "./release/sums";

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

  const packed = await packPlugins(root, release, platforms, out, say);
  for (const p of packed) {
    say(`${path.basename(p.path)}: ${mib(p.bytes)} (${mib(p.unpackedBytes)} unpacked) sha256 ${p.sha256}`);
    process.stdout.write(`${p.path}\n`);
  }
  fs.writeFileSync(
    path.join(out, "SHA256SUMS"),
    sha256sumsText(packed.map((p) => ({ name: path.basename(p.path), sha256: p.sha256 }))),
  );
}

main().catch((err: unknown) => {
  say(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
