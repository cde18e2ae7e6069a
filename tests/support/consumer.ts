import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, tempDir } from "./toolchain";

let installed: string | undefined;

/**
 * A directory where this package is installed the way users install it: packed with `npm pack` and installed
 * from the tarball (a real directory in node_modules, not a link), next to @pulumi/pulumi, TypeScript and
 * ts-node. Programs copied into subdirectories resolve their modules from here, and so does the
 * dynamic-provider process, which requires `pulumi-cce-addon-rollback/provider` by name.
 * Built once per test process (packing and installing take a few seconds with a warm npm cache).
 */
export function installedConsumer(): string {
  if (installed) return installed;
  const dir = tempDir("consumer");
  // One install serves the whole process (tests, demo or bench); it goes when the process ends.
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const npm = (args: string[], cwd: string) =>
    execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], repoRoot)) as { filename: string }[];
  const tarball = path.join(dir, packed[0]!.filename);
  const root = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const example = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "examples", "quickstart", "package.json"), "utf8"),
  ) as {
    devDependencies: Record<string, string>;
  };
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "e2e-consumer",
        private: true,
        dependencies: {
          "pulumi-cce-addon-rollback": `file:${tarball}`,
          "@pulumi/pulumi": root.devDependencies["@pulumi/pulumi"],
        },
        devDependencies: example.devDependencies,
      },
      null,
      2,
    ),
  );
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir);
  installed = dir;
  return dir;
}

/** Copies a program (an example or a test program) into the consumer directory under `name`. */
export function copyProgram(source: string, name: string): string {
  const target = path.join(installedConsumer(), name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(source, target, {
    recursive: true,
    filter: (src) => !src.includes("node_modules") && !/Pulumi\.[^/]+\.yaml$/.test(src),
  });
  // The program's own package.json would make npm treat it as a separate project; modules come from the parent.
  fs.rmSync(path.join(target, "package.json"), { force: true });
  return target;
}
