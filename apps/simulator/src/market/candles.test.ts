import { describe, expect, it } from "bun:test";
import type { Bar } from "./candles.ts";
import { aggregateTick } from "./candles.ts";
import { floorTo, IntervalError, parseInterval } from "./interval.ts";

describe("parseInterval", () => {
  it("reads seconds, minutes, hours and days", () => {
    expect(parseInterval("15s")).toBe(15_000);
    expect(parseInterval("1m")).toBe(60_000);
    expect(parseInterval("4h")).toBe(14_400_000);
    expect(parseInterval("1d")).toBe(86_400_000);
  });
  it("rejects malformed or zero intervals with an IntervalError", () => {
    for (const bad of ["", "1", "m", "1x", "0m", "-1m", "1.5m"]) {
      expect(() => parseInterval(bad)).toThrow(IntervalError);
    }
  });
  it("floors a time to the start of its interval", () => {
    expect(floorTo(125_000, 60_000)).toBe(120_000);
    expect(floorTo(120_000, 60_000)).toBe(120_000);
  });
});

describe("aggregateTick", () => {
  const M = 60_000;
  const feed = (ticks: [number, number, number][]) => {
    let bar: Bar | null = null;
    const closed: Bar[] = [];
    for (const [time, price, volume] of ticks) {
      const r = aggregateTick(bar, { time, price, volume }, M);
      bar = r.bar;
      if (r.closed) closed.push(r.closed);
    }
    return { bar, closed };
  };

  it("builds OHLCV from the ticks of one interval and closes it on the next interval's first tick", () => {
    const { bar, closed } = feed([
      [10_000, 100, 1],
      [20_000, 103, 2],
      [30_000, 98, 3],
      [50_000, 101, 4],
      [60_000, 102, 5], // first tick of the next minute closes the first candle
    ]);
    expect(closed).toEqual([{ start: 0, open: 100, high: 103, low: 98, close: 101, volume: 10 }]);
    // The new candle opens at the previous close (101), not at its first tick (102).
    expect(bar).toEqual({ start: M, open: 101, high: 102, low: 101, close: 102, volume: 5 });
  });

  it("closes one candle per interval even when ticks skip an interval", () => {
    const { closed } = feed([
      [0, 10, 1],
      [3 * M, 11, 1],
    ]);
    expect(closed.map((c) => c.start)).toEqual([0]);
  });
});
