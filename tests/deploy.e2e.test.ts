/**
 * The shipped proxy configs, run as written (tests/helpers/deploy.ts renders the templates):
 * deploy/nginx/tickerwire.conf and deploy/haproxy/tickerwire.cfg in front of one hub (WS and SSE
 * live, forwarding headers, body limit, SSE alive past 20 s idle on the hub's own heartbeat), and
 * nginx in front of two hubs on one Redis: clients spread over both, one fan-out, and when one
 * hub is SIGKILLed its SDK clients resume through nginx on the other without loss or duplicate.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect, type HubClient } from "@tickerwire/client";
import type { HubEvent } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import { CONSUMER_KINDS, type Consumer, ConsumerPool, FetchSseConsumer } from "./helpers/consumers/index.ts";
import { type DeployedProxy, haproxyPath, type ProxyKind, startDeployedProxy } from "./helpers/deploy.ts";
import { ORIGINAL_EXAMPLES, signal, signals, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { health, publish, publishOk } from "./helpers/publish.ts";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "./helpers/redis.ts";
import { requireTool, skipWithoutTool } from "./helpers/tools.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(30_000);

// HAProxy is optional on a developer machine and in CI (bootstrap does not install it).
const PROXIES: ProxyKind[] = haproxyPath() ? ["nginx", "haproxy"] : ["nginx"];
if (!haproxyPath()) console.warn("deploy tests: haproxy is not installed (apt-get install haproxy); HAProxy untested");
const IDLE_MS = 21_000;
/** These tests are about the proxies, not authentication (production start needs AUTH set). */
const NO_AUTH = { AUTH: "off" };

