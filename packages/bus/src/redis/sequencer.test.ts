import { describe, expect, it } from "bun:test";
import type { StoredEvent } from "../types.ts";
import { Sequencer } from "./sequencer.ts";

const ev = (seq: number) => ({ seq, topic: "t", json: `{"seq":${seq}}` }) as unknown as StoredEvent;
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => ev(a + i));
const flush = () => Bun.sleep(0);

/** A sequencer over a fake stream holding `stored` seqs; records batches and fetches. */
function harness(start: number, stored: (seq: number) => boolean = () => true) {
  const batches: number[][] = [];
  const fetches: [number, number][] = [];
  const skipped: [number, number, number][] = [];
  let failNext = 0;
  const seq = new Sequencer(start, {
    async fetch(from, to) {
      fetches.push([from, to]);
      if (failNext > 0) {
        failNext--;
        throw new Error("ECONNREFUSED");
      }
      return range(from, to).filter((e) => stored(e.seq));
    },
    deliver: (batch) => batches.push(batch.map((e) => e.seq)),
    onSkipped: (n, from, to) => skipped.push([n, from, to]),
    fetchChunk: 10,
  });
  return {
    seq,
    batches,
    fetches,
    skipped,
    delivered: () => batches.flat(),
    failFetches(n: number) {
      failNext = n;
    },
  };
}

describe("Sequencer", () => {
  it("delivers contiguous batches at once, in the batches they came in", () => {
    const h = harness(0);
    h.seq.offer(range(1, 3));
    h.seq.offer(range(4, 4));
    expect(h.batches).toEqual([[1, 2, 3], [4]]);
    expect(h.seq.delivered).toBe(4);
    expect(h.fetches).toEqual([]);
  });

  it("delivers each seq once when a batch arrives twice or overlaps what was delivered", () => {
    const h = harness(0);
    h.seq.offer(range(1, 3));
    h.seq.offer(range(1, 3));
    h.seq.offer(range(2, 5));
    expect(h.delivered()).toEqual([1, 2, 3, 4, 5]);
  });

  it("holds a batch beyond a gap, reads the gap from the stream, then delivers in order", async () => {
    const h = harness(10);
    h.seq.offer(range(14, 15));
    expect(h.batches).toEqual([]);
    expect(h.fetches).toEqual([[11, 13]]);
    await flush();
    expect(h.batches).toEqual([
      [11, 12, 13],
      [14, 15],
    ]);
    // The late notification for the gap changes nothing.
    h.seq.offer(range(11, 13));
    expect(h.delivered()).toEqual([11, 12, 13, 14, 15]);
  });

  it("catches up to a noted tip in bounded chunks", async () => {
    const h = harness(0);
    h.seq.noteTip(25);
    for (let i = 0; i < 10 && h.seq.delivered < 25; i++) await flush();
    expect(h.fetches).toEqual([
      [1, 10],
      [11, 20],
      [21, 25],
    ]);
    expect(h.delivered()).toEqual(range(1, 25).map((e) => e.seq));
  });

  it("skips seqs the stream no longer holds and says how many", async () => {
    const h = harness(0, (s) => s > 4);
    h.seq.noteTip(7);
    await flush();
    expect(h.delivered()).toEqual([5, 6, 7]);
    expect(h.skipped).toEqual([[4, 1, 7]]);
    // Nothing at all left in a range: moves past it without delivering.
    const empty = harness(0, () => false);
    empty.seq.noteTip(3);
    await flush();
    expect(empty.seq.delivered).toBe(3);
    expect(empty.batches).toEqual([]);
  });

  it("stalls when the stream cannot be read and resumes, without loss, on retry", async () => {
    const h = harness(0);
    h.failFetches(1);
    h.seq.offer(range(3, 3));
    await flush();
    expect(h.seq.isStalled).toBe(true);
    expect(h.batches).toEqual([]);
    h.seq.offer(range(4, 4)); // no fetch storm while stalled
    expect(h.fetches).toHaveLength(1);
    h.seq.retry();
    await flush();
    expect(h.delivered()).toEqual([1, 2, 3, 4]);
    expect(h.seq.isStalled).toBe(false);
  });

  it("resolves waiters once their seq is delivered, or false at the timeout", async () => {
    const h = harness(0);
    const reached = h.seq.waitFor(2, 1_000);
    const late = h.seq.waitFor(9, 20);
    h.seq.offer(range(1, 2));
    expect(await reached).toBe(true);
    expect(await late).toBe(false);
    expect(await h.seq.waitFor(1, 0)).toBe(true);
  });

  it("drops held batches past maxPending and re-reads them from the stream instead", async () => {
    const batches: number[][] = [];
    const seq = new Sequencer(0, {
      fetch: async (from, to) => range(from, to),
      deliver: (b) => batches.push(b.map((e) => e.seq)),
      maxPending: 2,
    });
    seq.offer(range(5, 9)); // too many to hold: only the tip is remembered
    await flush();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("delivers nothing and resolves waiters false once closed", async () => {
    const h = harness(0);
    const w = h.seq.waitFor(5, 1_000);
    h.seq.close();
    h.seq.offer(range(1, 5));
    expect(await w).toBe(false);
    expect(h.batches).toEqual([]);
  });
});
