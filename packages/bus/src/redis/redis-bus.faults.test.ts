/**
 * Redis faults against a real redis-server (AOF, appendfsync always): killed (SIGKILL), hung
 * (SIGSTOP), restarted on the same dir, a subscriber connection dropped. Publishes fail clearly
 * while Redis is away; nothing acknowledged is lost; every instance's listeners catch up, in order.
 */
import { describe, expect, it } from "bun:test";
import { seqsOf, signal, trade } from "../../test/fixtures.ts";
import { useRedis } from "../../test/redis-harness.ts";
import { skipWithoutRedis } from "../../test/redis-server.ts";
import { BusUnavailableError, type RedisBus, type StoredEvent } from "../index.ts";

const FAST = { reconnectMaxDelayMs: 100, downAfterMs: 300, syncIntervalMs: 200, commandTimeoutMs: 1_000 };

function record(b: RedisBus) {
  const events: StoredEvent[] = [];
  b.onEvents((batch) => events.push(...batch));
  return { events, seqs: () => seqsOf(events) };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(10);
  }
}

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe.skipIf(skipWithoutRedis())("redis engine: faults", () => {
  const redis = useRedis();

  async function pair() {
    const keyPrefix = redis.prefix();
    const a = await redis.bus({ keyPrefix, instanceId: "a", ...FAST });
    const b = await redis.bus({ keyPrefix, instanceId: "b", ...FAST });
    return { a, b };
  }

  it("Redis killed: publish rejects with BusUnavailableError at once and info() says down; back: publishes resume", async () => {
    const { a } = await pair();
    const before = await a.publish([signal(), trade("t1")]);
    await redis.server.kill("SIGKILL");

    const t0 = Date.now();
    const err = await a.publish([trade("while-down")]).catch((e) => e);
    expect(err).toBeInstanceOf(BusUnavailableError);
    expect(err.message).toMatch(/Redis/);
    expect(Date.now() - t0).toBeLessThan(4_000); // at once: not after reconnect attempts
    await until(() => a.info().state === "down", "info().state down");
    expect(a.info().details).toMatchObject({ redis: "down", instanceId: "a" });

    await redis.server.start();
    await until(() => a.info().state === "ok", "info().state ok again");
    const after = await a.publish([trade("t2")]);
    expect(seqsOf(after.events)).toEqual([3]);
    // Acknowledged before the kill, still there after the restart (AOF, appendfsync always).
    const page = await a.history({ after: 0 });
    expect(page.events.map((e) => e.json)).toEqual([...before.events, ...after.events].map((e) => e.json));
  });

  it("Redis restarted: the other instance's listeners get what was published meanwhile, in order, once", async () => {
    const { a, b } = await pair();
    const rb = record(b);
    await a.publish([signal()]);
    await until(() => rb.seqs().length === 1, "b to see seq 1");
    await redis.server.kill("SIGKILL");
    await redis.server.start();
    // Publish the moment a can, while b may still be reconnecting its subscriber.
    await until(() => a.info().details.redis === "connected", "a to reconnect");
    const published: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await a.publish([trade(`after-${i}`)]).catch(() => null);
      if (r) published.push(...seqsOf(r.events));
    }
    expect(published.length).toBeGreaterThan(0);
    const last = published[published.length - 1]!;
    await until(() => b.currentSeq() >= last, "b to catch up");
    expect(rb.seqs()).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  });

  it("a notification lost with a dropped subscriber connection is read from the stream", async () => {
    const { a, b } = await pair();
    const rb = record(b);
    await redis.raw.call("CLIENT", "KILL", "TYPE", "pubsub");
    const { events } = await a.publish(Array.from({ length: 25 }, (_, i) => trade(`lost-${i}`)));
    await until(() => rb.events.length >= 25, "b to catch up from the stream");
    expect(rb.events.map((e) => e.json)).toEqual(events.map((e) => e.json));
    await until(() => b.info().state === "ok", "b's subscriber to be back");
    await a.publish([signal()]);
    await until(() => rb.events.length === 26, "b to get live events again");
  });

  it("Redis hung: publish fails after the command timeout; what Redis then ran still reaches every listener", async () => {
    const { a, b } = await pair();
    const ra = record(a);
    const rb = record(b);
    await a.publish([signal()]);
    process.kill(redis.server.pid, "SIGSTOP");
    try {
      const t0 = Date.now();
      const err = await a.publish([trade("in-doubt")]).catch((e) => e);
      expect(err).toBeInstanceOf(BusUnavailableError);
      expect(err.message).toMatch(/may or may not/);
      expect(Date.now() - t0).toBeLessThan(2 * (FAST.commandTimeoutMs + 1_500));
    } finally {
      process.kill(redis.server.pid, "SIGCONT");
    }
    // The script was already in Redis's socket: it runs on SIGCONT, so seq 2 exists.
    await until(() => ra.seqs().length >= 2 && rb.seqs().length >= 2, "both to receive the in-doubt event");
    const next = await a.publish([trade("next")]);
    expect(seqsOf(next.events)).toEqual([3]);
    await until(() => rb.seqs().length >= 3, "b to receive seq 3");
    expect(ra.seqs()).toEqual([1, 2, 3]);
    expect(rb.seqs()).toEqual([1, 2, 3]);
    expect((rb.events[1]!.data as { trade_id: string }).trade_id).toBe("in-doubt");
  });

  it("a publish stream across a Redis kill and restart loses no acknowledged event", async () => {
    const { a, b } = await pair();
    const rb = record(b);
    const acked = new Map<number, string>();
    let rejected = 0;
    let stop = false;
    const publisher = (async () => {
      for (let i = 0; i < 5_000 && !stop; i++) {
        try {
          const { events } = await a.publish([trade(`s-${i}`)]);
          for (const e of events) acked.set(e.seq, e.json);
        } catch (e) {
          if (!(e instanceof BusUnavailableError)) throw e;
          rejected++;
          await Bun.sleep(20);
        }
      }
    })();
    await until(() => acked.size >= 50, "50 acknowledged publishes");
    await redis.server.kill("SIGKILL");
    await Bun.sleep(300);
    await redis.server.start();
    const mark = acked.size;
    await until(() => acked.size >= mark + 50, "50 more after the restart", 15_000);
    stop = true;
    await publisher;
    expect(rejected).toBeGreaterThan(0);

    const maxAcked = Math.max(...acked.keys());
    await until(() => b.currentSeq() >= maxAcked, "b to deliver everything acknowledged");
    const got = new Map(rb.events.map((e) => [e.seq, e.json]));
    expect(increasing(rb.seqs())).toBe(true); // in order, never twice
    for (const [seq, json] of acked) expect(got.get(seq)).toBe(json);
    const stored = new Map<number, string>();
    for (let after = 0, i = 0; i < 100; i++) {
      const page = await b.history({ after });
      for (const e of page.events) stored.set(e.seq, e.json);
      after = page.nextAfter;
      if (!page.hasMore) break;
    }
    for (const [seq, json] of acked) expect(stored.get(seq)).toBe(json);
  }, 40_000);
});