describe.skipIf(skipWithoutTool("nginx"))("the deploy configs in front of one hub", () => {
  let hub: StartedHub;
  const proxies = {} as Record<ProxyKind, DeployedProxy>;
  const pool = new ConsumerPool();
  beforeAll(async () => {
    requireTool("nginx");
    // The hub's defaults: heartbeat every 10 s, WebSocket pings every 30 s.
    hub = await startHub({ env: NO_AUTH });
    for (const kind of PROXIES) proxies[kind] = await startDeployedProxy(kind, [hub.url]);
  }, 30_000);
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await pool.closeAll();
    for (const p of Object.values(proxies)) await p.stop();
    await hub?.dispose();
  });

  const cases = PROXIES.flatMap((p) => CONSUMER_KINDS.map((k) => [p, k] as const));
  test.each(cases)(
    "%s, %s: events published through the proxy arrive at once and uncompressed",
    async (proxy, kind) => {
      const { url } = proxies[proxy];
      const c = await pool.open(kind, url);
      const seqs = await publishOk(
        url,
        ORIGINAL_EXAMPLES.map((x) => x.publish),
      );
      await c.waitFor(5);
      expect(c.seqs()).toEqual(seqs);
      expect(c.events.map((e): unknown => e.data)).toStrictEqual(ORIGINAL_EXAMPLES.map((x) => x.expected.data));
      expect(c.violations).toEqual([]);
      // Bun's fetch asks for gzip; an event stream must come back as it is.
      if (c instanceof FetchSseConsumer) expect(c.headers?.get("content-encoding") ?? null).toBeNull();

      // One at a time: each passes on at once (a proxy that batches or waits for ACKs shows ~200 ms
      // on every one of them). The fastest of 5 must be quick: a batching proxy still fails that,
      // while a scheduling stall on a loaded box only slows some of them.
      const lags: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = Date.now();
        await publishOk(hub.url, signal("Deploy", i));
        await c.waitFor(6 + i, 2000);
        lags.push((c.arrivals[5 + i] as number) - t);
        await Bun.sleep(50);
      }
      expect(Math.min(...lags)).toBeLessThan(100);
    },
  );

  test(
    "WS and SSE through each proxy stay open past 20 s idle and then get an event within 2 s",
    async () => {
      const s = uniqueStrategy();
      const consumers: [ProxyKind, Consumer][] = [];
      for (const proxy of PROXIES) {
        for (const kind of CONSUMER_KINDS) {
          consumers.push([proxy, await pool.open(kind, proxies[proxy].url, { topics: [TOPICS.signal(s)] })]);
        }
      }
      await Bun.sleep(IDLE_MS);
      for (const [proxy, c] of consumers) {
        expect({ proxy, kind: c.kind, ended: c.endInfo }).toEqual({ proxy, kind: c.kind, ended: null });
        // The hub's heartbeat got through (it is what keeps the proxies' read timeouts from firing).
        if (c instanceof FetchSseConsumer) expect(c.comments.length).toBeGreaterThanOrEqual(1);
      }
      const t = Date.now();
      const [seq] = await publishOk(hub.url, signal(s, 1));
      for (const [, c] of consumers) {
        await c.waitFor(1, 2000);
        expect(c.seqs()).toEqual([seq as number]);
        expect((c.arrivals[0] as number) - t).toBeLessThan(2000);
      }
    },
    IDLE_MS + 15_000,
  );

  test.each(PROXIES)(
    "%s: passes Host and X-Forwarded-For/-Proto on, and refuses a body over MAX_BODY_BYTES with 413",
    async (kind) => {
      // An echo upstream: what the proxy sends is what a hub would see.
      const echo = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch: async (req) =>
          Response.json({
            headers: Object.fromEntries(req.headers),
            bodyBytes: (await req.arrayBuffer()).byteLength,
          }),
      });
      const proxy = await startDeployedProxy(kind, [`http://127.0.0.1:${echo.port}`]);
      try {
        const r = await fetch(`${proxy.url}/api/v1/echo`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
        const seen = (await r.json()) as { headers: Record<string, string> };
        expect(seen.headers.host).toBe(`127.0.0.1:${proxy.port}`);
        expect(seen.headers["x-forwarded-for"]).toBe("203.0.113.9, 127.0.0.1");
        expect(seen.headers["x-forwarded-proto"]).toBe("http");

        const post = (n: number) => fetch(`${proxy.url}/api/v1/events`, { method: "POST", body: new Uint8Array(n) });
        const ok = await post(1 << 20);
        expect(ok.status).toBe(200);
        expect(((await ok.json()) as { bodyBytes: number }).bodyBytes).toBe(1 << 20);
        expect((await post((1 << 20) + 1)).status).toBe(413);
      } finally {
        await proxy.stop();
        echo.stop(true);
      }
    },
  );
});

/**
 * Publishes through a proxy, retrying on 502/503 (a dead upstream) a few times within a bounded
 * time; the Idempotency-Key makes a retry of a request that did reach a hub return its seqs again
 * instead of publishing twice.
 */
async function publishRetrying(url: string, item: unknown, idempotencyKey: string): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const r = await publish(url, item, { idempotencyKey });
    if (r.status === 202 && Array.isArray(r.body.seqs)) return r.body.seqs;
    if (attempt >= 5 || (r.status !== 502 && r.status !== 503)) {
      throw new Error(`publish answered ${r.status} (attempt ${attempt}): ${JSON.stringify(r.body).slice(0, 500)}`);
    }
    console.warn(`deploy: publish through the proxy answered ${r.status}; retrying (${attempt})`);
    await Bun.sleep(100 * attempt);
  }
}

