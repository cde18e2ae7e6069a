/**
 * A real HTTP CONNECT proxy on loopback, as corporate networks run them: it opens a TCP tunnel to the host:port a
 * client asks for, optionally only with the right `Proxy-Authorization`, and counts what it did.
 */
import { once } from "node:events";
import { type Server, createServer } from "node:http";
import { type AddressInfo, type Socket, connect } from "node:net";

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** One entry per CONNECT request: the target and the status answered (0: none, the tunnel was left hanging). */
  readonly connects: { target: string; status: number }[];
  close(): Promise<void>;
}

/** Which tunnels the proxy refuses (403) or never answers, by target (`host:port`). */
export interface TunnelRules {
  refuse?: (target: string) => boolean;
  hang?: (target: string) => boolean;
}

/**
 * @param credentials - when given, a CONNECT without `Proxy-Authorization: Basic base64(user:password)` gets 407.
 * @param rules - tunnels refused or left unanswered, as a corporate proxy does for what it does not know.
 */
export async function startConnectProxy(
  credentials?: { user: string; password: string },
  rules: TunnelRules = {},
): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const connects: { target: string; status: number }[] = [];
  const expected =
    credentials && `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end("this proxy only tunnels (CONNECT)");
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    const target = req.url ?? "";
    if (rules.hang?.(target)) {
      connects.push({ target, status: 0 });
      return;
    }
    if (rules.refuse?.(target)) {
      connects.push({ target, status: 403 });
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    if (expected && req.headers["proxy-authorization"] !== expected) {
      connects.push({ target, status: 407 });
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const [host, port] = splitHostPort(target);
    const upstream = connect(port, host, () => {
      connects.push({ target, status: 200 });
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => {
      connects.push({ target, status: 502 });
      client.destroy();
    });
    client.on("error", () => upstream.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitHostPort(target: string): [string, number] {
  const index = target.lastIndexOf(":");
  return [target.slice(0, index).replace(/^\[|\]$/g, ""), Number(target.slice(index + 1))];
}
