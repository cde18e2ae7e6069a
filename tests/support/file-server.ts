import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/**
 * A download server for plugin tarballs, as a release page or a private mirror is to the engine: GET /<file>
 * answers the file of `dir` with its Content-Length (the engine refuses a download without one), anything else 404.
 * Every request is kept, to count what the engine fetched.
 */
export async function serveFiles(dir: string): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.slice(1));
    const file = path.join(dir, name);
    if (req.method !== "GET" || name.includes("/") || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/gzip", "Content-Length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
