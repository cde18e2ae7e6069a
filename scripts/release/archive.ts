/**
 * Reads the files of a release artifact without unpacking it to disk: gzipped tarballs (npm, plugin, sdist) with
 * node-tar, zip files (wheel, jar, Go module) with fflate.
 */
import * as fs from "node:fs";
import { unzipSync } from "fflate";
import * as tar from "tar";

export interface ArchiveContents {
  /** Every file's path in the archive, in the archive's order (directories left out). */
  names: string[];
  /** The contents of the files `wanted` chose. */
  files: Map<string, Buffer>;
}

export async function readArchive(file: string, wanted: (name: string) => boolean): Promise<ArchiveContents> {
  if (/\.(tgz|tar\.gz)$/.test(file)) return readTarball(file, wanted);
  if (/\.(zip|jar|whl)$/.test(file)) return readZip(file, wanted);
  throw new Error(`${file}: not a .tgz, .tar.gz, .zip, .jar or .whl`);
}

async function readTarball(file: string, wanted: (name: string) => boolean): Promise<ArchiveContents> {
  const names: string[] = [];
  const files = new Map<string, Buffer>();
  await tar.t({
    file,
    onReadEntry: (entry) => {
      if (entry.type === "Directory") return entry.resume();
      names.push(entry.path);
      if (!wanted(entry.path)) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => files.set(entry.path, Buffer.concat(chunks)));
    },
  });
  return { names, files };
}

function readZip(file: string, wanted: (name: string) => boolean): ArchiveContents {
  const names: string[] = [];
  const unzipped = unzipSync(fs.readFileSync(file), {
    filter: (f) => {
      if (f.name.endsWith("/")) return false;
      names.push(f.name);
      return wanted(f.name);
    },
  });
  return { names, files: new Map(Object.entries(unzipped).map(([name, data]) => [name, Buffer.from(data)])) };
}
