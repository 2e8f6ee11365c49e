import { describe, expect, it } from "bun:test";
import { signal } from "@preact/signals";
import { throttled, throttleSignal } from "./throttle.ts";

function fakeTimers() {
  let now = 0;
  let queue: { at: number; cb: () => void }[] = [];
  return {
    now: () => now,
    setTimeout(cb: () => void, ms: number) {
      queue.push({ at: now + ms, cb });
    },
    advance(ms: number) {
      now += ms;
      const due = queue.filter((t) => t.at <= now);
      queue = queue.filter((t) => t.at > now);
      for (const t of due) t.cb();
    },
  };
}

describe("throttleSignal", () => {
  it("shows a lone change at once", () => {
    const t = fakeTimers();
    const src = signal(1);
    const out = throttleSignal(src, 250, t);
    t.advance(1000);
    src.value = 2;
    expect(out.value).toBe(2);
  });

  it("shows a stream of changes at most once per interval, ending on the latest", () => {
    const t = fakeTimers();
    const src = signal(0);
    const out = throttleSignal(src, 250, t);
    const seen: number[] = [];
    for (let i = 1; i <= 60; i++) {
      t.advance(16);
      src.value = i;
      if (seen.at(-1) !== out.value) seen.push(out.value);
    }
    t.advance(250);
    if (seen.at(-1) !== out.value) seen.push(out.value);
    expect(out.value).toBe(60);
    expect(seen.length).toBeLessThanOrEqual(6); // ~1 s of changes at 4 per second, plus the trailing one
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it("shows the first change at once even right after it was made", () => {
    const t = fakeTimers();
    const src = signal(1);
    const out = throttleSignal(src, 250, t);
    src.value = 2;
    expect(out.value).toBe(2);
  });

  it("is the source itself when not throttled", () => {
    const src = signal(1);
    expect(throttleSignal(src, 0)).toBe(src);
  });
});

describe("throttled", () => {
  it("runs the first call at once and collapses a stream of calls into one run per interval", () => {
    const t = fakeTimers();
    let runs = 0;
    const call = throttled(() => void runs++, 250, t);
    call();
    expect(runs).toBe(1);
    for (let i = 0; i < 15; i++) {
      t.advance(16);
      call();
    }
    expect(runs).toBe(1); // 240 ms: still within the interval, one run pending
    t.advance(16);
    expect(runs).toBe(2);
    t.advance(1000);
    expect(runs).toBe(2); // nothing more was asked for
  });

  it("runs a call due within a frame of its slot at once instead of arming a timer for it", () => {
    const t = fakeTimers();
    let runs = 0;
    const call = throttled(() => void runs++, 250, t);
    call();
    t.advance(240); // 10 ms early: the frame batcher's next flush, give or take a frame
    call();
    expect(runs).toBe(2);
    t.advance(200); // 50 ms early: waits for its slot
    call();
    expect(runs).toBe(2);
    t.advance(50);
    expect(runs).toBe(3);
  });
});
