import { describe, expect, it } from "bun:test";
import { alert, manualClock, seqsOf, signal, trade } from "../../test/fixtures.ts";
import { historyCases } from "../../test/history-cases.ts";
import { useRedis } from "../../test/redis-harness.ts";
import { skipWithoutRedis } from "../../test/redis-server.ts";

describe.skipIf(skipWithoutRedis())("redis engine", () => {
  const redis = useRedis();

  historyCases((opts = {}) => redis.bus(opts));

  describe("history across instances", () => {
    it("answers the same pages on every instance sharing the stream", async () => {
      const prefix = redis.prefix();
      const a = await redis.bus({ keyPrefix: prefix, instanceId: "a" });
      const b = await redis.bus({ keyPrefix: prefix, instanceId: "b", windowSize: 0 });
      for (let i = 0; i < 5; i++) await (i % 2 ? a : b).publish([signal("RSI_Oversold", 100 + i), trade(`t${i}`)]);
      // Each instance has delivered everything (the other's publishes reach it by notification).
      await Promise.all([a.sync(), b.sync()]);
      const q = { after: 3, patterns: ["trade.>"], limit: 2 };
      const [pa, pb] = await Promise.all([a.history(q), b.history(q)]);
      expect(seqsOf(pa.events)).toEqual([4, 6]);
      expect(pb).toEqual(pa);
      expect(pa).toMatchObject({ hasMore: true, nextAfter: 6, currentSeq: 10, oldestSeq: 1, truncated: false });
    });

    it("serves a cursor from a faster instance after catching up, not as a cursor from the future", async () => {
      const prefix = redis.prefix();
      const a = await redis.bus({ keyPrefix: prefix, instanceId: "a" });
      // b never hears notifications in time: its sync is slow and it is asked right after a publish.
      const b = await redis.bus({ keyPrefix: prefix, instanceId: "b", syncIntervalMs: 60_000 });
      await redis.raw.call("CLIENT", "KILL", "TYPE", "pubsub");
      const { events } = await a.publish([signal(), alert("x"), trade("t")]);
      const page = await b.history({ after: 1, epoch: a.epoch });
      expect(page.truncated).toBe(false);
      expect(seqsOf(page.events)).toEqual([2, 3]);
      expect(page.events).toEqual(events.slice(1));
    });
  });

  describe("retention", () => {
    it("trims by age with the local engine's policy, and history then reports truncation", async () => {
      const clock = manualClock();
      const b = await redis.bus({ now: clock.now, maxAgeMs: 60_000 });
      await b.publish([signal(), signal()]);
      clock.advance(30_000);
      await b.publish([trade("a"), trade("b"), trade("c")]);
      clock.advance(40_000); // the first two are 70 s old, the rest 40 s
      expect(await b.runRetention()).toEqual({ deletedEvents: 2 });
      expect(b.info().oldestSeq).toBe(3);
      const stale = await b.history({ after: 1 });
      expect(stale.truncated).toBe(true);
      expect(seqsOf(stale.events)).toEqual([3, 4, 5]);
      expect((await b.history({ after: 2 })).truncated).toBe(false);
      clock.advance(60_000);
      expect(await b.runRetention()).toEqual({ deletedEvents: 3 });
      expect(await b.history({ after: 4 })).toMatchObject({ events: [], truncated: true, oldestSeq: 0 });
      expect(await b.history({ after: 5 })).toMatchObject({ events: [], truncated: false });
    });

    it("keeps about maxEvents by count and reports truncation for a cursor older than what is kept", async () => {
      const b = await redis.bus({ maxEvents: 100, windowSize: 0 });
      for (let i = 0; i < 10; i++) await b.publish(Array.from({ length: 100 }, (_, j) => trade(`t${i}-${j}`)));
      const len = Number(await redis.raw.xlen(`${(b.info().details as { keyPrefix: string }).keyPrefix}:events`));
      // MAXLEN ~ trims whole stream nodes (100 entries each): at least maxEvents, at most a node more.
      expect(len).toBeGreaterThanOrEqual(100);
      expect(len).toBeLessThanOrEqual(200);
      const page = await b.history({ after: 0, limit: 5_000 });
      expect(page.truncated).toBe(true);
      expect(page.events[0]!.seq).toBe(page.oldestSeq);
      expect(seqsOf(page.events)).toEqual(Array.from({ length: len }, (_, i) => 1_001 - len + i));
      // Exact count trimming with the age step: the count bound is applied exactly.
      await b.runRetention();
      expect(b.info().oldestSeq).toBe(901);
    });
  });
});
