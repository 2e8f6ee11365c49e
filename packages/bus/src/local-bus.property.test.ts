import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type Filter, matchAny, type PublishableEvent } from "@tickerwire/protocol";
import fc from "fast-check";
import { alert, candle, manualClock, signal, tempDir, trade } from "../test/fixtures.ts";
import { createLocalBus, type HistoryPage, type HistoryQuery, type LocalBus, type StoredEvent } from "./index.ts";

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const STRATEGIES = ["RSI_Oversold", "MACD_Divergence", "Volume_Spike"];
const arbEvent: fc.Arbitrary<PublishableEvent> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...STRATEGIES), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 10 }))
    .map(([s, p, c]) => signal(s, p, c / 10)),
  fc.tuple(fc.nat(99), fc.constantFrom(...STRATEGIES)).map(([n, s]) => trade(`t${n}`, s)),
  fc.constantFrom("BTC-USDT", "ETH-USDT").map((s) => candle(s)),
  fc.string({ minLength: 1, maxLength: 8 }).map((m) => alert(m)),
);
const arbPatterns = fc.option(
  fc.subarray(["strategy.*.signal", "trade.>", "market.BTC-USDT.1m", "market.>", "system.alert", ">"], {
    minLength: 1,
  }),
  { nil: undefined },
);
const arbFilter: fc.Arbitrary<Filter | undefined> = fc.option(
  fc.record(
    {
      strategies: fc.subarray(STRATEGIES, { minLength: 1 }),
      types: fc.subarray(["signal", "trade", "candle", "alert"] as const, { minLength: 1 }),
      min_confidence: fc.integer({ min: 0, max: 10 }).map((c) => c / 10),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** The reference answer: a plain scan over everything published. */
function model(all: StoredEvent[], q: HistoryQuery, oldest: number): StoredEvent[] {
  return all.filter((e) => {
    if (e.seq <= q.after || e.seq < oldest) return false;
    if (q.patterns && !matchAny(q.patterns, e.topic)) return false;
    const f = q.filter;
    const d = e.data as { strategy_name?: string; confidence?: number };
    if (f?.types && !f.types.includes(e.type)) return false;
    if (f?.strategies && d.strategy_name !== undefined && !f.strategies.includes(d.strategy_name)) return false;
    if (f?.min_confidence !== undefined && e.type === "signal" && (d.confidence ?? 0) < f.min_confidence) return false;
    return true;
  });
}

let run = 0;
describe("history from the memory window and from SQLite", () => {
  it("gives the same pages as each other and as a plain scan, with and without retention", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(arbEvent, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.array(
          fc.record({
            after: fc.nat(80),
            patterns: arbPatterns,
            filter: arbFilter,
            limit: fc.integer({ min: 1, max: 9 }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        async (batches, queries, maxEvents) => {
          run++;
          const clock = manualClock();
          const make = (windowSize: number) =>
            createLocalBus({
              path: tmp.file(`p${run}-${windowSize}.db`),
              windowSize,
              now: clock.now,
              ...(maxEvents ? { maxEvents } : {}),
            });
          const buses: LocalBus[] = [make(10_000), make(0), make(5)];
          try {
            const all: StoredEvent[] = [];
            for (const batch of batches) {
              const results = await Promise.all(buses.map((b) => b.publish(batch)));
              all.push(...results[0]!.events);
            }
            for (const b of buses) b.runRetention();
            const oldest = buses[0]!.info().oldestSeq;
            for (const q of queries) {
              const pages: HistoryPage[] = [];
              for (const b of buses) pages.push(await b.history(q));
              const [win, sql, small] = pages.map((p) => ({ ...p, epoch: "" }));
              expect(sql).toEqual(win!);
              expect(small).toEqual(win!);
              // A cursor from the future replays from the start; one behind retention is truncated.
              const future = q.after > all.length;
              const expected = model(all, { ...q, after: future ? 0 : q.after }, oldest);
              const page = pages[0]!;
              expect(page.events).toEqual(expected.slice(0, q.limit));
              expect(page.hasMore).toBe(expected.length > q.limit);
              const lost = oldest > 0 ? q.after < oldest - 1 : q.after < all.length;
              expect(page.truncated).toBe(future || lost);
            }
          } finally {
            for (const b of buses) await b.close();
          }
        },
      ),
      { numRuns: 50 },
    );
  }, 60_000);
});
