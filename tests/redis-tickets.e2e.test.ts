/**
 * Connect tickets across instances (AUTH=jwt, BUS=redis): two hub processes on one real Redis,
 * as behind a round-robin load balancer with no stickiness. A ticket issued by instance A opens
 * `/ws` or `/sse` on instance B, events flow, and the used ticket is refused on A afterwards.
 * While Redis is away, ticket requests and ticket connects answer 503 (never 401, which the SDK
 * treats as final), and an SDK client waiting through the outage connects once Redis is back.
 * One private redis-server (tests/helpers/redis.ts); every hub pair on its own key prefix.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect, type HubClient } from "@tickerwire/client";
import { TOPICS } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { health, publishOk } from "./helpers/publish.ts";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "./helpers/redis.ts";
import { bearer, openSse, openWs, SECRET, status, ticket, token } from "./helpers/security.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(40_000);

let redis: RedisServer | undefined;
let prefixes = 0;
const PREFIX = `tw-e2e-tickets-${process.pid}-${Date.now().toString(36)}`;

function startJwtHub(id: string, keyPrefix: string): Promise<StartedHub> {
  return startHub({
    env: {
      AUTH: "jwt",
      JWT_SECRET: SECRET,
      BUS: "redis",
      REDIS_URL: redis!.url,
      REDIS_KEY_PREFIX: keyPrefix,
      INSTANCE_ID: id,
    },
  });
}

async function publishOn(base: string, s: string, i: number): Promise<number> {
  const [seq] = await publishOk(base, signal(s, i), { headers: bearer(await token({ scopes: ["publish"] })) });
  return seq as number;
}

const seqsOf = (messages: Record<string, unknown>[]) =>
  messages.filter((m) => m.type === "signal").map((m) => m.seq as number);

describe.skipIf(skipWithoutRedis())("tickets shared by two hubs on one Redis", () => {
  let a: StartedHub;
  let b: StartedHub;
  beforeAll(async () => {
    redis = await startRedisServer();
    const keyPrefix = `${PREFIX}-${prefixes++}`;
    const started = await Promise.allSettled([startJwtHub("a", keyPrefix), startJwtHub("b", keyPrefix)]);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    [a, b] = started.map((r) => (r.status === "fulfilled" ? r.value : undefined)) as [StartedHub, StartedHub];
    if (failed) throw failed.reason;
    expect((await health(a.url)).body.engine).toBe("redis");
  }, 40_000);
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  test("ws: a ticket issued by A opens /ws on B, events flow, and the used ticket is refused on A", async () => {
    const s = uniqueStrategy("Tk");
    const topics = `topics=${TOPICS.signal(s)}`;
    const t = await ticket(a.url, await token(), "ws");
    const ws = await openWs(b.url, `${topics}&ticket=${t}`);
    try {
      expect(ws.admitted).toBe(true);
      const seqs = [await publishOn(a.url, s, 0), await publishOn(b.url, s, 1)];
      await waitUntil(() => seqsOf(ws.messages).length >= 2, { timeoutMs: 10_000, what: "both events on B" });
      expect(seqsOf(ws.messages)).toEqual(seqs);
    } finally {
      ws.socket.close();
    }
    const again = await status(`${a.url}/ws?${topics}&ticket=${t}`);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("unauthorized");
    expect((await status(`${b.url}/ws?${topics}&ticket=${t}`)).status).toBe(401);
  });

  test("sse: a ticket issued by A opens /sse on B, events flow, and the used ticket is refused on A", async () => {
    const s = uniqueStrategy("Tk");
    const topics = `topics=${TOPICS.signal(s)}`;
    const t = await ticket(a.url, await token(), "sse");
    const sse = await openSse(b.url, `${topics}&ticket=${t}`);
    try {
      expect(sse.status).toBe(200);
      const seqs = [await publishOn(a.url, s, 0), await publishOn(b.url, s, 1)];
      await waitUntil(() => seqsOf(sse.events).length >= 2, { timeoutMs: 10_000, what: "both events on B" });
      expect(seqsOf(sse.events)).toEqual(seqs);
    } finally {
      sse.close();
    }
    const again = await status(`${a.url}/sse?${topics}&ticket=${t}`);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("unauthorized");
  });

  test("redeemed at the same moment on both instances, a ticket opens exactly one stream", async () => {
    const jwt = await token();
    for (let i = 0; i < 10; i++) {
      const t = await ticket(i % 2 ? a.url : b.url, jwt, "sse");
      const answers = await Promise.all([a, b].map((h) => status(`${h.url}/sse?topics=trade.>&ticket=${t}`)));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
    }
  });
});

describe.skipIf(skipWithoutRedis())("tickets while Redis is away", () => {
  let hub: StartedHub;
  const clients: HubClient[] = [];
  beforeAll(async () => {
    redis ??= await startRedisServer();
    await redis.start();
    hub = await startJwtHub("solo", `${PREFIX}-${prefixes++}`);
  }, 40_000);
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await hub?.dispose();
    await redis?.dispose();
  });

  test("ticket requests and ticket connects answer 503 with Retry-After; tickets work again when it returns", async () => {
    const jwt = await token();
    const before = await ticket(hub.url, jwt, "stream");
    await redis!.kill("SIGKILL");

    const post = await fetch(`${hub.url}/api/v1/tickets?for=ws`, { method: "POST", headers: bearer(jwt) });
    expect(post.status).toBe(503);
    expect(post.headers.get("retry-after")).toBe("1");
    expect(((await post.json()) as { error: string }).error).toBe("unavailable");
    for (const kind of ["ws", "sse"]) {
      const r = await status(`${hub.url}/${kind}?topics=trade.>&ticket=${before}`);
      expect(r.status).toBe(503);
      expect(r.body.error).toBe("unavailable");
      expect(r.headers.get("retry-after")).toBe("1");
    }
    // A wrong token is still a 401 (checked before the store).
    const forged = await token({ secret: "another-secret-that-is-long-enough-xxxxxxxx" });
    expect((await fetch(`${hub.url}/api/v1/tickets`, { method: "POST", headers: bearer(forged) })).status).toBe(401);

    await redis!.start();
    const after = await waitUntil(
      async () => {
        const r = await fetch(`${hub.url}/api/v1/tickets?for=sse`, { method: "POST", headers: bearer(jwt) });
        return r.status === 201 ? ((await r.json()) as { ticket: string }).ticket : null;
      },
      { timeoutMs: 15_000, what: "ticket requests to succeed again" },
    );
    const sse = await openSse(hub.url, `topics=trade.>&ticket=${after}`);
    sse.close();
    expect(sse.status).toBe(200);
  });

  test.each(["ws", "sse"] as const)(
    "%s: an SDK client keeps retrying through the outage and connects after it",
    async (kind) => {
      await redis!.kill("SIGKILL");
      const client = connect({
        url: hub.url,
        topics: [TOPICS.signal(uniqueStrategy("Tk"))],
        transports: [kind],
        token: () => token(),
        backoff: { minMs: 50, maxMs: 300 },
        reportIntervalMs: 0,
        env: { EventSource: EventSource as unknown as typeof globalThis.EventSource },
      });
      clients.push(client);
      await Bun.sleep(1_500);
      expect(client.state).not.toBe("closed");
      expect(client.state).not.toBe("open");
      await redis!.start();
      await waitUntil(() => client.state === "open", { timeoutMs: 15_000, what: "the client to connect" });
    },
  );
});
