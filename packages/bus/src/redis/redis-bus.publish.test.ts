import { describe, expect, it } from "bun:test";
import { encodeEvent, HubEvent, type PublishableEvent, TOPICS } from "@tickerwire/protocol";
import { alert, candle, manualClock, seqsOf, signal, trade } from "../../test/fixtures.ts";
import { useRedis } from "../../test/redis-harness.ts";
import { skipWithoutRedis } from "../../test/redis-server.ts";
import { BusClosedError, IdempotencyConflictError, type RedisBus, type StoredEvent } from "../index.ts";

/** Records every batch a bus's listeners get. */
function record(b: RedisBus) {
  const batches: number[][] = [];
  const events: StoredEvent[] = [];
  b.onEvents((batch) => {
    batches.push(seqsOf(batch));
    events.push(...batch);
  });
  return { batches, events, seqs: () => batches.flat() };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(10);
  }
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe.skipIf(skipWithoutRedis())("redis engine: publish", () => {
  const redis = useRedis();

  /** Two instances on one prefix, like two hub processes on one Redis. */
  async function pair(extra: Parameters<typeof redis.bus>[0] = {}) {
    const keyPrefix = redis.prefix();
    const a = await redis.bus({ keyPrefix, instanceId: "a", ...extra });
    const b = await redis.bus({ keyPrefix, instanceId: "b", ...extra });
    return { a, b, keyPrefix };
  }

  it("builds in Lua exactly the bytes encodeEvent makes, for awkward data too", async () => {
    const clock = manualClock();
    const b = await redis.bus({ now: clock.now });
    const awkward: PublishableEvent[] = [
      signal("RSI_Oversold", 42_350.5, 0.85),
      alert('quote " backslash \\ newline \n tab \t emoji 📈 nul \u0000 ünïcödé </script>'),
      candle("BTC-USDT", 1e-7 + 101),
      trade("t-1e21", "Volume_Spike"),
      {
        type: "metrics",
        topic: TOPICS.metrics("Trend_Following"),
        data: { strategy_name: "Trend_Following", total_trades: 1e12, win_rate: 1 / 3, total_profit_loss: -0.1 + 0.2 },
      },
    ];
    const { events } = await b.publish(awkward);
    const page = await b.history({ after: 0 });
    const raw = await redis.raw.xrange(`${(b.info().details as { keyPrefix: string }).keyPrefix}:events`, "-", "+");
    for (const [i, e] of events.entries()) {
      expect(e.json).toBe(encodeEvent(e));
      expect(page.events[i]!.json).toBe(e.json);
      expect(raw[i]![1][1]).toBe(e.json); // field `j`, as Lua concatenated it
      expect(HubEvent.safeParse(JSON.parse(e.json)).success).toBe(true);
    }
    expect(page.events).toEqual(events);
    expect(events[0]!.timestamp).toBe("2026-01-19T10:30:45.123Z");
  });

  it("numbers events of two instances publishing concurrently as one contiguous, strictly increasing sequence", async () => {
    const { a, b } = await pair();
    const calls = Array.from({ length: 400 }, (_, i) => {
      const bus = i % 2 ? a : b;
      const batch = i % 7 === 0 ? [signal(), trade(`t${i}`), candle()] : [trade(`t${i}`)];
      return bus.publish(batch).then((r) => seqsOf(r.events));
    });
    const results = await Promise.all(calls);
    for (const seqs of results) expect(seqs).toEqual(range(seqs[0]!, seqs[0]! + seqs.length - 1));
    const all = results.flat().sort((x, y) => x - y);
    expect(all).toEqual(range(1, all.length));
    expect(all.length).toBe(400 + 2 * Math.ceil(400 / 7));
  });

  it("gives both instances' listeners every batch once, in seq order", async () => {
    const { a, b } = await pair();
    const ra = record(a);
    const rb = record(b);
    const published: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 3 ? a : b).publish(i % 5 ? [trade(`t${i}`)] : [signal(), alert()]).then((r) => {
          published.push(...seqsOf(r.events));
        }),
      ),
    );
    const total = published.length;
    await until(() => ra.seqs().length >= total && rb.seqs().length >= total, "both listeners to catch up");
    expect(ra.seqs()).toEqual(range(1, total));
    expect(rb.seqs()).toEqual(range(1, total));
    // Same events, same bytes, on both sides.
    expect(ra.events.map((e) => e.json)).toEqual(rb.events.map((e) => e.json));
  });

  it("resolves a publish only once the publishing instance's listeners have the batch", async () => {
    const { a, b } = await pair();
    const ra = record(a);
    await b.publish([signal()]); // a hears of seq 1 only via a notification...
    const { events } = await a.publish([trade("x")]); // ...and must deliver it before its own seq 2
    expect(ra.seqs()).toEqual([1, 2]);
    expect(a.currentSeq()).toBe(events[0]!.seq);
  });

  it("catches up from the stream when a notification is too big to carry the events", async () => {
    const { a, b } = await pair({ notifyMaxBytes: 100 });
    const rb = record(b);
    await a.publish(Array.from({ length: 50 }, (_, i) => trade(`big-${i}`)));
    await until(() => rb.seqs().length >= 50, "b to read the batch from the stream");
    expect(rb.seqs()).toEqual(range(1, 50));
  });

  it("splits a large group into several scripts without reordering or losing events", async () => {
    const { a, b } = await pair({ maxScriptEvents: 10 });
    const rb = record(b);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        a.publish(Array.from({ length: (i % 4) + 1 }, (_, j) => trade(`${i}.${j}`))),
      ),
    );
    const seqs = results.flatMap((r) => seqsOf(r.events));
    expect(seqs).toEqual(range(1, seqs.length));
    await until(() => rb.seqs().length >= seqs.length, "b to receive all");
    expect(rb.seqs()).toEqual(seqs);
  });

  it("answers an empty publish without assigning anything, and rejects after close", async () => {
    const b = await redis.bus();
    expect(await b.publish([])).toEqual({ events: [], duplicate: false });
    expect(b.currentSeq()).toBe(0);
    await Promise.all([b.close(), b.close()]);
    await expect(b.publish([signal()])).rejects.toBeInstanceOf(BusClosedError);
    await expect(b.history({ after: 0 })).rejects.toBeInstanceOf(BusClosedError);
    expect(b.info().state).toBe("down");
  });

  it("reports engine, instance, connection and stream in info(), without the URL's password", async () => {
    const keyPrefix = redis.prefix();
    const b = await redis.bus({ keyPrefix, instanceId: "hub-7" });
    await b.publish([signal(), trade("i")]);
    await b.sync();
    expect(b.info()).toMatchObject({
      engine: "redis",
      epoch: b.epoch,
      currentSeq: 2,
      oldestSeq: 1,
      size: 2,
      state: "ok",
      details: { instanceId: "hub-7", redis: "connected", url: redis.url, streamLength: 2, keyPrefix },
    });
    // (The test server has no password; redaction itself is covered in options.test.ts.)
  });

  it("keeps one epoch per prefix: a second instance and a restarted one get the first's", async () => {
    const { a, b, keyPrefix } = await pair();
    expect(b.epoch).toBe(a.epoch);
    await a.publish([signal()]);
    await a.close();
    const again = await redis.bus({ keyPrefix });
    expect(again.epoch).toBe(a.epoch);
    expect(again.currentSeq()).toBe(1);
    const other = await redis.bus();
    expect(other.epoch).not.toBe(a.epoch);
  });
});

