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
import { releaseFindingsOf, reportText } from "./release/report";
import { verifyRelease } from "./release/verify";

const say = (line: string) => process.stderr.write(`release:check: ${line}\n`);

async function main(): Promise<number> {
  const root = path.join(__dirname, "..", "..");
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length !== 1) throw new Error("give the release folder: npm run release:check -- <dir>");
  const dir = path.resolve(positionals[0]!);
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist`);
  const release = checkoutRelease(root);
  const python = path.join(root, ".toolchain", "python", "bin", "python");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cce-release-check-"));
  try {
    const verification = await verifyRelease(dir, { root, release, python, work });
    process.stdout.write(reportText(release.version, verification));
    const findings = releaseFindingsOf(verification);
    if (findings.length > 0) {
      say(`${findings.length} finding(s) in ${dir}:\n  ${findings.join("\n  ")}`);
      return 1;
    }
    say(`${dir} is release ${release.version}: every check passed`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
