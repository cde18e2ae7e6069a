import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { type ConfigMap, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { ROLLBACK_TYPE, type StateResource } from "./native-plugin";
import { pulumiCommand, toolchainBin } from "./toolchain";

const execFileAsync = promisify(execFile);

/** A stack of a program that uses the cce-autopilot plugin, with the CLI commands the tests read its state with. */
export interface NativeStack {
  stack: Stack;
  /** `pulumi stack export`: the whole text, and the rollback's record if there is one. */
  exportRollback(showSecrets: boolean): Promise<{ text: string; resource: StateResource | undefined }>;
  /** Removes the stack, whatever is left in it. */
  remove(): Promise<void>;
}

/** Creates (or selects) `stackName` of the program in `programDir`, with `config` set, run with `env`. */
export async function nativeStack(
  programDir: string,
  stackName: string,
  env: Record<string, string>,
  config: ConfigMap,
): Promise<NativeStack> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: programDir },
    { pulumiCommand: await pulumiCommand(), envVars: env },
  );
  await stack.setAllConfig(config);
  return {
    stack,
    async exportRollback(showSecrets) {
      const args = ["stack", "export", ...(showSecrets ? ["--show-secrets"] : []), "--stack", stackName];
      const { stdout } = await execFileAsync(path.join(toolchainBin, "pulumi"), args, {
        cwd: programDir,
        env: { ...process.env, ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      const state = JSON.parse(stdout) as { deployment: { resources?: StateResource[] } };
      return { text: stdout, resource: state.deployment.resources?.find((r) => r.type === ROLLBACK_TYPE) };
    },
    async remove() {
      await stack.workspace.removeStack(stackName, { force: true });
    },
  };
}
