import { describe, expect, it } from "bun:test";
import { MemoryWindow } from "./memory-window.ts";
import type { StoredEvent } from "./types.ts";

const ev = (seq: number) => ({ seq, topic: "trade.executed", json: `{"seq":${seq}}` }) as unknown as StoredEvent;
const seqs = (list: StoredEvent[]) => list.map((e) => e.seq);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => ev(a + i));

describe("MemoryWindow", () => {
  it("keeps only the newest `capacity` events, in order", () => {
    const w = new MemoryWindow(3);
    w.push(range(1, 5));
    expect(w.size).toBe(3);
    expect([w.firstSeq, w.lastSeq]).toEqual([3, 5]);
    expect(seqs(w.read(0, 10))).toEqual([3, 4, 5]);
  });

  it("reads the events after a cursor, up to a maximum", () => {
    const w = new MemoryWindow(10);
    w.push(range(1, 8));
    expect(seqs(w.read(3, 2))).toEqual([4, 5]);
    expect(seqs(w.read(7, 10))).toEqual([8]);
    expect(w.read(8, 10)).toEqual([]);
  });

  it("covers a cursor only when everything after it is held and the window is at the tip", () => {
    const w = new MemoryWindow(3);
    w.push(range(1, 5));
    expect(w.covers(2, 5)).toBe(true);
    expect(w.covers(5, 5)).toBe(true);
    expect(w.covers(1, 5)).toBe(false);
    expect(w.covers(3, 6)).toBe(false);
  });

  it("an empty window covers only a cursor at the tip", () => {
    const w = new MemoryWindow(0);
    w.push(range(1, 3));
    expect(w.size).toBe(0);
    expect(w.covers(3, 3)).toBe(true);
    expect(w.covers(2, 3)).toBe(false);
  });

  it("drops events older than a retention cut", () => {
    const w = new MemoryWindow(5);
    w.push(range(1, 5));
    w.dropBefore(4);
    expect(seqs(w.read(0, 10))).toEqual([4, 5]);
    w.push([ev(6)]);
    expect(seqs(w.read(3, 10))).toEqual([4, 5, 6]);
    w.dropBefore(100);
    expect(w.size).toBe(0);
  });

  it("restarts from a seq that does not follow on (never serves a hole)", () => {
    const w = new MemoryWindow(5);
    w.push(range(1, 3));
    w.push([ev(10)]);
    expect(seqs(w.read(0, 10))).toEqual([10]);
  });

  it("wraps around the ring many times without losing order", () => {
    const w = new MemoryWindow(7);
    for (let s = 1; s <= 1000; s++) w.push([ev(s)]);
    expect(seqs(w.read(993, 100))).toEqual([994, 995, 996, 997, 998, 999, 1000]);
  });
});
