/**
 * Scale-out on the Redis engine: two hub processes (BUS=redis, REDIS_URL, INSTANCE_ID) on one
 * private redis-server (AOF, appendfsync always). One seq across both; an event published on either
 * reaches WS and SSE clients on both, once, in order; a client resumes on the other hub; Redis
 * restarted mid-stream loses nothing acknowledged; a hub killed with SIGKILL hands its SDK client
 * over to the other one (url list) without loss.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect, type HubClient } from "@tickerwire/client";
import type { HubEvent } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import type { Consumer } from "./helpers/consumers/index.ts";
import { CONSUMER_KINDS, ConsumerPool } from "./helpers/consumers/index.ts";
import { signal, signals, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { health, publish, publishOk } from "./helpers/publish.ts";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "./helpers/redis.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(60_000);
const pool = new ConsumerPool();
afterEach(() => pool.closeAll());

const redisEnv = (redis: RedisServer, id: string) => ({ BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: id });

/** Two hubs on one Redis; fails clearly (stopping whichever did start) when the server does not run the Redis engine. */
async function startPair(redis: RedisServer): Promise<[StartedHub, StartedHub]> {
  const settled = await Promise.allSettled([
    startHub({ env: redisEnv(redis, "a") }),
    startHub({ env: redisEnv(redis, "b") }),
  ]);
  const hubs = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  const engines = await Promise.all(hubs.map(async (h) => (await health(h.url)).body.engine));
  if (failed || engines.some((e) => e !== "redis")) {
    await Promise.all(hubs.map((h) => h.dispose()));
    if (failed) throw failed.reason;
    throw new Error(`the hubs run bus engine ${JSON.stringify(engines)} with BUS=redis: the server must wire it`);
  }
  return hubs as [StartedHub, StartedHub];
}

const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe.skipIf(skipWithoutRedis())("two hubs on one Redis", () => {
  let redis: RedisServer;
  let a: StartedHub;
  let b: StartedHub;
  beforeAll(async () => {
    redis = await startRedisServer();
    [a, b] = await startPair(redis);
  }, 40_000);
  afterAll(async () => {
    await pool.closeAll();
    await Promise.all([a?.dispose(), b?.dispose()]);
    await redis?.dispose();
  });

  test("health names each instance and the state of its Redis connections", async () => {
    for (const [hub, id] of [
      [a, "a"],
      [b, "b"],
    ] as const) {
      const h = (await health(hub.url)).body;
      expect(h).toMatchObject({ status: "ok", engine: "redis", instance: id });
      expect(h.redis).toMatchObject({ state: "connected", subscriber: "connected", url: redis.url });
    }
  });

  test("an event published on either hub reaches WS and SSE clients on both, once, in order", async () => {
    const s = uniqueStrategy();
    const consumers: Consumer[] = [];
    for (const hub of [a, b]) {
      for (const kind of CONSUMER_KINDS) consumers.push(await pool.open(kind, hub.url, { topics: [TOPICS.signal(s)] }));
    }
    const seqs: number[] = [];
    for (let i = 0; i < 10; i++) seqs.push(...(await publishOk((i % 2 ? a : b).url, signals(s, 3))));
    expect(strictlyIncreasing(seqs)).toBe(true);
    for (const c of consumers) await c.waitFor(30, 10_000);
    await Bun.sleep(150);
    for (const c of consumers) {
      expect(c.seqs()).toEqual(seqs);
      expect(c.violations).toEqual([]);
    }
    // Same content everywhere.
    const first = consumers[0]!.events.map((e) => JSON.stringify(e));
    for (const c of consumers) expect(c.events.map((e) => JSON.stringify(e))).toEqual(first);
  });

  test("seqs are one sequence across both hubs, also under concurrent publishing", async () => {
    const s = uniqueStrategy();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => publishOk((i % 2 ? a : b).url, i % 5 ? signal(s, i) : signals(s, 3))),
    );
    const all = answers.flat().sort((x, y) => x - y);
    expect(new Set(all).size).toBe(all.length);
    for (const seqs of answers) expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const top = all[all.length - 1]!;
    await waitUntil(
      async () => (await health(a.url)).body.current_seq >= top && (await health(b.url)).body.current_seq >= top,
      { timeoutMs: 5_000, what: "both hubs to report the shared seq" },
    );
    const [ha, hb] = await Promise.all([health(a.url), health(b.url)]);
    expect(ha.body.epoch).toBe(hb.body.epoch);
  });

  test.each(CONSUMER_KINDS)("%s: a client resumes from one hub on the other without gap or duplicate", async (kind) => {
    const s = uniqueStrategy();
    const topics = [TOPICS.signal(s)];
    const onA = await pool.open(kind, a.url, { topics });
    const seen = await publishOk(a.url, signals(s, 3));
    await onA.waitFor(3);
    const token = onA.lastToken() as string;
    await onA.close();
    const missed = [...(await publishOk(a.url, signals(s, 5))), ...(await publishOk(b.url, signals(s, 5)))];

    const onB = await pool.open(kind, b.url, { topics, lastSeq: token });
    await onB.waitFor((x) => x.controlOf("replayed").length === 1, 10_000);
    expect(onB.seqs()).toEqual(missed);
    expect(onB.controlOf("replayed")[0]).toMatchObject({ count: 10, truncated: false });
    const [live] = await publishOk(a.url, signal(s, 99));
    await onB.waitFor(11);
    await Bun.sleep(100);
    expect(onB.seqs()).toEqual([...missed, live as number]);
    expect(onB.seqs().some((x) => seen.includes(x))).toBe(false);
    expect(onB.violations).toEqual([]);
  });
});

