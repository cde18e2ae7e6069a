/**
 * Child process of the body-limit bench: reads one add-on from `url` and prints its own peak RSS as JSON, so that
 * the emulator streaming the body does not count. `mode` is `client` (CceAutopilotClient, as the provider reads)
 * or `unbounded` (undici with the whole body buffered, as the transport read before bodies were bounded).
 */
import { request } from "undici";
import { resolveConnection } from "../provider/connection/resolve";
import { signRequest } from "../provider/auth/signer";
import { CceAutopilotClient } from "../provider/client/client";
import { TEST_CREDENTIALS } from "../tests/emulator";

async function main(): Promise<void> {
  const [url = "", mode = "client", clusterId = "", addonId = ""] = process.argv.slice(2);
  let outcome: string;
  const connection = resolveConnection({ endpoint: url }, () => undefined, {
    HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
    HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
  });
  if (mode === "unbounded" && connection.auth.kind === "aksk") {
    const target = new URL(`${url}/autopilot/v3/addons/${addonId}?cluster_id=${clusterId}`);
    const headers = { host: target.host, "content-type": "application/json" };
    const signed = signRequest({ method: "GET", url: target, headers, body: "" }, connection.auth, new Date());
    const res = await request(target, { headers: signed });
    outcome = `read ${(await res.body.text()).length} characters`;
  } else {
    const client = new CceAutopilotClient({ connection });
    outcome = await client.showAddonInstance(clusterId, addonId).then(
      () => "read",
      (err: unknown) => (err as Error).message,
    );
    await client.close();
  }
  console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, outcome }));
}

void main();
