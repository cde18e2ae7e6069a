/**
 * Checks a release folder made by release:build, such as one downloaded from CI, with the same checks:
 *
 *   npm run release:check -- <dir>
 *
 * The version it expects is this checkout's (package.json). Prints the report; exits 1 on any finding.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkoutRelease } from "../provider/native/release";
import { runMain, verifyAndReport } from "./release/verify";

const say = (line: string) => process.stderr.write(`release:check: ${line}\n`);

async function main(): Promise<boolean> {
  const root = path.join(__dirname, "..", "..");
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length !== 1) throw new Error("give the release folder: npm run release:check -- <dir>");
  const dir = path.resolve(positionals[0]!);
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist`);
  const release = checkoutRelease(root);
  const python = path.join(root, ".toolchain", "python", "bin", "python");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cce-release-check-"));
  try {
    const ok = await verifyAndReport(dir, { root, release, python, work }, say);
    if (ok) say(`${dir} is release ${release.version}: every check passed`);
    return ok;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

runMain(say, main);
