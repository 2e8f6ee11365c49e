/** Shared history test cases: the local and the Redis engine must answer history the same way. */
import { describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import type { Bus, HistoryQuery, StoredEvent } from "../src/types.ts";
import { alert, candle, seqsOf, signal, trade } from "./fixtures.ts";

/** Pages through the whole history for a query; bounded. */
async function readAll(b: Bus, q: Omit<HistoryQuery, "after">, after = 0) {
  const events: StoredEvent[] = [];
  let pages = 0;
  let truncated = false;
  for (; pages < 1_000; pages++) {
    const page = await b.history({ ...q, after });
    truncated ||= page.truncated;
    events.push(...page.events);
    expect(page.nextAfter).toBeGreaterThanOrEqual(after);
    after = page.nextAfter;
    if (!page.hasMore) break;
  }
  return { events, pages: pages + 1, truncated, after };
}

const mix = (i: number): PublishableEvent => {
  const strategies = ["RSI_Oversold", "MACD_Divergence", "Trend_Following"];
  const s = strategies[i % 3]!;
  if (i % 4 === 0) return signal(s, 100 + i, (i % 10) / 10);
  if (i % 4 === 1) return trade(`t${i}`, s);
  if (i % 4 === 2) return candle(i % 8 === 2 ? "BTC-USDT" : "ETH-USDT");
  return alert(`alert ${i}`);
};

/**
 * The history contract every engine meets (paging, patterns, filters, limits, bounded scans,
 * truncation for foreign or future cursors), run by each engine's test file with its own `make`.
 * `make` returns a fresh, empty bus; the caller closes it in its afterEach.
 */
export function historyCases(make: (opts?: { windowSize?: number }) => Promise<Bus>): void {
  describe("history", () => {
    it("pages through events matching patterns and a filter, in seq order, without gaps or repeats", async () => {
      for (const windowSize of [10_000, 0]) {
        const b = await make({ windowSize });
        const all: StoredEvent[] = [];
        for (let i = 0; i < 20; i++)
          all.push(...(await b.publish(Array.from({ length: 10 }, (_, j) => mix(i * 10 + j)))).events);
        const q = {
          patterns: ["strategy.*.signal", "trade.>"],
          filter: { strategies: ["RSI_Oversold", "Trend_Following"], min_confidence: 0.3 },
          limit: 7,
        };
        const expected = all.filter((e) => {
          const d = e.data as { strategy_name?: string; confidence?: number };
          if (e.type !== "signal" && e.type !== "trade") return false;
          if (d.strategy_name === "MACD_Divergence") return false;
          return e.type !== "signal" || (d.confidence ?? 0) >= 0.3;
        });
        expect(expected.length).toBeGreaterThan(20);
        const got = await readAll(b, q);
        expect(seqsOf(got.events)).toEqual(seqsOf(expected));
        expect(got.events).toEqual(expected);
        expect(got.pages).toBe(Math.ceil(expected.length / 7));
        expect(got.truncated).toBe(false);
        expect(got.after).toBe(200);
      }
    });

    it("returns the page limit by default 1000 and at most 5000", async () => {
      const b = await make();
      for (let i = 0; i < 6; i++) await b.publish(Array.from({ length: 1_000 }, (_, j) => trade(`t${i}-${j}`)));
      const first = await b.history({ after: 0 });
      expect(first.events).toHaveLength(1_000);
      expect(first).toMatchObject({ hasMore: true, nextAfter: 1_000, currentSeq: 6_000, oldestSeq: 1 });
      const big = await b.history({ after: 0, limit: 100_000 });
      expect(big.events).toHaveLength(5_000);
      const rest = await b.history({ after: 5_000, limit: 5_000 });
      expect(rest).toMatchObject({ hasMore: false, nextAfter: 6_000 });
      expect(rest.events).toHaveLength(1_000);
    });

    it("pages a rare topic among many events in bounded scans", async () => {
      const b = await make({ windowSize: 1_000 });
      for (let i = 0; i < 120; i++) {
        const batch = Array.from({ length: 1_000 }, (_, j) => trade(`t${i}-${j}`));
        if (i % 40 === 0) batch[500] = alert(`rare ${i}`);
        await b.publish(batch);
      }
      const page = await b.history({ after: 0, patterns: ["system.alert"] });
      // The first call looks at no more than the scan budget, then says where to continue.
      expect(page.hasMore).toBe(true);
      expect(page.nextAfter).toBeGreaterThan(0);
      expect(page.nextAfter).toBeLessThan(120_000);
      const got = await readAll(b, { patterns: ["system.alert"] });
      expect(seqsOf(got.events)).toEqual([501, 40_501, 80_501]);
      expect(got.pages).toBeLessThanOrEqual(4);
      expect(got.after).toBe(120_000);
    }, 30_000);

    it("answers an empty pattern list with nothing, at the tip", async () => {
      const b = await make();
      await b.publish([signal()]);
      expect(await b.history({ after: 0, patterns: [] })).toMatchObject({ events: [], hasMore: false, nextAfter: 1 });
    });

    it("replays from the start, truncated, for a cursor of another epoch", async () => {
      const b = await make();
      await b.publish([signal(), trade("t"), candle()]);
      const page = await b.history({ after: 2, epoch: "SomeOtherEpoch" });
      expect(page.truncated).toBe(true);
      expect(seqsOf(page.events)).toEqual([1, 2, 3]);
      expect(page.epoch).toBe(b.epoch);
      const same = await b.history({ after: 2, epoch: b.epoch });
      expect(same.truncated).toBe(false);
      expect(seqsOf(same.events)).toEqual([3]);
    });

    it("replays from the start, truncated, for a cursor from the future", async () => {
      const b = await make();
      await b.publish([signal(), trade("t")]);
      const page = await b.history({ after: 99 });
      expect(page.truncated).toBe(true);
      expect(seqsOf(page.events)).toEqual([1, 2]);
    });

    it("does not report truncation when caught up", async () => {
      const b = await make();
      expect(await b.history({ after: 0 })).toMatchObject({
        events: [],
        truncated: false,
        hasMore: false,
        nextAfter: 0,
      });
      await b.publish([signal()]);
      expect(await b.history({ after: 1 })).toMatchObject({
        events: [],
        truncated: false,
        hasMore: false,
        nextAfter: 1,
      });
    });
  });
}
