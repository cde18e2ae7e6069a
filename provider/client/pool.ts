import { createHash } from "node:crypto";
import type { Connection } from "../connection/resolve";
import type { Runtime } from "../runtime";
import type { Clock } from "../clock";
import { CceAutopilotClient } from "./client";
import { RequestBudget } from "./request-budget";
import { DEFAULT_MAX_REQUESTS_PER_SECOND } from "../connection/settings";

/**
 * One request budget per account (its access key, or its token) and endpoint host: the gateway counts a user's
 * requests whatever the project or proxy. Keyed by hashes, so that no secret is kept as a map key.
 * @internal
 */
export class RequestBudgets {
  private readonly budgets = new Map<string, RequestBudget>();

  constructor(private readonly clock: Clock) {}

  /** The connection's budget, created on first use at its `maxRequestsPerSecond`. */
  budgetFor(connection: Connection): RequestBudget {
    const { auth } = connection;
    const rate = connection.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
    const key = createHash("sha256")
      .update(JSON.stringify([connection.endpoint.host, auth.kind === "aksk" ? auth.accessKey : auth.token, rate]))
      .digest("hex");
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = new RequestBudget(this.clock, { maxPerSecond: rate });
      this.budgets.set(key, budget);
    }
    return budget;
  }
}

/**
 * One client, with its keep-alive connection pool, per distinct connection (endpoint, project, credentials,
 * proxy): the resources of one deployment that share an account share sockets, and the clients of one account and
 * endpoint share its request budget. Keyed by a hash, so that no secret is kept as a map key.
 * @internal
 */
export class ClientPool {
  private readonly clients = new Map<string, CceAutopilotClient>();
  private readonly budgets: RequestBudgets;

  /** @param budgets - request budgets to share with other pools of the process (by default, this pool's own). */
  constructor(
    private readonly runtime: Runtime,
    budgets?: RequestBudgets,
  ) {
    this.budgets = budgets ?? new RequestBudgets(runtime.clock);
  }

  /** The client for `connection`, created on first use (with a line naming the proxy, when there is one). */
  clientFor(connection: Connection): CceAutopilotClient {
    const key = createHash("sha256")
      .update(JSON.stringify([connection.endpoint.href, connection.projectId, connection.auth, connection.proxy]))
      .digest("hex");
    let client = this.clients.get(key);
    if (!client) {
      client = new CceAutopilotClient({
        connection,
        runtime: this.runtime,
        budget: this.budgets.budgetFor(connection),
      });
      this.clients.set(key, client);
      if (connection.proxy.display) {
        this.runtime.log(`${connection.endpoint.host}: through proxy ${connection.proxy.display}`);
      }
    }
    return client;
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.close()));
  }
}
