import * as assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { requireLanguageHost } from "./native-plugin";
import { type ProgramUnderTest, copyExample, configDrivenProgram } from "./native-program";
import { repoRoot } from "./toolchain";

const execFileAsync = promisify(execFile);
const javaSdk = path.join(repoRoot, "sdk", "java");

/** The Maven coordinates examples/java takes the SDK by: those sdk/java/pom.xml gives it. */
function sdkCoordinates(pom: string): { groupId: string; artifactId: string; version: string } {
  const text = fs.readFileSync(pom, "utf8");
  // The project's own elements come before <dependencies>; the first of each is the project's.
  const head = text.slice(0, text.indexOf("<dependencies>"));
  const element = (name: string) => {
    const match = new RegExp(`<${name}>([^<]+)</${name}>`).exec(head);
    assert.ok(match, `${pom} names its ${name}`);
    return match[1]!;
  };
  return { groupId: element("groupId"), artifactId: element("artifactId"), version: element("version") };
}

/** Runs mvn with `args` in `cwd` as the Java language host does (quiet); resolves with the seconds it took. */
export async function mvn(cwd: string, args: string[], env: Record<string, string>, what: string): Promise<number> {
  const started = process.hrtime.bigint();
  await execFileAsync(
    "mvn",
    ["-B", "--no-transfer-progress", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", ...args],
    { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
  ).catch((err: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
    if (err.code === "ENOENT") throw new Error("mvn is not on PATH: the Java language host builds the program with it");
    throw new Error(`mvn ${args.join(" ")} (${what}) failed:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * examples/java: the generated Java SDK (sdk/java), installed into the local Maven repository (~/.m2) as the
 * README tells a user; the trigger is the config string.
 */
export const javaProgram: ProgramUnderTest = {
  language: "Java",
  stackName: "java",
  requireTools() {
    requireLanguageHost("java", "Java");
    for (const [tool, args, install] of [
      ["java", ["-version"], "a JDK 11 or newer (Debian: apt-get install openjdk-17-jdk-headless)"],
      ["mvn", ["-v"], "Maven (Debian: apt-get install maven)"],
    ] as const) {
      try {
        execFileSync(tool, args, { stdio: "ignore" });
      } catch {
        throw new Error(
          `${tool} is missing: the Java language host builds and runs the program with it; install ${install}`,
        );
      }
    }
    if (!fs.existsSync(path.join(javaSdk, "pom.xml"))) {
      throw new Error("sdk/java/pom.xml is missing: the Java SDK is generated from the schema by `npm run sdk:gen`");
    }
  },
  // The language host finds mvn and java on PATH; nothing else.
  env: {},
  async prepare(dir, env) {
    // The SDK from a copy, so that its build leaves nothing in sdk/java; installed into ~/.m2 as a user does,
    // where the example's pom.xml finds it (and Maven caches what it downloads from Maven Central).
    const sdk = path.join(dir, "sdk-java");
    fs.cpSync(javaSdk, sdk, { recursive: true, filter: (source) => path.basename(source) !== "target" });
    const install = await mvn(sdk, ["install"], env, "installing sdk/java");
    const program = copyExample("java", dir);
    const { groupId, artifactId, version } = sdkCoordinates(path.join(javaSdk, "pom.xml"));
    const pom = fs.readFileSync(path.join(program, "pom.xml"), "utf8");
    assert.ok(
      pom.includes(
        `<groupId>${groupId}</groupId>\n      <artifactId>${artifactId}</artifactId>\n      <version>${version}</version>`,
      ),
      `examples/java/pom.xml depends on the SDK sdk/java builds (${groupId}:${artifactId}:${version})`,
    );
    // Built outside the engine for the figure: what every pulumi command that runs the program costs on top
    // (again: nothing to compile, Maven's start-up and up-to-date checks), and what the first one costs.
    const first = await mvn(program, ["compile"], env, "compiling examples/java");
    const again = await mvn(program, ["compile"], env, "compiling examples/java");
    console.log(
      `      mvn install of sdk/java: ${install.toFixed(1)} s; mvn compile of the program: ` +
        `${first.toFixed(1)} s first, ${again.toFixed(1)} s again`,
    );
    return program;
  },
  ...configDrivenProgram,
  // The Java language host runs `mvn compile exec:java` for every command that runs the program (up, preview).
  buildsOnEveryRun: true,
  // A first run downloads the Pulumi Java SDK, its dependencies and Maven's plugins into ~/.m2: minutes.
  timeoutMs: 900_000,
};