describe.skipIf(skipWithoutTool("nginx") || skipWithoutRedis())("nginx in front of two hubs on one Redis", () => {
  let redis: RedisServer;
  let hubs: StartedHub[] = [];
  let nginx: DeployedProxy;
  const clients: { transport: "ws" | "sse"; client: HubClient; got: HubEvent[]; reconnects: number }[] = [];
  const strategy = uniqueStrategy("D");
  const published: number[] = [];

  beforeAll(async () => {
    requireTool("nginx");
    redis = await startRedisServer();
    const env = (id: string) => ({ ...NO_AUTH, BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: id });
    hubs = await Promise.all([startHub({ env: env("a") }), startHub({ env: env("b") })]);
    for (const h of hubs) expect((await health(h.url)).body.engine).toBe("redis");
    nginx = await startDeployedProxy(
      "nginx",
      hubs.map((h) => h.url),
    );
  }, 40_000);
  afterAll(async () => {
    for (const c of clients) c.client.close();
    await nginx?.stop();
    await Promise.all(hubs.map((h) => h.dispose()));
    await redis?.dispose();
  });

  const clientCounts = async () =>
    Promise.all(
      hubs.map(async (h) => {
        const { ws, sse } = (await health(h.url)).body.clients;
        return ws + sse;
      }),
    );

  test("SDK clients connected through nginx land on both hubs, and each gets every event once, in order", async () => {
    // One at a time, so nginx's round-robin spreads them: ws, ws, sse, sse -> each hub one of each.
    for (const transport of ["ws", "ws", "sse", "sse"] as const) {
      const client = connect({
        url: nginx.url,
        topics: [TOPICS.signal(strategy)],
        transports: [transport],
        backoff: { minMs: 50, maxMs: 300 },
        reportIntervalMs: 0,
        env: { EventSource: EventSource as unknown as typeof globalThis.EventSource },
      });
      const entry = { transport, client, got: [] as HubEvent[], reconnects: 0 };
      client.on("event", (e) => entry.got.push(e));
      client.on("state", (ch) => {
        if (ch.to === "reconnecting") entry.reconnects++;
      });
      clients.push(entry);
      await waitUntil(() => client.state === "open", { timeoutMs: 10_000, what: `${transport} client to open` });
    }
    const counts = await clientCounts();
    expect(counts.every((n) => n >= 1)).toBe(true);
    expect(counts[0]! + counts[1]!).toBe(4);

    for (let i = 0; i < 10; i++) published.push(...(await publishOk(nginx.url, signal(strategy, i))));
    await waitUntil(() => clients.every((c) => c.got.length >= 10), { what: "10 events on every client" });
    await Bun.sleep(150);
    for (const c of clients) expect(c.got.map((e) => e.seq)).toEqual(published);
  });

  test("after one hub is SIGKILLed its clients resume through nginx on the other without loss or duplicate", async () => {
    const [a, b] = hubs as [StartedHub, StartedHub];
    const [onA] = await clientCounts();
    expect(onA).toBeGreaterThanOrEqual(1);
    const replays: { truncated: boolean }[] = [];
    for (const c of clients) c.client.on("replayed", (m) => replays.push(m));

    await a.kill("SIGKILL");
    // Straight away, while its clients reconnect: nginx must skip the dead upstream. A POST can
    // still get 502 once (nginx reuses a keepalive connection to the dead hub and does not retry a
    // non-idempotent request): retry it with an Idempotency-Key, so it is published exactly once.
    for (let i = 0; i < 10; i++) {
      published.push(...(await publishRetrying(nginx.url, signal(strategy, 100 + i), `${strategy}-failover-${i}`)));
    }
    await waitUntil(() => clients.every((c) => c.client.state === "open" && c.got.length >= 20), {
      timeoutMs: 20_000,
      what: "every client open again with all 20 events",
    });
    published.push(...(await publishRetrying(nginx.url, signals(strategy, 5), `${strategy}-after`)));
    await waitUntil(() => clients.every((c) => c.got.length >= 25), { what: "live events after the failover" });
    await Bun.sleep(150);

    for (const c of clients) expect(c.got.map((e) => e.seq)).toEqual(published);
    // Exactly a's clients reconnected; b's were untouched. All are on b now.
    expect(clients.reduce((n, c) => n + (c.reconnects > 0 ? 1 : 0), 0)).toBe(onA as number);
    expect(replays.every((r) => !r.truncated)).toBe(true);
    const { ws, sse } = (await health(b.url)).body.clients;
    expect(ws + sse).toBe(4);
  });
});
