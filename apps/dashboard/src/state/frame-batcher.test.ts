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

  it("with minIntervalMs hands a lone item over at the next frame and a stream once per interval", () => {
    const frames = manualFrames();
    let now = 1000;
    const timers: { at: number; cb: () => void }[] = [];
    const flushes: number[][] = [];
    const b = createFrameBatcher<number>({
      schedule: frames.schedule,
      onFlush: (x) => flushes.push(x),
      minIntervalMs: 250,
      timers: { now: () => now, setTimeout: (cb, ms) => void timers.push({ at: now + ms, cb }) },
    });
    b.push(1); // quiet before: next frame
    expect(timers).toHaveLength(0);
    frames.frame();
    expect(flushes).toEqual([[1]]);
    now += 16;
    b.push(2);
    b.push(3);
    frames.frame();
    expect(flushes).toHaveLength(1); // waits for the interval, not the frame
    expect(timers.map((t) => t.at)).toEqual([1250]);
    now = 1250;
    timers.shift()?.cb();
    frames.frame();
    expect(flushes).toEqual([[1], [2, 3]]);
    now = 2000; // quiet again: at once
    b.push(4);
    frames.frame();
    expect(flushes.at(-1)).toEqual([4]);
  });

  it("with minIntervalMs still flushes at once past maxPending", () => {
    const frames = manualFrames();
    const flushes: number[][] = [];
    const b = createFrameBatcher<number>({
      schedule: frames.schedule,
      onFlush: (x) => flushes.push(x),
      minIntervalMs: 250,
      maxPending: 2,
      timers: { now: () => 0, setTimeout: () => 0 },
    });
    for (let i = 1; i <= 4; i++) b.push(i);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
