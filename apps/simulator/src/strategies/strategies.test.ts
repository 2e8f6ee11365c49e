import { describe, expect, it } from "bun:test";
import { STRATEGIES } from "@tickerwire/protocol";
import type { Bar } from "../market/candles.ts";
import { fromStrength, roundConfidence } from "./confidence.ts";
import { createStrategy, isStrategyName, STRATEGY_NAMES } from "./registry.ts";
import { rsiOversold } from "./rsi-oversold.ts";
import type { Strategy } from "./types.ts";

const M = 60_000;
/** Candles from closes: each opens at the previous close, high/low just around the body. */
function fromCloses(closes: number[], volume = 10): Bar[] {
  return closes.map((close, i) => {
    const open = i > 0 ? (closes[i - 1] as number) : close;
    return { start: i * M, open, close, high: Math.max(open, close) + 0.01, low: Math.min(open, close) - 0.01, volume };
  });
}
/** The first signal when the strategy is run candle by candle, with the index it fired at. */
function firstSignal(s: Strategy, bars: Bar[], from = 1) {
  for (let i = from; i <= bars.length; i++) {
    const sig = s.evaluate(bars.slice(0, i));
    if (sig) return { ...sig, at: i - 1 };
  }
  return null;
}

describe("RSI_Oversold", () => {
  const s = rsiOversold({ period: 3 });

  it("BUYs on the candle where RSI drops below 30, with confidence from its depth", () => {
    // closes 10 11 10 11 10 9: RSI(3) at the last candle: gain 8/27, loss 19/27 → 100 − 100/(27/19) = 29.63
    // confidence = 0.5 + 0.5·(30 − 29.63)/30 = 0.506
    expect(s.evaluate(fromCloses([10, 11, 10, 11, 10, 9]))).toEqual({ action: "BUY", confidence: 0.506 });
  });

  it("does not repeat while RSI stays in the zone", () => {
    // one more drop: RSI 19.75, still < 30, but it entered the zone a candle earlier
    expect(s.evaluate(fromCloses([10, 11, 10, 11, 10, 9, 8]))).toBeNull();
  });

  it("SELLs on the candle where RSI rises above 70", () => {
    // the mirror image: RSI 70.37 → confidence 0.5 + 0.5·0.37/30 = 0.506
    expect(s.evaluate(fromCloses([10, 9, 10, 9, 10, 11]))).toEqual({ action: "SELL", confidence: 0.506 });
  });

  it("says nothing before it has warmed up", () => {
    expect(s.evaluate(fromCloses([10, 9, 8]))).toBeNull();
  });
});

describe("MACD_Divergence", () => {
  const s = createStrategy("MACD_Divergence");
  // An accelerating decline keeps MACD strictly below its signal line (a perfectly linear one
  // makes them converge to equal values, where float noise decides the side).
  const down = Array.from({ length: 60 }, (_, i) => 200 - 0.03 * i * i);
  const up = Array.from({ length: 20 }, (_, i) => 95 + 2 * i);

  it("stays quiet along an accelerating trend", () => {
    expect(firstSignal(s, fromCloses(down))).toBeNull();
  });

  it("BUYs when MACD crosses above its signal line after a decline, confidently (below zero)", () => {
    const sig = firstSignal(s, fromCloses([...down, ...up]), 60);
    expect(sig?.action).toBe("BUY");
    expect(sig?.at).toBeGreaterThanOrEqual(60);
    expect(sig?.at).toBeLessThan(65);
    expect(sig?.confidence).toBeGreaterThan(0.5);
  });

  it("SELLs when MACD crosses below its signal line after a rise", () => {
    const rise = Array.from({ length: 60 }, (_, i) => 100 + 0.03 * i * i);
    const fall = Array.from({ length: 20 }, (_, i) => 204 - 2 * i);
    const sig = firstSignal(s, fromCloses([...rise, ...fall]), 60);
    expect(sig?.action).toBe("SELL");
    expect(sig?.confidence).toBeGreaterThan(0.5);
  });
});

