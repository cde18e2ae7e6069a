/**
 * The official Node.js binary of a platform, from the npm registry package that carries it (`node-<os>-<arch>`,
 * pinned with its integrity in node.json), cached outside the clone beside the toolchain's builds. A package whose
 * bytes do not match the pinned integrity is refused: the plugin runs with the user's credentials.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tar from "tar";
import { binaryKind, HEADER_BYTES } from "./binary-header";
import { type Platform, platformLayout } from "./platforms";

interface NodePins {
  version: string;
  packages: Record<Platform, { name: string; integrity: string }>;
}

/** The Node.js version and packages the plugin is packed with. */
export function nodePins(): NodePins {
  const file = path.join(__dirname, "..", "..", "..", "scripts", "plugin", "node.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as NodePins;
}

/** Where fetched packages are kept: the toolchain's cache (scripts/setup-toolchain.sh). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(env.PULUMI_CCE_TOOLCHAIN_CACHE || path.join(base, "pulumi-cce-addon-rollback"), "plugin-node");
}

/** `sha512-<base64>` of a file, as npm writes integrities. */
function integrityOf(file: string): string {
  return `sha512-${crypto.createHash("sha512").update(fs.readFileSync(file)).digest("base64")}`;
}

/** The package's tarball, fetched once with `npm pack` and checked against its pinned integrity. */
export function nodePackage(platform: Platform, say: (line: string) => void): string {
  const { version, packages } = nodePins();
  const { name, integrity } = packages[platform];
  const dir = cacheDir();
  const file = path.join(dir, `${name}-${version}.tgz`);
  if (!fs.existsSync(file) || integrityOf(file) !== integrity) {
    say(`fetching ${name}@${version} from the npm registry`);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(dir, "fetch-"));
    try {
      execFileSync("npm", ["pack", "--silent", `${name}@${version}`], {
        cwd: tmp,
        stdio: ["ignore", "ignore", "inherit"],
      });
      fs.renameSync(path.join(tmp, `${name}-${version}.tgz`), file);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const actual = integrityOf(file);
  if (actual !== integrity) {
    throw new Error(
      `${name}@${version}: the package's integrity is ${actual}, not the ${integrity} pinned in node.json`,
    );
  }
  return file;
}

/** Reads one file of a .tgz. */
async function readMember(tgz: string, member: string): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let found = false;
  await tar.t({
    file: tgz,
    filter: (p) => p === member,
    onReadEntry: (entry) => {
      found = true;
      entry.on("data", (c: Buffer) => chunks.push(c));
    },
  });
  return found ? Buffer.concat(chunks) : undefined;
}

/**
 * The Node.js binary of a platform and Node.js's license text. The license is taken from the linux-amd64 package
 * for every platform: the Windows package carries none, and the text is the same for one version.
 */
export async function nodeBinary(
  platform: Platform,
  say: (line: string) => void,
): Promise<{ binary: Buffer; license: Buffer }> {
  const layout = platformLayout(platform);
  const binary = await readMember(nodePackage(platform, say), layout.nodeInPackage);
  if (!binary) throw new Error(`${platform}: no ${layout.nodeInPackage} in ${nodePins().packages[platform].name}`);
  const kind = binaryKind(binary.subarray(0, HEADER_BYTES));
  if (kind?.format !== layout.binary.format || kind.arch !== layout.binary.arch) {
    throw new Error(
      `${platform}: the Node.js binary is ${kind ? `${kind.format} ${kind.arch}` : "of no known kind"}, ` +
        `not ${layout.binary.format} ${layout.binary.arch}`,
    );
  }
  const license = await readMember(nodePackage("linux-amd64", say), "package/LICENSE");
  if (!license) throw new Error("no package/LICENSE in the linux-amd64 Node.js package");
  return { binary, license };
}
