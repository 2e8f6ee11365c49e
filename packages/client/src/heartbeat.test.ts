import { describe, expect, it } from "bun:test";
import { FakeClock } from "../test/fake-clock.ts";
import { createWatchdog, startPinger } from "./heartbeat.ts";

describe("watchdog", () => {
  it("fires once after timeoutMs without traffic", () => {
    const clock = new FakeClock();
    let dead = 0;
    createWatchdog(1000, clock, () => dead++);
    clock.advance(999);
    expect(dead).toBe(0);
    clock.advance(1);
    expect(dead).toBe(1);
    clock.advance(10_000);
    expect(dead).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it("each touch pushes the deadline back, without a timer per touch", () => {
    const clock = new FakeClock();
    let dead = 0;
    const w = createWatchdog(1000, clock, () => dead++);
    for (let i = 0; i < 50; i++) {
      clock.advance(100);
      w.touch();
    }
    expect(dead).toBe(0);
    expect(clock.pending).toBe(1);
    clock.advance(999);
    expect(dead).toBe(0);
    clock.advance(1);
    expect(dead).toBe(1);
  });

  it("stop() cancels it", () => {
    const clock = new FakeClock();
    let dead = 0;
    createWatchdog(1000, clock, () => dead++).stop();
    clock.advance(5000);
    expect(dead).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe("pinger", () => {
  it("pings at once, then every interval, with the current time, until stopped", () => {
    const clock = new FakeClock(1000);
    const pings: number[] = [];
    const stop = startPinger(500, clock, (t) => pings.push(t));
    clock.advance(1600);
    stop();
    clock.advance(5000);
    expect(pings).toEqual([1000, 1500, 2000, 2500]);
  });
});
