import { Database } from "bun:sqlite";
import { describe, expect, it } from "bun:test";
import { encodeEvent, HubEvent } from "@tickerwire/protocol";
import { alert, candle, manualClock, seqsOf, signal, trade, useLocalBuses } from "../test/fixtures.ts";
import { BusClosedError, BusUnavailableError, IdempotencyConflictError, type StoredEvent } from "./index.ts";

const fx = useLocalBuses();
const { bus } = fx;

describe("publish", () => {
  it("numbers events strictly increasing across topics and batches", async () => {
    const b = bus();
    const r1 = await b.publish([signal(), trade("t1")]);
    const r2 = await b.publish([candle()]);
    const r3 = await b.publish([alert(), signal("Volume_Spike"), trade("t2")]);
    expect([...seqsOf(r1.events), ...seqsOf(r2.events), ...seqsOf(r3.events)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(b.currentSeq()).toBe(6);
    expect(r1.duplicate).toBe(false);
  });

  it("stamps the clock's time and stores the wire JSON, serialized once", async () => {
    const clock = manualClock();
    const b = bus({ now: clock.now });
    const { events } = await b.publish([signal("RSI_Oversold", 42_350.5, 0.85)]);
    const e = events[0]!;
    expect(e.timestamp).toBe("2026-01-19T10:30:45.123Z");
    expect(e.json).toBe(encodeEvent(e));
    expect(HubEvent.parse(JSON.parse(e.json))).toEqual({ ...e, json: undefined } as unknown as HubEvent);
  });

  it("resolves only after listeners have seen the batch", async () => {
    const b = bus();
    const seen: number[] = [];
    b.onEvents((batch) => seen.push(...seqsOf(batch)));
    const p = b.publish([signal()]);
    expect(seen).toEqual([]); // not yet committed: the group flushes on setImmediate
    await p;
    expect(seen).toEqual([1]);
  });

  it("gives listeners each call's batch, in seq order", async () => {
    const b = bus();
    const batches: number[][] = [];
    b.onEvents((batch) => batches.push(seqsOf(batch)));
    await Promise.all([b.publish([signal(), signal()]), b.publish([trade("a")]), b.publish([candle(), alert()])]);
    await b.publish([trade("b")]);
    expect(batches).toEqual([[1, 2], [3], [4, 5], [6]]);
  });

  it("keeps publishing and notifying when a listener throws, and stops notifying after unsubscribe", async () => {
    const errors: unknown[] = [];
    const b = bus({ logger: { error: (...a) => errors.push(a) } });
    const seen: number[] = [];
    b.onEvents(() => {
      throw new Error("listener bug");
    });
    const off = b.onEvents((batch) => seen.push(...seqsOf(batch)));
    await b.publish([signal()]);
    off();
    await b.publish([signal()]);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it("answers an empty publish without assigning anything", async () => {
    const b = bus();
    expect(await b.publish([])).toEqual({ events: [], duplicate: false });
    expect(b.currentSeq()).toBe(0);
  });
});

describe("all or nothing", () => {
  /** Makes SQLite refuse any alert row, from a second connection: a real failure inside the transaction. */
  function breakAlerts(path: string): void {
    const db = new Database(path);
    db.run(
      "CREATE TRIGGER no_alerts BEFORE INSERT ON events WHEN NEW.type = 'alert' BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    );
    db.close();
  }

  it("a batch that fails to commit publishes nothing and does not advance the seq", async () => {
    const b = bus();
    await b.publish([signal()]);
    breakAlerts(fx.tmp.file());
    const seen: number[] = [];
    b.onEvents((batch) => seen.push(...seqsOf(batch)));
    const failed = b.publish([signal(), trade("x"), alert()]);
    await expect(failed).rejects.toBeInstanceOf(BusUnavailableError);
    await expect(failed).rejects.toThrow(/injected failure/);
    expect(b.currentSeq()).toBe(1);
    expect(seen).toEqual([]);
    expect((await b.history({ after: 0 })).events).toHaveLength(1);
    expect(b.info()).toMatchObject({ state: "degraded", details: { lastError: expect.stringMatching(/injected/) } });
    const next = await b.publish([trade("y")]);
    expect(seqsOf(next.events)).toEqual([2]);
    expect(b.info().state).toBe("ok");
  });

  it("a failing group commit rejects every caller of that group", async () => {
    const b = bus();
    breakAlerts(fx.tmp.file());
    const settled = await Promise.allSettled([b.publish([signal()]), b.publish([alert()]), b.publish([trade("z")])]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(b.currentSeq()).toBe(0);
    expect(b.info().size).toBe(0);
  });
});

describe("group commit", () => {
  it("commits 100 concurrent single publishes in one transaction: distinct increasing seqs, all durable", async () => {
    const b = bus();
    const before = b.info().details.commits as number;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => b.publish([trade(`t${i}`)])));
    const seqs = results.map((r) => r.events[0]!.seq);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(results.map((r) => (r.events[0]!.data as { trade_id: string }).trade_id)).toEqual(
      Array.from({ length: 100 }, (_, i) => `t${i}`),
    );
    expect(b.info().details.commits).toBe(before + 1);
    await b.close();
    const again = bus();
    const page = await again.history({ after: 0 });
    expect(seqsOf(page.events)).toEqual(seqs);
  });
});

describe("idempotency", () => {
  it("a retry with the same key returns the original events and publishes nothing", async () => {
    const b = bus();
    const seen: StoredEvent[] = [];
    b.onEvents((batch) => seen.push(...batch));
    const first = await b.publish([signal(), trade("t1")], { idempotencyKey: "req-1" });
    const retry = await b.publish([signal(), trade("t1")], { idempotencyKey: "req-1" });
    expect(retry.duplicate).toBe(true);
    expect(retry.events).toEqual(first.events);
    expect(b.currentSeq()).toBe(2);
    expect(seen).toHaveLength(2);
  });

  it("remembers keys across a restart", async () => {
    const b = bus();
    const first = await b.publish([signal()], { idempotencyKey: "k" });
    await b.close();
    const again = bus();
    const retry = await again.publish([signal()], { idempotencyKey: "k" });
    expect(retry).toEqual({ events: first.events, duplicate: true });
    expect(again.currentSeq()).toBe(1);
  });

  it("refuses the same key with a different request, publishing nothing", async () => {
    const b = bus();
    await b.publish([signal("RSI_Oversold", 100)], { idempotencyKey: "k" });
    await expect(b.publish([signal("RSI_Oversold", 101)], { idempotencyKey: "k" })).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    expect(b.currentSeq()).toBe(1);
  });

  it("handles a retry that lands in the same group as the original, without failing its neighbours", async () => {
    const b = bus();
    const [a, dup, conflict, other] = await Promise.allSettled([
      b.publish([trade("x")], { idempotencyKey: "same" }),
      b.publish([trade("x")], { idempotencyKey: "same" }),
      b.publish([trade("y")], { idempotencyKey: "same" }),
      b.publish([trade("z")]),
    ]);
    expect(a.status === "fulfilled" && dup.status === "fulfilled").toBe(true);
    if (a.status !== "fulfilled" || dup.status !== "fulfilled") return;
    expect(dup.value).toEqual({ events: a.value.events, duplicate: true });
    expect(conflict.status).toBe("rejected");
    expect(other.status === "fulfilled" && seqsOf(other.value.events)).toEqual([2]);
    expect(b.currentSeq()).toBe(2);
  });

  it("forgets a key after its TTL: the same key then publishes anew", async () => {
    const clock = manualClock();
    const b = bus({ now: clock.now, idempotencyTtlMs: 60_000 });
    await b.publish([signal()], { idempotencyKey: "k" });
    clock.advance(60_000);
    const later = await b.publish([signal("Volume_Spike")], { idempotencyKey: "k" });
    expect(later.duplicate).toBe(false);
    expect(seqsOf(later.events)).toEqual([2]);
  });

  it("still answers the original seqs after retention deleted the events", async () => {
    const clock = manualClock();
    const b = bus({ now: clock.now, maxEvents: 2 });
    const first = await b.publish([signal("RSI_Oversold", 7)], { idempotencyKey: "old" });
    await b.publish([trade("a"), trade("b"), trade("c")]);
    b.runRetention();
    expect(b.info().oldestSeq).toBe(3);
    const retry = await b.publish([signal("RSI_Oversold", 7)], { idempotencyKey: "old" });
    expect(retry).toEqual({ events: first.events, duplicate: true });
  });
});

describe("close", () => {
  it("flushes publishes still waiting for their group commit", async () => {
    const b = bus();
    const pending = b.publish([signal(), trade("t")]);
    await b.close();
    expect(seqsOf((await pending).events)).toEqual([1, 2]);
    const again = bus();
    expect(seqsOf((await again.history({ after: 0 })).events)).toEqual([1, 2]);
  });

  it("is idempotent, and publish or history afterwards reject clearly", async () => {
    const b = bus();
    await Promise.all([b.close(), b.close()]);
    await b.close();
    const err = await b.publish([signal()]).catch((e) => e);
    expect(err).toBeInstanceOf(BusClosedError);
    expect(err).toBeInstanceOf(BusUnavailableError);
    expect(err.message).toMatch(/closed/);
    await expect(b.history({ after: 0 })).rejects.toBeInstanceOf(BusClosedError);
    expect(b.info().state).toBe("down");
  });
});
