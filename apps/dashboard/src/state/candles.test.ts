import { describe, expect, it } from "bun:test";
import { type Candle, candleKey, mergeCandle, toCandle } from "./candles.ts";

const bar = (startMs: number, close: number): Candle => ({ startMs, open: 1, high: 9, low: 1, close, volume: 1 });

describe("candle series", () => {
  it("keys series by symbol and interval", () => {
    expect(candleKey({ symbol: "BTC-USDT", interval: "1m" })).toBe("BTC-USDT.1m");
  });
  it("parses the start once into ms", () => {
    const c = toCandle({
      symbol: "X",
      interval: "1m",
      open: 1,
      high: 2,
      low: 1,
      close: 2,
      volume: 3,
      start: "2026-01-19T10:30:00Z",
    });
    expect(c.startMs).toBe(Date.parse("2026-01-19T10:30:00Z"));
  });
  it("appends a newer bar", () => {
    expect(mergeCandle([bar(0, 1)], bar(60, 2)).map((c) => c.startMs)).toEqual([0, 60]);
  });
  it("replaces the candle in progress (same start) instead of adding a bar", () => {
    const out = mergeCandle([bar(0, 1), bar(60, 2)], bar(60, 5));
    expect(out).toHaveLength(2);
    expect(out[1]?.close).toBe(5);
  });
  it("inserts a late bar in start order", () => {
    expect(mergeCandle([bar(0, 1), bar(120, 2)], bar(60, 3)).map((c) => c.startMs)).toEqual([0, 60, 120]);
  });
  it("keeps the newest `cap` bars", () => {
    let s: Candle[] = [];
    for (let i = 0; i < 10; i++) s = mergeCandle(s, bar(i * 60, i), 4);
    expect(s.map((c) => c.close)).toEqual([6, 7, 8, 9]);
  });
});
