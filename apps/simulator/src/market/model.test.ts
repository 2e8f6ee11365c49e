import { describe, expect, it } from "bun:test";
import { CandleData } from "@tickerwire/protocol";
import { initialPriceState, stepPrice } from "./price-model.ts";
import { mulberry32 } from "./prng.ts";
import { CALM, stepRegime } from "./regime.ts";
import { regimeAlert, regimeSeverity } from "./regime-alert.ts";
import { priceDecimals, roundPrice, roundTo } from "./rounding.ts";
import { SymbolMarket } from "./symbol-market.ts";
import type { VolumeParams } from "./volume.ts";
import { NO_BURST, stepVolume } from "./volume.ts";

describe("price model", () => {
  it("does not move without volatility, drift or pull", () => {
    const r = mulberry32(1);
    let s = initialPriceState(100);
    const params = { sigma: 0, maxDrift: 0, pDriftChange: 0, meanReversion: 0 };
    for (let i = 0; i < 100; i++) s = stepPrice(s, 1, r, params);
    expect(Math.exp(s.logPrice)).toBeCloseTo(100, 10);
  });

  it("has log returns with mean (μ − σ²/2)·dt and stdev σ·√dt (geometric Brownian motion)", () => {
    // The drift stays 0 (pDriftChange 0), so μ is given as the push argument.
    const r = mulberry32(2);
    const sigma = 0.01;
    const params = { sigma, maxDrift: 0, pDriftChange: 0, meanReversion: 0 };
    const mu = 0.002;
    const n = 20_000;
    let s = initialPriceState(100);
    const rets: number[] = [];
    for (let i = 0; i < n; i++) {
      const next = stepPrice(s, 1, r, params, 1, mu);
      rets.push(next.logPrice - s.logPrice);
      s = next;
    }
    const mean = rets.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(mean).toBeCloseTo(mu - sigma ** 2 / 2, 3.5);
    expect(sd / sigma).toBeGreaterThan(0.97);
    expect(sd / sigma).toBeLessThan(1.03);
  });

  it("scales volatility by the regime multiplier", () => {
    const params = { sigma: 0.01, maxDrift: 0, pDriftChange: 0, meanReversion: 0 };
    const spread = (mult: number) => {
      const r = mulberry32(3);
      let s = initialPriceState(100);
      let sq = 0;
      for (let i = 0; i < 5_000; i++) {
        const next = stepPrice(s, 1, r, params, mult);
        sq += (next.logPrice - s.logPrice) ** 2;
        s = next;
      }
      return Math.sqrt(sq / 5_000);
    };
    expect(spread(3) / spread(1)).toBeCloseTo(3, 1);
  });

  it("pulls the price back toward its trend line when mean reversion is on", () => {
    const r = mulberry32(4);
    const params = { sigma: 0, maxDrift: 0, pDriftChange: 0, meanReversion: 0.1 };
    // Start 10% above the anchor: log distance shrinks by (1 − 0.1) per minute.
    let s = { logPrice: Math.log(110), anchor: Math.log(100), drift: 0 };
    s = stepPrice(s, 1, r, params);
    expect(s.logPrice - s.anchor).toBeCloseTo(0.9 * Math.log(1.1), 10);
  });
});

describe("regimes", () => {
  it("switches calm → volatile with a multiplier in range, and back", () => {
    const config = { pEnterVolatile: 1, pExitVolatile: 1, multiplierRange: [2, 3] as const };
    const r = mulberry32(5);
    const v = stepRegime(CALM, r, config);
    expect(v.name).toBe("volatile");
    expect(v.multiplier).toBeGreaterThanOrEqual(2);
    expect(v.multiplier).toBeLessThan(3);
    expect(stepRegime(v, r, config)).toBe(CALM);
  });

  it("keeps the same regime object when nothing switches", () => {
    const config = { pEnterVolatile: 0, pExitVolatile: 0, multiplierRange: [2, 3] as const };
    expect(stepRegime(CALM, mulberry32(6), config)).toBe(CALM);
  });
});

