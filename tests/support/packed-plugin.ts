import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { PLATFORMS, type Platform } from "../../scripts/plugin/platforms";
import { repoRoot, tempDir } from "./toolchain";

const execFileAsync = promisify(execFile);
const packScript = path.join(repoRoot, "dist", "scripts", "plugin-pack.js");

/** Runs `npm run plugin:pack` (its compiled script) with `args`; resolves with the tarballs it printed. */
export async function packPlugin(args: string[]): Promise<{ tarballs: string[]; log: string }> {
  const { stdout, stderr } = await execFileAsync(process.execPath, [packScript, ...args], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { tarballs: stdout.trim().split("\n"), log: stderr };
}

let all: Promise<{ out: string; tarballs: Map<Platform, string>; log: string }> | undefined;

/**
 * The tarballs of every platform, packed once per test run (about a minute, more when the Node.js packages are
 * not cached yet) into a folder removed when the run ends.
 */
export function packedPlugin(): Promise<{ out: string; tarballs: Map<Platform, string>; log: string }> {
  all ??= (async () => {
    const out = tempDir("packed-plugin");
    process.once("exit", () => fs.rmSync(out, { recursive: true, force: true }));
    const { tarballs, log } = await packPlugin(["--out", out]);
    const byPlatform = new Map(
      PLATFORMS.map((p): [Platform, string] => {
        const tarball = tarballs.find((t) => t.endsWith(`-${p}.tar.gz`));
        if (!tarball) throw new Error(`plugin:pack printed no tarball for ${p}:\n${log}`);
        return [p, tarball];
      }),
    );
    return { out, tarballs: byPlatform, log };
  })();
  return all;
}
