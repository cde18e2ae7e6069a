import * as assert from "node:assert/strict";
import { binaryKind } from "../../../scripts/plugin/binary-header";
import { launcherText } from "../../../scripts/plugin/launchers";
import { hostPlatform, PLATFORMS, platformLayout, tarballName } from "../../../scripts/plugin/platforms";

/** A header of `size` zero bytes with `fields` written at their offsets. */
function header(size: number, fields: [offset: number, write: (b: Buffer, at: number) => void][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [at, write] of fields) write(b, at);
  return b;
}
const elf = (machine: number, little = true) =>
  header(64, [
    [0, (b, at) => b.writeUInt32BE(0x7f454c46, at)],
    [5, (b, at) => b.writeUInt8(little ? 1 : 2, at)],
    [18, (b, at) => (little ? b.writeUInt16LE(machine, at) : b.writeUInt16BE(machine, at))],
  ]);
const macho = (cpu: number) =>
  header(32, [
    [0, (b, at) => b.writeUInt32LE(0xfeedfacf, at)],
    [4, (b, at) => b.writeUInt32LE(cpu, at)],
  ]);
const pe = (machine: number, signature = "PE\0\0") =>
  header(0x200, [
    [0, (b, at) => b.write("MZ", at, "latin1")],
    [0x3c, (b, at) => b.writeUInt32LE(0x80, at)],
    [0x80, (b, at) => b.write(signature, at, "latin1")],
    [0x84, (b, at) => b.writeUInt16LE(machine, at)],
  ]);

describe("plugin platforms", () => {
  const kinds: [string, Buffer, ReturnType<typeof binaryKind>][] = [
    ["ELF x86-64", elf(0x3e), { format: "ELF", arch: "x86-64" }],
    ["ELF AArch64", elf(0xb7), { format: "ELF", arch: "arm64" }],
    ["ELF AArch64, big-endian header", elf(0xb7, false), { format: "ELF", arch: "arm64" }],
    ["ELF for another processor (RISC-V)", elf(0xf3), undefined],
    ["Mach-O x86-64", macho(0x01000007), { format: "Mach-O", arch: "x86-64" }],
    ["Mach-O arm64", macho(0x0100000c), { format: "Mach-O", arch: "arm64" }],
    ["Mach-O for another processor", macho(0x12), undefined],
    ["PE x64", pe(0x8664), { format: "PE", arch: "x86-64" }],
    ["PE arm64", pe(0xaa64), { format: "PE", arch: "arm64" }],
    ["PE without its signature", pe(0x8664, "NE\0\0"), undefined],
    ["a shell script", Buffer.from("#!/bin/sh\nexec node\n"), undefined],
    ["nothing", Buffer.alloc(0), undefined],
  ];
  for (const [name, bytes, kind] of kinds) {
    it(`reads ${name}`, () => assert.deepEqual(binaryKind(bytes), kind));
  }

  it("lays out each platform as the engine runs it", () => {
    assert.deepEqual(
      PLATFORMS.map((p) => {
        const l = platformLayout(p);
        return [p, l.nodeInPackage, l.nodeInPlugin, `${l.binary.format} ${l.binary.arch}`, l.launcher.suffix];
      }),
      [
        ["linux-amd64", "package/bin/node", "node/bin/node", "ELF x86-64", ""],
        ["linux-arm64", "package/bin/node", "node/bin/node", "ELF arm64", ""],
        ["darwin-amd64", "package/bin/node", "node/bin/node", "Mach-O x86-64", ""],
        ["darwin-arm64", "package/bin/node", "node/bin/node", "Mach-O arm64", ""],
        ["windows-amd64", "package/bin/node.exe", "node/node.exe", "PE x86-64", ".cmd"],
      ],
    );
  });

  it("names this machine's platform as the engine does", () => {
    assert.equal(hostPlatform("linux", "x64"), "linux-amd64");
    assert.equal(hostPlatform("darwin", "arm64"), "darwin-arm64");
    assert.equal(hostPlatform("win32", "x64"), "windows-amd64");
    assert.equal(hostPlatform("win32", "arm64"), undefined);
    assert.equal(hostPlatform("freebsd", "x64"), undefined);
  });

  it("names tarballs as the engine asks a download server for them", () => {
    assert.equal(
      tarballName("pulumi-resource-cce-autopilot", "1.2.3", "darwin-arm64"),
      "pulumi-resource-cce-autopilot-v1.2.3-darwin-arm64.tar.gz",
    );
  });

  it("starts the Node.js beside the launcher, never one from PATH, without the user's NODE_OPTIONS", () => {
    const sh = launcherText(platformLayout("linux-amd64"));
    assert.match(sh, /^#!\/bin\/sh\n/);
    assert.ok(!/\b(dirname|basename|which|command -v)\b/.test(sh), "shell built-ins only on the way to exec");
    assert.ok(sh.endsWith('\nunset NODE_OPTIONS\nexec "$here/node/bin/node" "$here/plugin/main.mjs" "$@"\n'));
    const cmd = launcherText(platformLayout("windows-amd64"));
    assert.deepEqual(cmd.split("\r\n"), [
      "@echo off",
      "rem The cce-autopilot resource plugin: the Node.js in this folder runs the bundled provider.",
      "setlocal",
      'set "NODE_OPTIONS="',
      '"%~dp0node\\node.exe" "%~dp0plugin\\main.mjs" %*',
      "exit /b %ERRORLEVEL%",
      "",
    ]);
  });
});
