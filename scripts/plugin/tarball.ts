/**
 * A plugin tarball, byte for byte the same for the same files: entries in name order, each folder listed before
 * what it holds, fixed modes (0755 for executables and folders, 0644 otherwise), no owner, one fixed time.
 * The engine installs a plugin from such a tarball (`pulumi plugin install -f`, or downloaded on first use).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tar from "tar";

export interface PluginFile {
  contents: Buffer | string;
  executable?: boolean;
}

/** The time every entry carries: 2000-01-01, as a reproducible build's constant (not the time of packing). */
const ENTRY_TIME = new Date(Date.UTC(2000, 0, 1));

/** Writes `files` (path inside the tarball → file) as a .tar.gz at `out`. */
export async function writeTarball(out: string, files: Map<string, PluginFile>): Promise<void> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "cce-plugin-"));
  try {
    const entries = new Set<string>();
    for (const [name, file] of files) {
      const target = path.join(stage, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.contents);
      fs.chmodSync(target, file.executable ? 0o755 : 0o644);
      entries.add(name);
      for (let dir = path.posix.dirname(name); dir !== "."; dir = path.posix.dirname(dir)) {
        fs.chmodSync(path.join(stage, dir), 0o755);
        entries.add(`${dir}/`);
      }
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await tar.c(
      { file: out, cwd: stage, gzip: { level: 9 }, portable: true, mtime: ENTRY_TIME, noDirRecurse: true },
      [...entries].sort(),
    );
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