describe("volume", () => {
  const params: VolumeParams = {
    basePerMinute: 100,
    noise: 0.3,
    pBurst: 0,
    burstTicks: [3, 3],
    burstMultiplier: [5, 5],
  };

  it("averages the base rate per minute without bursts", () => {
    const r = mulberry32(7);
    let total = 0;
    let state = NO_BURST;
    for (let i = 0; i < 10_000; i++) {
      const t = stepVolume(state, 0.5, r, params);
      state = t.state;
      total += t.volume;
    }
    // 10,000 ticks of half a minute = 5,000 minutes at 100/minute.
    expect(total / 500_000).toBeCloseTo(1, 1);
  });

  it("multiplies volume during a burst for its length, then returns to normal", () => {
    const r = mulberry32(8);
    const burst = stepVolume(NO_BURST, 1, r, { ...params, pBurst: 1 });
    expect(burst.state.burstLeft).toBe(3);
    expect(burst.state.burstMultiplier).toBe(5);
    let state = burst.state;
    for (let i = 0; i < 3; i++) state = stepVolume(state, 1, r, params).state;
    expect(state.burstLeft).toBe(0);
  });
});

describe("rounding", () => {
  it("quotes prices with decimals suited to their size", () => {
    expect(priceDecimals(42_000)).toBe(2);
    expect(priceDecimals(5)).toBe(4);
    expect(priceDecimals(0.5)).toBe(6);
    expect(roundPrice(42_350.456)).toBe(42_350.46);
    expect(roundTo(1.23456, 3)).toBe(1.235);
  });
});

describe("SymbolMarket", () => {
  const run = (symbol: string, seed: number, ticks: number) => {
    const m = new SymbolMarket(symbol, { seed, intervalMs: 60_000 });
    return Array.from({ length: ticks }, (_, i) => m.step((i + 1) * 5_000, 5 / 60));
  };

  it("is reproducible for a seed and differs between symbols", () => {
    const a = run("BTC-USDT", 9, 200).map((t) => t.price);
    expect(run("BTC-USDT", 9, 200).map((t) => t.price)).toEqual(a);
    expect(run("BTC-USDT", 10, 200).map((t) => t.price)).not.toEqual(a);
    expect(a[0]).toBeGreaterThan(40_000);
    expect(a[0]).toBeLessThan(44_000);
  });

  it("closes one valid candle per simulated minute", () => {
    const closed = run("ETH-USDT", 11, 12 * 30 + 1).flatMap((t) => (t.closed ? [t.closed] : []));
    expect(closed).toHaveLength(30);
    for (const [i, c] of closed.entries()) {
      expect(c.start).toBe(i * 60_000);
      const data = { ...c, symbol: "ETH-USDT", interval: "1m", start: new Date(c.start).toISOString() };
      expect(CandleData.safeParse(data).success).toBe(true);
      if (i > 0) expect(c.open).toBe(closed[i - 1]?.close as number);
    }
  });
});

describe("regime alerts", () => {
  it("grade severity by the volatility multiplier and say what changed", () => {
    const calm = CALM;
    const mild = { name: "volatile" as const, multiplier: 2 };
    const strong = { name: "volatile" as const, multiplier: 3 };
    const extreme = { name: "volatile" as const, multiplier: 4.5 };
    expect(regimeSeverity(mild)).toBe("info");
    expect(regimeSeverity(strong)).toBe("warning");
    expect(regimeSeverity(extreme)).toBe("critical");
    expect(regimeSeverity(calm)).toBe("info");
    expect(regimeAlert("BTC-USDT", calm, extreme)).toEqual({
      message: "BTC-USDT volatility regime: calm → volatile (σ ×4.5)",
      severity: "critical",
      kind: "system",
    });
    expect(regimeAlert("BTC-USDT", extreme, calm).message).toBe("BTC-USDT volatility regime: volatile → calm");
  });
});
