import * as fs from "node:fs";
import * as path from "node:path";

/** Names a machine without Node.js lacks: Node.js itself and the scripts that need it. */
const NODE_COMMANDS = new Set(["node", "nodejs", "npm", "npx", "corepack"]);

/**
 * A PATH for a machine with no Node.js: one folder (under `dir`) with a link to the first executable of each name
 * found along `searchPath`, except Node.js and what runs on it. Everything else (the Pulumi CLI, language hosts,
 * go, the C compiler cgo uses) is found as before.
 */
export function pathWithoutNode(dir: string, searchPath: string): string {
  const bin = path.join(dir, "bin-without-node");
  fs.mkdirSync(bin, { recursive: true });
  for (const folder of searchPath.split(path.delimiter)) {
    if (!folder || !fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder)) {
      const link = path.join(bin, name);
      const target = path.join(folder, name);
      if (NODE_COMMANDS.has(name) || fs.existsSync(link)) continue;
      try {
        if (!fs.statSync(target).isFile()) continue;
        fs.accessSync(target, fs.constants.X_OK);
      } catch {
        continue;
      }
      fs.symlinkSync(target, link);
    }
  }
  return bin;
}
