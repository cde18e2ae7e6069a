import { createHash } from "node:crypto";
import type { Connection } from "../connection/resolve";
import type { Runtime } from "../runtime";
import { CceAutopilotClient } from "./client";

/**
 * One client, with its keep-alive connection pool, per distinct connection (endpoint, project, credentials,
 * proxy): the resources of one deployment that share an account share sockets. Keyed by a hash, so that no secret
 * is kept as a map key.
 * @internal
 */
export class ClientPool {
  private readonly clients = new Map<string, CceAutopilotClient>();

  constructor(private readonly runtime: Runtime) {}

  /** The client for `connection`, created on first use (with a line naming the proxy, when there is one). */
  clientFor(connection: Connection): CceAutopilotClient {
    const key = createHash("sha256")
      .update(JSON.stringify([connection.endpoint.href, connection.projectId, connection.auth, connection.proxy]))
      .digest("hex");
    let client = this.clients.get(key);
    if (!client) {
      client = new CceAutopilotClient({ connection, runtime: this.runtime });
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
