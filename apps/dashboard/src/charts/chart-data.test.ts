import { describe, expect, it } from "bun:test";
import type { Bar } from "@tickerwire/protocol";
import { type LinePoint, planSeries, toCandlePoints, toEquityPoints } from "./chart-data.ts";

const pnl = (timeMs: number, value: number, drawdown = 0) => ({ timeMs, value, drawdown });

describe("chart data", () => {
  it("gives the P&L line one point per second, keeping the running total at the end of it", () => {
    const points = toEquityPoints([pnl(1000, 1), pnl(1500, 3), pnl(2100, 2, -1), pnl(5000, 7)]);
    expect(points).toEqual([
      { time: 1, value: 3, drawdown: 0 },
      { time: 2, value: 2, drawdown: -1 },
      { time: 5, value: 7, drawdown: 0 },
    ]);
  });

  it("keeps times strictly increasing even if a timestamp goes backwards", () => {
    const points = toEquityPoints([pnl(5000, 1), pnl(3000, 2), pnl(6000, 3)]);
    expect(points.map((p) => p.time)).toEqual([5, 6]);
    expect(points[0]?.value).toBe(2);
  });

  it("turns candles into chart bars in seconds", () => {
    const c: Bar = { start_ms: 60_000, open: 1, high: 4, low: 0.5, close: 2, volume: 10 };
    expect(toCandlePoints([c])).toEqual([{ time: 60, open: 1, high: 4, low: 0.5, close: 2 }]);
  });
});

describe("planSeries", () => {
  const line = (...pairs: [number, number][]): LinePoint[] => pairs.map(([time, value]) => ({ time, value }));

  it("sets everything on the first draw, and nothing for no data", () => {
    expect(planSeries(null, line([1, 1]))).toEqual({ kind: "set", points: line([1, 1]) });
    expect(planSeries(null, [])).toEqual({ kind: "none" });
  });

  it("updates only the tail when new points are appended or the last one changes", () => {
    const drawn = line([1, 1], [2, 2]);
    expect(planSeries(drawn, line([1, 1], [2, 2], [3, 5]))).toEqual({ kind: "update", points: line([2, 2], [3, 5]) });
    expect(planSeries(drawn, line([1, 1], [2, 9]))).toEqual({ kind: "update", points: line([2, 9]) });
  });

  it("does nothing when the data did not change", () => {
    expect(planSeries(line([1, 1], [2, 2]), line([1, 1], [2, 2]))).toEqual({ kind: "none" });
  });

  it("still updates the tail when old points were trimmed off the front", () => {
    expect(planSeries(line([1, 1], [2, 2]), line([2, 2], [3, 3]))).toEqual({
      kind: "update",
      points: line([2, 2], [3, 3]),
    });
  });

  it("redraws when the history was rewritten", () => {
    expect(planSeries(line([5, 1]), line([1, 1], [2, 2])).kind).toBe("set");
    expect(planSeries(line([1, 1], [2, 2], [3, 3]), line([1, 1], [2, 7], [3, 3], [4, 4])).kind).toBe("set");
  });
});