describe("Trend_Following", () => {
  const s = createStrategy("Trend_Following");
  const flat = Array.from({ length: 40 }, () => 100);

  it("BUYs on the golden cross of the 10- over the 30-candle average", () => {
    const bars = fromCloses([...flat, 101, 102, 103]);
    // At the first rising candle: fast = (9·100 + 101)/10 = 100.1 > slow = (29·100 + 101)/30 = 100.033
    // slow slope over 5 candles = 0.033/100 = 0.00033 → confidence 0.5 + 0.45·tanh(0.333) = 0.645
    const sig = firstSignal(s, bars, 40);
    expect(sig).toEqual({ action: "BUY", confidence: fromStrength(0.1 / 3 / 100, 0.001), at: 40 });
    expect(sig?.confidence).toBeCloseTo(0.645, 3);
  });

  it("SELLs on the death cross", () => {
    const sig = firstSignal(s, fromCloses([...flat, 99, 98]), 40);
    expect(sig?.action).toBe("SELL");
    expect(sig?.at).toBe(40);
  });
});

describe("Support_Bounce", () => {
  const s = createStrategy("Support_Bounce");
  const range: Bar[] = Array.from({ length: 20 }, (_, i) => ({
    start: i * M,
    open: 100,
    close: i % 2 ? 100.5 : 99.5,
    high: 101,
    low: 99,
    volume: 10,
  }));
  const next = (b: Omit<Bar, "start" | "volume">): Bar[] => [...range, { start: 20 * M, volume: 10, ...b }];

  it("BUYs a candle that dips to support and closes back up, confidence from the lower wick", () => {
    // support = 99; low 98.95 ≤ 99·1.001; close 100.5 > open 100 and > 99
    // lower wick = (100 − 98.95) / (100.6 − 98.95) = 1.05/1.65 = 0.636 → 0.5 + 0.5·0.636 = 0.818
    expect(s.evaluate(next({ open: 100, close: 100.5, high: 100.6, low: 98.95 }))).toEqual({
      action: "BUY",
      confidence: 0.818,
    });
  });

  it("ignores a touch that closes below support, and a candle that never reaches it", () => {
    expect(s.evaluate(next({ open: 99.5, close: 98.9, high: 99.6, low: 98.8 }))).toBeNull();
    expect(s.evaluate(next({ open: 100, close: 100.4, high: 100.5, low: 99.8 }))).toBeNull();
  });

  it("SELLs a rejection at resistance", () => {
    // resistance = 101; high 101.05; close 99.8 < open 100.2; upper wick (101.05 − 100.2)/(101.05 − 99.7) = 0.63
    const sig = s.evaluate(next({ open: 100.2, close: 99.8, high: 101.05, low: 99.7 }));
    expect(sig).toEqual({ action: "SELL", confidence: roundConfidence(0.5 + (0.5 * 0.85) / 1.35) });
  });
});

describe("Volume_Spike", () => {
  const s = createStrategy("Volume_Spike");
  const base = fromCloses(
    Array.from({ length: 20 }, () => 100),
    10,
  );
  const spike = (open: number, close: number, volume: number): Bar[] => [
    ...base,
    { start: 20 * M, open, close, high: Math.max(open, close), low: Math.min(open, close), volume },
  ];

  it("follows a green candle on 5× average volume with a BUY", () => {
    // ratio 50/10 = 5 ≥ 2.5 → confidence 0.5 + 0.5·tanh((5 − 2.5)/2.5) = 0.5 + 0.5·0.7616 = 0.881
    expect(s.evaluate(spike(100, 101, 50))).toEqual({ action: "BUY", confidence: 0.881 });
  });

  it("follows a red candle with a SELL and ignores volume below the threshold", () => {
    expect(s.evaluate(spike(101, 100, 50))?.action).toBe("SELL");
    expect(s.evaluate(spike(100, 101, 20))).toBeNull();
  });
});

describe("registry", () => {
  it("has the five strategies of the original system and nothing else", () => {
    expect([...STRATEGY_NAMES]).toEqual([...STRATEGIES]);
    for (const n of STRATEGY_NAMES) expect(createStrategy(n).name).toBe(n);
    expect(isStrategyName("Nope")).toBe(false);
  });
});
