/**
 * What kind of executable a file is, read from its first bytes: ELF (Linux), Mach-O (macOS) or PE (Windows), and
 * for which processor. The pack checks each Node.js it puts in a tarball, and the tests check the tarballs, since
 * no binary but linux-amd64's can be run here.
 * References: the ELF header (e_machine at 18: 0x3e x86-64, 0xb7 AArch64); Mach-O's mach_header_64 (magic
 * 0xfeedfacf, cputype at 4: 0x01000007 x86-64, 0x0100000c arm64); PE/COFF (the "PE\0\0" signature at the offset
 * held at 0x3c, then Machine: 0x8664 x64, 0xaa64 arm64).
 */
import type { BinaryKind } from "./platforms";

export function binaryKind(header: Buffer): BinaryKind | undefined {
  if (header.length >= 20 && header.readUInt32BE(0) === 0x7f454c46) {
    const little = header[5] === 1;
    const machine = little ? header.readUInt16LE(18) : header.readUInt16BE(18);
    const arch = machine === 0x3e ? "x86-64" : machine === 0xb7 ? "arm64" : undefined;
    return arch && { format: "ELF", arch };
  }
  if (header.length >= 8 && header.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = header.readUInt32LE(4);
    const arch = cpu === 0x01000007 ? "x86-64" : cpu === 0x0100000c ? "arm64" : undefined;
    return arch && { format: "Mach-O", arch };
  }
  if (header.length >= 0x40 && header.toString("latin1", 0, 2) === "MZ") {
    const pe = header.readUInt32LE(0x3c);
    if (header.length < pe + 6 || header.toString("latin1", pe, pe + 4) !== "PE\0\0") return undefined;
    const machine = header.readUInt16LE(pe + 4);
    const arch = machine === 0x8664 ? "x86-64" : machine === 0xaa64 ? "arm64" : undefined;
    return arch && { format: "PE", arch };
  }
  return undefined;
}

/** How many leading bytes {@link binaryKind} may need (a PE header is found through an offset). */
export const HEADER_BYTES = 4096;
