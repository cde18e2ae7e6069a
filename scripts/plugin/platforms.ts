/**
 * The platforms the plugin is packed for, in the engine's names (`pulumi-resource-<name>-v<version>-<os>-<arch>`,
 * sdk/go/common/workspace/plugins.go), with the Node.js each one carries and how the engine starts it there.
 */

export const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What an executable's header says it is (see binary-header.ts). */
export interface BinaryKind {
  format: "ELF" | "Mach-O" | "PE";
  arch: "x86-64" | "arm64";
}

export interface PlatformLayout {
  /** Where Node.js is inside the npm package that carries it. */
  nodeInPackage: string;
  /** Where the tarball holds it. */
  nodeInPlugin: string;
  /** What that binary must be. */
  binary: BinaryKind;
  /**
   * The file the engine runs. On Windows the engine looks for `<name>.exe`, then `<name>.cmd`
   * (getCandidateExtensions in plugins.go), and starts a `.cmd` through cmd.exe, as it does Pulumi's own Node.js
   * and Python plugin shims; elsewhere it runs `<name>`, a shell script here.
   */
  launcher: { suffix: "" | ".cmd"; kind: "sh" | "cmd" };
}

export function platformLayout(platform: Platform): PlatformLayout {
  const [os, arch] = platform.split("-") as [string, string];
  const binaryArch = arch === "arm64" ? "arm64" : "x86-64";
  if (os === "windows") {
    return {
      nodeInPackage: "package/bin/node.exe",
      nodeInPlugin: "node/node.exe",
      binary: { format: "PE", arch: binaryArch },
      launcher: { suffix: ".cmd", kind: "cmd" },
    };
  }
  return {
    nodeInPackage: "package/bin/node",
    nodeInPlugin: "node/bin/node",
    binary: { format: os === "darwin" ? "Mach-O" : "ELF", arch: binaryArch },
    launcher: { suffix: "", kind: "sh" },
  };
}

/** The platform of this machine, in the engine's names; undefined where no tarball is packed. */
export function hostPlatform(os: string = process.platform, arch: string = process.arch): Platform | undefined {
  const name = `${os === "win32" ? "windows" : os}-${arch === "x64" ? "amd64" : arch}`;
  return (PLATFORMS as readonly string[]).includes(name) ? (name as Platform) : undefined;
}

/** The tarball's file name, as the engine asks a download server for it. */
export function tarballName(executable: string, version: string, platform: Platform): string {
  return `${executable}-v${version}-${platform}.tar.gz`;
}
