/**
 * Judges a release folder: the files it must hold and nothing else, SHA256SUMS true to them, one version in every
 * place an artifact names one, and LICENSE (and the other files each must carry) in every artifact. Pure: each
 * finding is a sentence naming the file, what it says and what it should say.
 */
import type { ArtifactFacts } from "./inspect";
import { SUMS_FILE } from "./layout";

export interface ReleaseFolder {
  /** The files a release of this version holds (releaseFiles). */
  expected: string[];
  /** The files the folder holds, SHA256SUMS included, relative to it. */
  present: string[];
  /** SHA256SUMS as listed, or why it could not be read. */
  sums: Map<string, string> | Error;
  /** The SHA-256 of each present file. */
  digests: Map<string, string>;
  facts: ArtifactFacts[];
}

export function releaseFindings(folder: ReleaseFolder): string[] {
  const findings: string[] = [];
  const present = new Set(folder.present);
  for (const file of folder.expected) if (!present.has(file)) findings.push(`${file} is missing`);
  for (const file of folder.present) {
    if (file !== SUMS_FILE && !folder.expected.includes(file)) findings.push(`${file} does not belong to this release`);
  }

  if (folder.sums instanceof Error) {
    findings.push(`${SUMS_FILE}: ${folder.sums.message}`);
  } else {
    for (const [file, sha256] of folder.sums) {
      const actual = folder.digests.get(file);
      if (actual === undefined) findings.push(`${SUMS_FILE} lists ${file}, which is not in the folder`);
      else if (actual !== sha256) findings.push(`${file}: sha256 ${actual}, but ${SUMS_FILE} says ${sha256}`);
    }
    for (const file of folder.present) {
      if (file !== SUMS_FILE && !folder.sums.has(file)) findings.push(`${file} is not in ${SUMS_FILE}`);
    }
  }

  for (const { file, marks, missing } of folder.facts) {
    for (const { where, found, expected, kind } of marks) {
      if (found === undefined) findings.push(`${file}: no ${kind ?? "version"} in ${where} (expected ${expected})`);
      else if (found !== expected) findings.push(`${file}: ${where} says ${found}, not ${expected}`);
    }
    for (const name of missing) findings.push(`${file}: has no ${name}`);
  }
  return findings;
}
