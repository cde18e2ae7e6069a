/**
 * Runs the CCE Autopilot add-on API emulator as a standalone server (for the demo and manual checks).
 *
 *   node dist/tests/emulator/cli.js [--port N] [--host H] [--seed seed.json] [--faults faults.json]
 *                                   [--rollback-ms 2000] [--stale-read-ms 0] [--rate-limit N]
 *
 * Prints one line with the URL and the test access key id, then serves until SIGINT or SIGTERM.
 * Exit codes: 0 after a clean shutdown, 2 on bad arguments, 1 if the server cannot start.
 * @internal
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseFaultRules, type FaultRule } from "./faults";
import { parseSeed, type AddonSeed } from "./model";
import { TEST_CREDENTIALS, startEmulator, type EmulatorOptions } from "./server";

const USAGE = `usage: cli.js [--port N] [--host H] [--seed seed.json] [--faults faults.json] [--rollback-ms MS] [--stale-read-ms MS]
              [--rate-limit N]

  --port N            port to listen on (default 0: a free port)
  --host H            address to bind (default 127.0.0.1)
  --seed FILE         JSON add-on seed or array of seeds (default: one coredns instance, 1.28.6 -> 1.28.4)
  --faults FILE       JSON fault rule or array of rules
  --rollback-ms MS    how long a rollback stays "rollbacking" (default 2000)
  --stale-read-ms MS  how long reads return the pre-rollback state after an accepted rollback (default 0)
  --rate-limit N      requests per second each caller may send (bursts of N, at least 1); more get 429 APIG.0308
                      (default: no limit)
`;

/** A command-line mistake: reported with the usage and exit code 2. @internal */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The parsed command line. @internal */
export interface CliConfig {
  help: boolean;
  options: EmulatorOptions;
  faults: FaultRule[];
}

/**
 * Parses the command line.
 * @param args - arguments after the script name.
 * @param readFile - reads a file as text (injected for tests).
 * @throws UsageError naming the flag at fault.
 * @internal
 */
export function parseCli(args: string[], readFile: (path: string) => string = readText): CliConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        faults: { type: "string" },
        "rollback-ms": { type: "string" },
        "stale-read-ms": { type: "string" },
        "rate-limit": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const options: EmulatorOptions = {};
  const port = integerFlag(values, "port", 65535);
  if (port !== undefined) options.port = port;
  const host = values["host"];
  if (typeof host === "string") {
    if (host === "") throw new UsageError("--host must not be empty");
    options.host = host;
  }
  const rollbackMs = integerFlag(values, "rollback-ms", 24 * 60 * 60 * 1000);
  if (rollbackMs !== undefined) options.defaultRollbackDurationMs = rollbackMs;
  const staleMs = integerFlag(values, "stale-read-ms", 24 * 60 * 60 * 1000);
  if (staleMs !== undefined) options.staleReadMs = staleMs;
  const rateLimit = positiveFlag(values, "rate-limit", MAX_RATE_LIMIT);
  if (rateLimit !== undefined) options.rateLimit = { requestsPerSecond: rateLimit };
  const seedFile = values["seed"];
  if (typeof seedFile === "string") {
    const json = jsonFile("seed", seedFile, readFile);
    try {
      options.seed = (Array.isArray(json) ? json : [json]).map((s): AddonSeed => parseSeed(s));
    } catch (err) {
      throw new UsageError(`--seed ${seedFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let faults: FaultRule[] = [];
  const faultsFile = values["faults"];
  if (typeof faultsFile === "string") {
    try {
      faults = parseFaultRules(jsonFile("faults", faultsFile, readFile));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--faults ${faultsFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { help: values["help"] === true, options, faults };
}

function integerFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  max: number,
): number | undefined {
  const raw = values[name];
  if (typeof raw !== "string") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new UsageError(`--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** Far above anything a test or a bench sends; a typo such as 1e9 is more likely than a need for it. */
const MAX_RATE_LIMIT = 1_000_000;

/** A positive decimal number (`5`, `0.5`); not `0`, `-1`, `1e3` or `Infinity`. */
function positiveFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  max: number,
): number | undefined {
  const raw = values[name];
  if (typeof raw !== "string") return undefined;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > max) {
    throw new UsageError(`--${name} must be a positive number up to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function jsonFile(flag: string, path: string, readFile: (path: string) => string): unknown {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    throw new UsageError(`--${flag} ${path}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--${flag} ${path}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readText(path: string): string {
  return readFileSync(path, "utf8");
}

async function main(): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCli(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const emulator = await startEmulator(config.options);
  if (config.faults.length > 0) emulator.injectFaults(...config.faults);
  // The secret is documented in the source for tests; printing it would teach people to copy it from logs.
  process.stdout.write(
    `CCE Autopilot emulator listening on ${emulator.url} (access key id ${TEST_CREDENTIALS.accessKey})\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.close();
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
