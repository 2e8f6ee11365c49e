import { describe, expect, it } from "bun:test";
import { createFrameBatcher } from "./frame-batcher.ts";

/** A frame clock the test advances by hand. */
function manualFrames() {
  let pending: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => {
      pending.push(cb);
    },
    frame() {
      const run = pending;
      pending = [];
      for (const cb of run) cb();
    },
    get scheduled() {
      return pending.length;
    },
  };
}

describe("frame batcher", () => {
  it("hands over everything pushed within a frame in one flush, in order", () => {
    const frames = manualFrames();
    const flushes: number[][] = [];
    const b = createFrameBatcher<number>({ schedule: frames.schedule, onFlush: (x) => flushes.push(x) });
    for (let i = 1; i <= 1000; i++) b.push(i);
    expect(frames.scheduled).toBe(1);
    expect(flushes).toEqual([]);
    frames.frame();
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toHaveLength(1000);
    expect(flushes[0]?.[999]).toBe(1000);
  });

  it("schedules a new frame for items arriving after a flush", () => {
    const frames = manualFrames();
    const flushes: number[][] = [];
    const b = createFrameBatcher<number>({ schedule: frames.schedule, onFlush: (x) => flushes.push(x) });
    b.push(1);
    frames.frame();
    b.push(2);
    b.push(3);
    frames.frame();
    expect(flushes).toEqual([[1], [2, 3]]);
  });

  it("flushes at once when the backlog passes maxPending (frames paused in a hidden tab)", () => {
    const frames = manualFrames();
    const flushes: number[][] = [];
    const b = createFrameBatcher<number>({ schedule: frames.schedule, onFlush: (x) => flushes.push(x), maxPending: 3 });
    for (let i = 1; i <= 7; i++) b.push(i);
    expect(flushes).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(b.pending).toBe(1);
  });

  it("flush() applies now and clear() drops what is pending", () => {
    const frames = manualFrames();
    const flushes: number[][] = [];
    const b = createFrameBatcher<number>({ schedule: frames.schedule, onFlush: (x) => flushes.push(x) });
    b.push(1);
    b.flush();
    b.push(2);
    b.clear();
    frames.frame();
    expect(flushes).toEqual([[1]]);
  });
});