describe.skipIf(skipWithoutRedis())("redis engine: idempotency", () => {
  const redis = useRedis();

  it("a retry on another instance returns the original events and publishes nothing", async () => {
    const keyPrefix = redis.prefix();
    const a = await redis.bus({ keyPrefix });
    const b = await redis.bus({ keyPrefix });
    const rb = record(b);
    const first = await a.publish([signal(), trade("t1")], { idempotencyKey: "req-1" });
    const retry = await b.publish([signal(), trade("t1")], { idempotencyKey: "req-1" });
    expect(retry).toEqual({ events: first.events, duplicate: true });
    await b.publish([alert()]);
    expect(rb.seqs()).toEqual([1, 2, 3]);
  });

  it("publishes a key once when two instances race with it", async () => {
    const keyPrefix = redis.prefix();
    const a = await redis.bus({ keyPrefix });
    const b = await redis.bus({ keyPrefix });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).publish([trade("once")], { idempotencyKey: "race" })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    for (const r of results) expect(r.events).toEqual(results[0]!.events);
    await a.sync();
    expect(a.info().details.sharedSeq).toBe(1);
  });

  it("refuses the same key with a different request without failing its neighbours", async () => {
    const b = await redis.bus();
    await b.publish([signal("RSI_Oversold", 100)], { idempotencyKey: "k" });
    const [conflict, other] = await Promise.allSettled([
      b.publish([signal("RSI_Oversold", 101)], { idempotencyKey: "k" }),
      b.publish([trade("z")]),
    ]);
    expect(conflict.status === "rejected" && conflict.reason).toBeInstanceOf(IdempotencyConflictError);
    expect(other.status === "fulfilled" && seqsOf(other.value.events)).toEqual([2]);
  });

  it("forgets a key after its TTL (Redis expires it)", async () => {
    // Long enough that the retry surely lands within it (each write waits for an fsync on a busy
    // box), short enough to wait out.
    const b = await redis.bus({ idempotencyTtlMs: 1_000 });
    await b.publish([signal()], { idempotencyKey: "short" });
    expect((await b.publish([signal()], { idempotencyKey: "short" })).duplicate).toBe(true);
    await Bun.sleep(1_200);
    const later = await b.publish([signal("Volume_Spike")], { idempotencyKey: "short" });
    expect(later.duplicate).toBe(false);
    expect(seqsOf(later.events)).toEqual([2]);
  });

  it("still answers the original seqs after retention trimmed the events", async () => {
    const clock = manualClock();
    const b = await redis.bus({ now: clock.now, maxAgeMs: 1_000 });
    const first = await b.publish([signal("RSI_Oversold", 7)], { idempotencyKey: "old" });
    clock.advance(5_000);
    await b.publish([trade("a")]);
    await b.runRetention();
    expect(b.info().oldestSeq).toBe(2);
    const retry = await b.publish([signal("RSI_Oversold", 7)], { idempotencyKey: "old" });
    expect(retry).toEqual({ events: first.events, duplicate: true });
  });
});
