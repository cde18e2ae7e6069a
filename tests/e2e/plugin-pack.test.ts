import * as assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import * as tar from "tar";
import { binaryKind, HEADER_BYTES } from "../../scripts/plugin/binary-header";
import { ENTRY_IN_PLUGIN } from "../../scripts/plugin/launchers";
import { nodePins } from "../../scripts/plugin/node-binary";
import { PLATFORMS, platformLayout } from "../../scripts/plugin/platforms";
import { packPlugin, packedPlugin } from "../support/packed-plugin";
import { pathWithoutNode } from "../support/path-without-node";
import { repoRoot, tempDir } from "../support/toolchain";

const execFileAsync = promisify(execFile);
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;

interface Entry {
  path: string;
  type: string;
  mode: number;
  size: number;
  head: Buffer;
  text?: string;
}

/** The entries of a .tar.gz in their order, with the first bytes of each file (all of a small one). */
async function entries(tarball: string): Promise<Entry[]> {
  const out: Entry[] = [];
  await tar.t({
    file: tarball,
    onReadEntry: (e) => {
      const entry: Entry = { path: e.path, type: e.type, mode: e.mode ?? 0, size: e.size ?? 0, head: Buffer.alloc(0) };
      const chunks: Buffer[] = [];
      let kept = 0;
      e.on("data", (c: Buffer) => {
        if (kept < HEADER_BYTES || entry.size < 65_536) chunks.push(c);
        kept += c.length;
      });
      e.on("end", () => {
        entry.head = Buffer.concat(chunks);
        if (entry.size < 65_536) entry.text = entry.head.toString("utf8");
      });
      out.push(entry);
    },
  });
  return out;
}

