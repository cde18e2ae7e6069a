/**
 * Packs the plugin: one tarball per platform, each holding the official Node.js binary of that platform, the
 * bundled provider, the executable the engine runs and the project's LICENSE. The same sources and pins give the
 * same bytes.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLUGIN_EXECUTABLE } from "../../provider/native/names";
import type { Release } from "../../provider/native/release";
import { bundlePlugin } from "./bundle";
import { ENTRY_IN_PLUGIN, launcherText } from "./launchers";
import { nodeBinary } from "./node-binary";
import { type Platform, platformLayout, tarballName } from "./platforms";
import { type PluginFile, writeTarball } from "./tarball";

/** One tarball written. */
export interface PackedPlugin {
  platform: Platform;
  path: string;
  sha256: string;
  bytes: number;
  unpackedBytes: number;
}

/** Packs `platforms` for `release` into `out`, from the repository at `root` (its sources and its LICENSE). */
export async function packPlugins(
  root: string,
  release: Release,
  platforms: readonly Platform[],
  out: string,
  say: (line: string) => void,
): Promise<PackedPlugin[]> {
  const bundle = await bundlePlugin(root, release);
  if (!bundle.has(ENTRY_IN_PLUGIN)) throw new Error(`the bundle has no ${ENTRY_IN_PLUGIN}`);
  const license = fs.readFileSync(path.join(root, "LICENSE"));

  const packed: PackedPlugin[] = [];
  for (const platform of platforms) {
    const layout = platformLayout(platform);
    const node = await nodeBinary(platform, say);
    const files = new Map<string, PluginFile>([
      [`${PLUGIN_EXECUTABLE}${layout.launcher.suffix}`, { contents: launcherText(layout), executable: true }],
      [layout.nodeInPlugin, { contents: node.binary, executable: true }],
      ["node/LICENSE", { contents: node.license }],
      ["LICENSE", { contents: license }],
      ...[...bundle].map(([name, contents]): [string, PluginFile] => [name, { contents }]),
    ]);
    const tarball = path.join(out, tarballName(PLUGIN_EXECUTABLE, release.version, platform));
    await writeTarball(tarball, files);
    const bytes = fs.readFileSync(tarball);
    packed.push({
      platform,
      path: tarball,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      unpackedBytes: [...files.values()].reduce((sum, f) => sum + Buffer.byteLength(f.contents), 0),
    });
  }
  return packed;
}
