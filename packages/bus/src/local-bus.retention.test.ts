import { Database } from "bun:sqlite";
import { describe, expect, it } from "bun:test";
import { manualClock, seqsOf, signal, trade, useLocalBuses } from "../test/fixtures.ts";

const fx = useLocalBuses();
const { bus } = fx;

const trades = (n: number, tag = "t") => Array.from({ length: n }, (_, i) => trade(`${tag}${i}`));

describe("retention", () => {
  it("keeps only the newest maxEvents and reports truncation to cursors behind them", async () => {
    const b = bus({ maxEvents: 10 });
    await b.publish(trades(25));
    const { deletedEvents } = b.runRetention();
    expect(deletedEvents).toBe(15);
    expect(b.info()).toMatchObject({ oldestSeq: 16, size: 10, currentSeq: 25 });

    const fromStart = await b.history({ after: 0 });
    expect(fromStart.truncated).toBe(true);
    expect(seqsOf(fromStart.events)).toEqual(Array.from({ length: 10 }, (_, i) => 16 + i));
    expect((await b.history({ after: 14 })).truncated).toBe(true);
    const justBefore = await b.history({ after: 15 });
    expect(justBefore.truncated).toBe(false);
    expect(justBefore.events).toHaveLength(10);
  });

  it("deletes events older than maxAgeMs and keeps the younger ones", async () => {
    const clock = manualClock();
    const b = bus({ now: clock.now, maxAgeMs: 30 * 60_000 });
    await b.publish(trades(5, "old"));
    clock.advance(60 * 60_000);
    await b.publish(trades(5, "new"));
    clock.advance(60_000);
    b.runRetention();
    expect(b.info()).toMatchObject({ oldestSeq: 6, size: 5 });
    const page = await b.history({ after: 3 });
    expect(page.truncated).toBe(true);
    expect(seqsOf(page.events)).toEqual([6, 7, 8, 9, 10]);
    expect((await b.history({ after: 5 })).truncated).toBe(false);
  });

  it("runs in the background after enough publishes, in bounded steps", async () => {
    const b = bus({ maxEvents: 100, retentionEvery: 50, retentionStep: 30 });
    for (let i = 0; i < 10; i++) await b.publish(trades(100, `b${i}-`));
    // Bounded wait for the background steps (each a macrotask).
    for (let i = 0; i < 200 && b.info().size > 100; i++) await Bun.sleep(5);
    expect(b.info()).toMatchObject({ size: 100, oldestSeq: 901, currentSeq: 1_000 });
    const page = await b.history({ after: 900 });
    expect(page).toMatchObject({ truncated: false, hasMore: false });
    expect(page.events).toHaveLength(100);
  });

  it("runs on a timer too", async () => {
    const clock = manualClock();
    const b = bus({ now: clock.now, maxAgeMs: 1_000, retentionIntervalMs: 20 });
    await b.publish(trades(3));
    clock.advance(2_000);
    for (let i = 0; i < 100 && b.info().size > 0; i++) await Bun.sleep(10);
    expect(b.info()).toMatchObject({ size: 0, oldestSeq: 0, currentSeq: 3 });
  });

  it("prunes idempotency keys older than their TTL from the store", async () => {
    const clock = manualClock();
    const b = bus({ now: clock.now, idempotencyTtlMs: 10_000 });
    await b.publish([signal()], { idempotencyKey: "old" });
    clock.advance(6_000);
    await b.publish([signal()], { idempotencyKey: "young" });
    clock.advance(5_000);
    expect(b.runRetention().deletedKeys).toBe(1);
    const db = new Database(fx.tmp.file(), { readonly: true });
    expect(db.query("SELECT key FROM idempotency").all()).toEqual([{ key: "young" }]);
    db.close();
  });
});