describe.skipIf(skipWithoutRedis())("Redis restarted during a publish stream", () => {
  let redis: RedisServer;
  let a: StartedHub;
  let b: StartedHub;
  beforeAll(async () => {
    redis = await startRedisServer();
    [a, b] = await startPair(redis);
  }, 40_000);
  afterAll(async () => {
    await pool.closeAll();
    await Promise.all([a?.dispose(), b?.dispose()]);
    await redis?.dispose();
  });

  test("publishes answer 503 while Redis is away, no acknowledged event is lost, connected clients catch up", async () => {
    const s = uniqueStrategy();
    const consumers: Consumer[] = [];
    for (const hub of [a, b]) {
      for (const kind of CONSUMER_KINDS) consumers.push(await pool.open(kind, hub.url, { topics: [TOPICS.signal(s)] }));
    }
    const acked: number[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    const publisher = (async () => {
      for (let i = 0; i < 5_000 && !stop; i++) {
        const r = await publish((i % 2 ? a : b).url, signal(s, i));
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 202) acked.push(...(r.body.seqs ?? []));
        else await Bun.sleep(25);
      }
    })();
    await waitUntil(() => acked.length >= 30, { timeoutMs: 10_000, what: "30 acknowledged publishes" });
    await redis.kill("SIGKILL");
    await waitUntil(() => (statuses.get(503) ?? 0) >= 3, {
      timeoutMs: 10_000,
      what: "503 answers while Redis is down",
    });
    const during = (await health(a.url)).body;
    expect(during.status).not.toBe("ok");
    expect(during.redis?.state).not.toBe("connected");
    await redis.start();
    const mark = acked.length;
    await waitUntil(() => acked.length >= mark + 30, {
      timeoutMs: 20_000,
      what: "30 more acknowledged after the restart",
    });
    stop = true;
    await publisher;

    expect([...statuses.keys()].sort()).toEqual([202, 503]);
    for (const c of consumers) {
      await c.waitFor((x) => acked.every((seq) => x.seqs().includes(seq)), 20_000);
      expect(strictlyIncreasing(c.seqs())).toBe(true); // in order, nothing twice
      expect(c.endInfo).toBeNull(); // stayed connected through the outage
      expect(c.controlOf("connected")).toHaveLength(1);
      expect(c.violations).toEqual([]);
    }
  });
});

describe.skipIf(skipWithoutRedis())("a hub killed with SIGKILL", () => {
  let redis: RedisServer;
  const hubs: StartedHub[] = [];
  const clients: HubClient[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 20_000);
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(hubs.splice(0).map((h) => h.dispose()));
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  test.each(["ws", "sse"] as const)(
    "%s: its SDK client moves to the other hub and resumes without loss",
    async (transport) => {
      const [a, b] = await startPair(redis);
      hubs.push(a, b);
      const s = uniqueStrategy();
      const client = connect({
        url: [a.url, b.url],
        topics: [TOPICS.signal(s)],
        transports: [transport],
        backoff: { minMs: 50, maxMs: 300 },
        env: { EventSource: EventSource as unknown as typeof globalThis.EventSource },
      });
      clients.push(client);
      const got: HubEvent[] = [];
      client.on("event", (e) => got.push(e));
      const replays: { truncated: boolean }[] = [];
      client.on("replayed", (m) => replays.push(m));

      await waitUntil(() => client.state === "open", { timeoutMs: 10_000, what: "the client to open" });
      const onA = (await health(a.url)).body.clients;
      expect(onA.ws + onA.sse).toBe(1); // it is a's client that loses its hub
      const published = await publishOk(b.url, signals(s, 5));
      await waitUntil(() => got.length >= 5, { what: "the first 5 events" });

      await a.kill("SIGKILL");
      for (let i = 0; i < 10; i++) published.push(...(await publishOk(b.url, signal(s, 100 + i))));
      await waitUntil(() => client.state === "open" && got.length >= 15, {
        timeoutMs: 20_000,
        what: "failover and catch-up",
      });
      published.push(...(await publishOk(b.url, signals(s, 5))));
      await waitUntil(() => got.length >= 20, { what: "live events on the other hub" });
      await Bun.sleep(150);

      expect(got.map((e) => e.seq)).toEqual(published);
      expect(replays.every((r) => !r.truncated)).toBe(true);
      const onB = (await health(b.url)).body.clients;
      expect(onB.ws + onB.sse).toBe(1);
    },
  );
});
