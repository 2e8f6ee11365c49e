/**
 * The SDK's `token` option against a hub with AUTH=jwt, on both transports: the client trades
 * its JWT for a single-use ticket before each (re)connect, keeps a WebSocket alive by refreshing
 * the token in place, and resumes an SSE stream that ended at token expiry with a new ticket —
 * without losing or repeating an event. A client whose token is refused stops (401 is fatal).
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect, type HubClient } from "@tickerwire/client";
import { type HubEvent, TOPICS } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { publishOk } from "./helpers/publish.ts";
import { bearer, SECRET, token } from "./helpers/security.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(30_000);
let hub: StartedHub;
const clients: HubClient[] = [];
beforeAll(async () => {
  hub = await startHub({ env: { AUTH: "jwt", JWT_SECRET: SECRET } });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => hub?.dispose());

async function publish(s: string, i: number): Promise<number> {
  const [seq] = await publishOk(hub.url, signal(s, i), { headers: bearer(await token({ scopes: ["publish"] })) });
  return seq as number;
}

function open(kind: "ws" | "sse", s: string, tokenFn: () => Promise<string>) {
  const client = connect({
    url: hub.url,
    topics: [TOPICS.signal(s)],
    transports: [kind],
    token: tokenFn,
    backoff: { minMs: 50, maxMs: 300 },
    reportIntervalMs: 0,
    env: { EventSource: EventSource as unknown as typeof globalThis.EventSource },
  });
  clients.push(client);
  const got: HubEvent[] = [];
  const errors: string[] = [];
  let reconnects = 0;
  client.on("event", (e) => got.push(e));
  client.on("error", (e) => errors.push(e.message));
  client.on("state", (c) => {
    if (c.to === "reconnecting") reconnects++;
  });
  return { client, got, errors, reconnects: () => reconnects };
}

describe.each(["ws", "sse"] as const)("%s: SDK with a token", (kind) => {
  test("connects with a ticket and receives events; short-lived tokens are renewed without loss", async () => {
    const s = uniqueStrategy("Sdk");
    let issued = 0;
    const c = open(kind, s, () => {
      issued++;
      return token({ ttlS: 3, subscribe: ["strategy.*.signal"] });
    });
    await waitUntil(() => c.client.state === "open", { timeoutMs: 10_000, what: "open" });
    const seqs: number[] = [];
    // Publish across more than two token lifetimes.
    for (let i = 0; i < 40; i++) {
      seqs.push(await publish(s, i));
      await Bun.sleep(175);
    }
    await waitUntil(() => c.got.length >= seqs.length, { timeoutMs: 10_000, what: "every event" });
    expect(c.got.map((e) => e.seq)).toEqual(seqs);
    expect(issued).toBeGreaterThanOrEqual(3);
    // WebSocket: refreshed in place over the socket; SSE: reconnected at expiry with a new ticket.
    if (kind === "ws") expect(c.reconnects()).toBe(0);
    else expect(c.reconnects()).toBeGreaterThanOrEqual(1);
  });

  test("a refused token stops the client instead of retrying forever", async () => {
    const c = open(kind, uniqueStrategy(), () => token({ secret: "wrong-secret-wrong-secret-wrong-secret-xx" }));
    await waitUntil(() => c.client.state === "closed", { timeoutMs: 10_000, what: "closed" });
  });
});