/** Starts a plugin as the engine does; resolves with its port line and the executable of the process. */
function portLine(executable: string, env: Record<string, string>): Promise<{ port: string; exe: string }> {
  const child = spawn(executable, ["127.0.0.1:1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ port: string; exe: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${executable} exited (${code}) before its port line: ${stderr}`)));
    child.stdout.once("data", (d: Buffer) => {
      resolve({ port: d.toString().trim(), exe: fs.readlinkSync(`/proc/${child.pid}/exe`) });
    });
  }).finally(() => {
    child.removeAllListeners("exit");
    child.kill("SIGKILL");
  });
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("plugin:pack", function () {
  this.timeout(900_000);

  for (const platform of PLATFORMS) {
    it(`${platform}: the official Node.js of that platform, the bundle and the launcher, nothing else`, async () => {
      const layout = platformLayout(platform);
      const { tarballs } = await packedPlugin();
      const tarball = tarballs.get(platform)!;
      assert.equal(path.basename(tarball), `pulumi-resource-cce-autopilot-v${version}-${platform}.tar.gz`);
      const list = await entries(tarball);
      const names = list.map((e) => e.path);
      assert.deepEqual(names, [...names].sort(), "entries in name order");

      const node = list.find((e) => e.path === layout.nodeInPlugin);
      assert.ok(node, `${layout.nodeInPlugin} is in the tarball`);
      assert.deepEqual(binaryKind(node.head.subarray(0, HEADER_BYTES)), layout.binary);
      assert.equal(node.mode & 0o777, 0o755);
      assert.ok(names.includes("node/LICENSE"), "Node.js's license travels with it");
      assert.ok(names.includes("LICENSE"), "the project's license travels with it");

      const launcher = list.find((e) => e.path === `pulumi-resource-cce-autopilot${layout.launcher.suffix}`);
      assert.ok(launcher?.text, "the executable the engine runs");
      assert.equal(launcher.mode & 0o777, 0o755);
      if (layout.launcher.kind === "sh") {
        assert.match(launcher.text, /^#!\/bin\/sh\n/);
        assert.match(launcher.text, /\nexec "\$here\/node\/bin\/node" "\$here\/plugin\/main\.mjs" "\$@"\n$/);
        assert.match(launcher.text, /\nunset NODE_OPTIONS\n/);
      } else {
        assert.match(launcher.text, /^@echo off\r\n/);
        assert.ok(launcher.text.includes('"%~dp0node\\node.exe" "%~dp0plugin\\main.mjs" %*\r\n'));
        assert.ok(!/[^\r]\n/.test(launcher.text), "CRLF line ends for cmd.exe");
      }

      const bundle = names.filter((n) => n.startsWith("plugin/") && !n.endsWith("/"));
      assert.ok(bundle.includes(ENTRY_IN_PLUGIN));
      assert.ok(
        bundle.every((n) => /^plugin\/[\w-]+\.mjs$/.test(n)),
        `only bundled modules: ${bundle.join(", ")}`,
      );
      assert.ok(!names.some((n) => n.includes("node_modules")), "no node_modules");
      assert.ok(
        list.every((e) => e.type === "File" || e.type === "Directory"),
        "no links",
      );
      const known = new Set([...bundle, layout.nodeInPlugin, "node/LICENSE", launcher.path, "LICENSE"]);
      const dirs = names.filter((n) => n.endsWith("/"));
      assert.deepEqual(
        names.filter((n) => !known.has(n) && !dirs.includes(n)),
        [],
        "nothing but Node.js, the bundle and the launcher",
      );
    });
  }

  it("linux-amd64 starts with nothing on PATH (no Node.js, no coreutils), and through a link", async () => {
    const { tarballs } = await packedPlugin();
    const dir = tempDir("unpacked-plugin");
    try {
      await tar.x({ file: tarballs.get("linux-amd64")!, cwd: dir });
      const launcher = path.join(dir, "pulumi-resource-cce-autopilot");
      const link = path.join(dir, "elsewhere", "pulumi-resource-cce-autopilot");
      fs.mkdirSync(path.dirname(link));
      fs.symlinkSync(path.relative(path.dirname(link), launcher), link);
      for (const [executable, PATH] of [
        [launcher, "/nonexistent"],
        [link, pathWithoutNode(dir, process.env.PATH ?? "")],
      ] as const) {
        const { port, exe } = await portLine(executable, { PATH, NODE_OPTIONS: "--require ./does-not-exist.js" });
        assert.match(port, /^\d+$/, `${executable} printed its port`);
        assert.equal(exe, path.join(dir, "node", "bin", "node"), "the plugin's own Node.js runs it");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is byte for byte the same when packed again, and SHA256SUMS says so", async () => {
    const { out, tarballs } = await packedPlugin();
    const sums = fs.readFileSync(path.join(out, "SHA256SUMS"), "utf8");
    for (const tarball of tarballs.values()) {
      assert.ok(sums.includes(`${sha256(tarball)}  ${path.basename(tarball)}\n`), `${path.basename(tarball)} summed`);
    }
    const again = tempDir("packed-again");
    try {
      const { tarballs: repacked } = await packPlugin(["--out", again, "linux-amd64", "windows-amd64"]);
      assert.equal(repacked.length, 2);
      assert.equal(sha256(repacked[0]!), sha256(tarballs.get("linux-amd64")!));
      assert.equal(sha256(repacked[1]!), sha256(tarballs.get("windows-amd64")!));
      assert.equal(fs.readFileSync(path.join(again, "SHA256SUMS"), "utf8").split("\n").filter(Boolean).length, 2);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  it("prints each tarball's size and checksum, and the Node.js version it carries", async () => {
    const { log, tarballs } = await packedPlugin();
    assert.match(log, new RegExp(`Node\\.js ${nodePins().version.replaceAll(".", "\\.")}`));
    for (const tarball of tarballs.values()) {
      const line = log.split("\n").find((l) => l.includes(path.basename(tarball)));
      assert.match(line ?? "", new RegExp(`: [\\d.]+ MiB \\([\\d.]+ MiB unpacked\\) sha256 ${sha256(tarball)}$`));
    }
  });

  it("refuses a platform it does not know, naming the ones it does", async () => {
    await assert.rejects(
      packPlugin(["--out", path.join(repoRoot, "dist", "never-written"), "plan9-amd64"]),
      (err: Error & { stderr?: string }) => {
        assert.match(
          err.stderr ?? "",
          /unknown platform plan9-amd64: choose among linux-amd64, linux-arm64, darwin-amd64, darwin-arm64, windows-amd64/,
        );
        return true;
      },
    );
  });

  it("leaves the plugin out of the npm package: the dynamic resource needs neither bin/ nor the native code", async () => {
    const { stdout } = await execFileAsync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    assert.ok(files.includes("dist/provider/index.js"), "the dynamic provider is in");
    assert.deepEqual(
      files.filter((f) => f.startsWith("bin/") || f.startsWith("dist/provider/native/")),
      [],
      "no plugin code",
    );
  });
});
