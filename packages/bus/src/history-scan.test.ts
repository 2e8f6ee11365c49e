import { describe, expect, it } from "bun:test";
import { clampLimit, resolveCursor, type ScanSource, scanPage, scanPageAsync } from "./history-scan.ts";
import type { StoredEvent } from "./types.ts";

describe("resolveCursor", () => {
  const base = { epoch: undefined, ourEpoch: "E1", currentSeq: 100, oldestSeq: 1 };

  it("continues a cursor inside the history without truncation", () => {
    expect(resolveCursor({ ...base, after: 0 })).toEqual({ from: 0, truncated: false });
    expect(resolveCursor({ ...base, after: 57, epoch: "E1" })).toEqual({ from: 57, truncated: false });
    expect(resolveCursor({ ...base, after: 100 })).toEqual({ from: 100, truncated: false });
  });

  it("replays from the start, truncated, for a cursor from another epoch", () => {
    expect(resolveCursor({ ...base, after: 57, epoch: "OTHER" })).toEqual({ from: 0, truncated: true });
  });

  it("replays from the start, truncated, for a cursor from the future", () => {
    expect(resolveCursor({ ...base, after: 101 })).toEqual({ from: 0, truncated: true });
  });

  it("reports truncation when retention deleted events the cursor had not seen", () => {
    expect(resolveCursor({ ...base, oldestSeq: 50, after: 48 })).toEqual({ from: 48, truncated: true });
    expect(resolveCursor({ ...base, oldestSeq: 50, after: 49 })).toEqual({ from: 49, truncated: false });
  });

  it("reports truncation when retention emptied the log past the cursor", () => {
    expect(resolveCursor({ ...base, oldestSeq: 0, after: 99 })).toEqual({ from: 99, truncated: true });
    expect(resolveCursor({ ...base, oldestSeq: 0, after: 100 })).toEqual({ from: 100, truncated: false });
    expect(resolveCursor({ ...base, oldestSeq: 0, currentSeq: 0, after: 0 })).toEqual({ from: 0, truncated: false });
  });

  it("treats a malformed cursor as the start", () => {
    expect(resolveCursor({ ...base, after: Number.NaN })).toEqual({ from: 0, truncated: false });
    expect(resolveCursor({ ...base, after: -5 })).toEqual({ from: 0, truncated: false });
  });
});

describe("clampLimit", () => {
  it("defaults to 1000 and caps at 5000", () => {
    expect(clampLimit(undefined)).toBe(1000);
    expect(clampLimit(10)).toBe(10);
    expect(clampLimit(0)).toBe(1);
    expect(clampLimit(1e9)).toBe(5000);
  });
});

/** Events 1..n; every `every`-th is on topic "hit", the rest on "miss". */
function source(n: number, every: number): ScanSource<StoredEvent> & { reads: number } {
  const all = Array.from({ length: n }, (_, i) => ({ seq: i + 1, topic: (i + 1) % every === 0 ? "hit" : "miss" }));
  const s = {
    reads: 0,
    read(after: number, max: number) {
      s.reads++;
      return all.slice(after, after + max) as unknown as StoredEvent[];
    },
    accept: (row: StoredEvent) => row,
  };
  return s;
}
const hit = (t: string) => t === "hit";
const seqs = (r: { events: StoredEvent[] }) => r.events.map((e) => e.seq);

describe("scanPage", () => {
  it("returns matching events after the cursor and reaches the tip", () => {
    const r = scanPage(source(100, 10), { from: 25, limit: 100, tip: 100, matchTopic: hit });
    expect(seqs(r)).toEqual([30, 40, 50, 60, 70, 80, 90, 100]);
    expect(r).toMatchObject({ hasMore: false, nextAfter: 100 });
  });

  it("stops at the limit and says there is more only when another match exists", () => {
    const r = scanPage(source(100, 10), { from: 0, limit: 3, tip: 100, matchTopic: hit });
    expect(seqs(r)).toEqual([10, 20, 30]);
    expect(r).toMatchObject({ hasMore: true, nextAfter: 30 });
    const last = scanPage(source(100, 10), { from: 0, limit: 10, tip: 100, matchTopic: hit });
    expect(last).toMatchObject({ hasMore: false, nextAfter: 100 });
  });

  it("pages through a sparse topic within the scan budget, never looping forever", () => {
    const src = source(10_000, 997);
    const got: number[] = [];
    let after = 0;
    let pages = 0;
    for (; pages < 100; pages++) {
      const r = scanPage(src, { from: after, limit: 2, tip: 10_000, matchTopic: hit, budget: 1_500 });
      got.push(...seqs(r));
      expect(r.nextAfter).toBeGreaterThanOrEqual(after);
      after = r.nextAfter;
      if (!r.hasMore) break;
    }
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 997));
    expect(after).toBe(10_000);
    expect(pages).toBeLessThan(15);
  });

  it("returns an empty page that advances the cursor when the budget runs out before a match", () => {
    const r = scanPage(source(10_000, 5_000), { from: 0, limit: 10, tip: 10_000, matchTopic: hit, budget: 2_000 });
    expect(r).toEqual({ events: [], hasMore: true, nextAfter: 2_000 });
  });

  it("skips rows the source rejects (filters) and reports the tip for an empty log", () => {
    const src = source(20, 1);
    const r = scanPage(
      { read: src.read, accept: (e) => (e.seq % 2 === 0 ? e : undefined) },
      { from: 0, limit: 100, tip: 20, matchTopic: () => true },
    );
    expect(seqs(r)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    const empty = scanPage(source(0, 1), { from: 7, limit: 10, tip: 30, matchTopic: () => true });
    expect(empty).toEqual({ events: [], hasMore: false, nextAfter: 30 });
  });
});

describe("scanPageAsync", () => {
  it("gives the same pages as scanPage over an async source, for every limit and budget", async () => {
    for (const [limit, budget, every] of [
      [3, 50_000, 10],
      [2, 1_500, 997],
      [10, 2_000, 5_000],
      [100, 50_000, 1],
    ] as const) {
      const sync = source(10_000, every);
      const asyncSrc = {
        read: async (after: number, max: number) => sync.read(after, max),
        accept: sync.accept,
      };
      let after = 0;
      for (let pages = 0; pages < 5_000; pages++) {
        const opts = { from: after, limit, tip: 10_000, matchTopic: hit, budget };
        const want = scanPage(sync, opts);
        const got = await scanPageAsync(asyncSrc, opts);
        expect(got).toEqual(want);
        after = got.nextAfter;
        if (!got.hasMore) break;
      }
      expect(after).toBe(10_000);
    }
  });
});
