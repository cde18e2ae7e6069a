import * as pulumi from "@pulumi/pulumi";
import type { CceAutopilotClient } from "../provider/client/client";
import type { RequestBudgets } from "../provider/client/pool";
import type { ConnectionInputs } from "../provider/connection/resolve";
import type { Deadline } from "../provider/deadline";

/**
 * What the program's read functions (getAddonInstance, listAddonInstances) share: one request budget per account
 * and endpoint in the program's process, whatever the number of calls (a program that reads 100 add-ons at once
 * stays within the gateway's rate as one `up` of the resources does). Created on the first call.
 */
let budgets: RequestBudgets | undefined;

/**
 * Runs `read` with a client for the connection that `inputs`, the `huaweicloud:*` stack config and the environment
 * give, within `timeoutSeconds`. No progress lines: a read helper must not print into the program's output.
 */
export async function withProgramClient<T>(
  inputs: ConnectionInputs,
  timeoutSeconds: number,
  label: string,
  read: (client: CceAutopilotClient, deadline: Deadline, projectId: string | undefined) => Promise<T>,
): Promise<T> {
  // Loaded here, not at import: programs that only declare resources should not pay for the HTTP client.
  const { resolveConnection } =
    require("../provider/connection/resolve") as typeof import("../provider/connection/resolve");
  const { ClientPool, RequestBudgets } = require("../provider/client/pool") as typeof import("../provider/client/pool");
  const { Deadline } = require("../provider/deadline") as typeof import("../provider/deadline");
  const { makeRuntime } = require("../provider/runtime") as typeof import("../provider/runtime");
  // runtime.getConfig reads the stack's config without the secret-value warnings of Config.get: the values
  // are used to sign requests here and are never returned or logged.
  const connection = resolveConnection(inputs, (key) => pulumi.runtime.getConfig(key), process.env);
  const runtime = makeRuntime();
  budgets ??= new RequestBudgets(runtime.clock);
  const clients = new ClientPool(runtime, budgets);
  const deadline = new Deadline(
    runtime.clock,
    timeoutSeconds * 1000,
    `${label}'s timeoutSeconds (${timeoutSeconds} s)`,
  );
  try {
    return await read(clients.clientFor(connection), deadline, connection.projectId);
  } finally {
    await clients.close();
  }
}
