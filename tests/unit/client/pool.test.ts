/**
 * Tests of the client pool: one client per distinct connection, a line naming the proxy when one is created, and
 * close. No request is sent.
 */
import assert from "node:assert/strict";
import { CceAutopilotClient } from "../../../provider/client/client";
import { ClientPool } from "../../../provider/client/pool";
import type { Connection } from "../../../provider/connection/resolve";
import { makeRuntime } from "../../../provider/runtime";

const ALL_CREDENTIALS = [
  "AK-0000000000000001",
  "SK-0000000000000001",
  "AK-0000000000000002",
  "SK-0000000000000002",
  "MIIE-token",
];

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    endpoint: new URL("https://cce.cn-north-4.myhuaweicloud.com"),
    region: "cn-north-4",
    projectId: "0123456789abcdef0123456789abcdef",
    auth: { kind: "aksk", accessKey: "AK-0000000000000001", secretKey: "SK-0000000000000001" },
    proxy: { httpsProxy: "", httpProxy: "", noProxy: "", display: undefined },
    secrets: ALL_CREDENTIALS,
    sources: { endpoint: "input region", auth: "HW_ACCESS_KEY", projectId: undefined },
    ...overrides,
  };
}

function pool() {
  const lines: string[] = [];
  return { pool: new ClientPool(makeRuntime({ log: (line) => lines.push(line) })), lines };
}

describe(ClientPool.name, function () {
  it("basic: the same connection gets the same client, logged about nothing", async function () {
    const { pool: clients, lines } = pool();
    const first = clients.clientFor(connection());
    assert.ok(first instanceof CceAutopilotClient);
    assert.equal(clients.clientFor(connection()), first, "an equal connection shares the client");
    assert.deepEqual(lines, []);
    await clients.close();
  });

  it("basic: region, secrets and sources are not part of what makes a connection distinct", async function () {
    const { pool: clients } = pool();
    const first = clients.clientFor(connection());
    const same = connection({
      region: "ap-southeast-3",
      secrets: [],
      sources: { endpoint: "x", auth: "y", projectId: "z" },
    });
    assert.equal(clients.clientFor(same), first);
    await clients.close();
  });

  // [what differs, a connection that differs from connection() only there]
  const distinct: [string, Partial<Connection>][] = [
    ["endpoint", { endpoint: new URL("https://cce.ap-southeast-3.myhuaweicloud.com") }],
    ["endpoint path", { endpoint: new URL("https://cce.cn-north-4.myhuaweicloud.com/gateway") }],
    ["project", { projectId: "fedcba9876543210fedcba9876543210" }],
    ["no project", { projectId: undefined }],
    ["access key", { auth: { kind: "aksk", accessKey: "AK-0000000000000002", secretKey: "SK-0000000000000001" } }],
    ["secret key", { auth: { kind: "aksk", accessKey: "AK-0000000000000001", secretKey: "SK-0000000000000002" } }],
    ["token", { auth: { kind: "token", token: "MIIE-token" } }],
    ["proxy", { proxy: { httpsProxy: "http://proxy.corp:3128/", httpProxy: "", noProxy: "", display: undefined } }],
    ["no_proxy", { proxy: { httpsProxy: "", httpProxy: "", noProxy: "*", display: undefined } }],
  ];
  for (const [what, overrides] of distinct) {
    it(`distinct: another ${what} gets its own client, kept for the next call`, async function () {
      const { pool: clients } = pool();
      const first = clients.clientFor(connection());
      const other = clients.clientFor(connection(overrides));
      assert.notEqual(other, first);
      assert.equal(clients.clientFor(connection(overrides)), other);
      assert.equal(clients.clientFor(connection()), first);
      await clients.close();
    });
  }

  it("proxy: the first client through a proxy logs the endpoint's host and the proxy as shown, once", async function () {
    const { pool: clients, lines } = pool();
    const proxy = {
      httpsProxy: "http://alice:s3cret@proxy.corp:3128/",
      httpProxy: "",
      noProxy: "",
      display: "http://***@proxy.corp:3128/ (https_proxy)",
    };
    clients.clientFor(connection({ proxy }));
    clients.clientFor(connection({ proxy }));
    assert.deepEqual(lines, [
      "cce.cn-north-4.myhuaweicloud.com: through proxy http://***@proxy.corp:3128/ (https_proxy)",
    ]);
    await clients.close();
  });

  it("close: closes every client, and the next call gets a new one", async function () {
    const { pool: clients } = pool();
    const closed: string[] = [];
    const made = [connection(), connection({ projectId: "fedcba9876543210fedcba9876543210" })].map((c, i) => {
      const client = clients.clientFor(c);
      const close = client.close.bind(client);
      client.close = async () => {
        closed.push(`client ${i}`);
        await close();
      };
      return client;
    });
    await clients.close();
    assert.deepEqual(closed.sort(), ["client 0", "client 1"]);
    const again = clients.clientFor(connection());
    assert.ok(!made.includes(again), "a closed client is not handed out again");
    await clients.close();
    assert.deepEqual(closed.sort(), ["client 0", "client 1"], "a client is closed once");
  });
});
