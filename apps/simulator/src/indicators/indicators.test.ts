import { describe, expect, it } from "bun:test";
import { crossAt, lastCross } from "./crossover.ts";
import { ema } from "./ema.ts";
import { macd } from "./macd.ts";
import { rsi } from "./rsi.ts";
import { sma } from "./sma.ts";
import { rollingHigh, rollingLow } from "./support.ts";

/** Compares a series with NaN for warm-up entries. */
function expectSeries(actual: number[], expected: (number | null)[], digits = 4) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    if (e === null) expect(Number.isNaN(actual[i])).toBe(true);
    else expect(actual[i]).toBeCloseTo(e, digits);
  });
}

describe("sma", () => {
  it("averages the last `period` values", () => {
    // (2+4+6)/3 = 4, (4+6+8)/3 = 6, (6+8+10)/3 = 8
    expectSeries(sma([2, 4, 6, 8, 10], 3), [null, null, 4, 6, 8]);
  });
  it("rejects a non-positive period", () => {
    expect(() => sma([1], 0)).toThrow(RangeError);
  });
});

describe("ema", () => {
  it("seeds with the SMA and then smooths with α = 2/(p+1)", () => {
    // p = 2, α = 2/3. seed at i=1: (10+11)/2 = 10.5
    // i=2: 2/3·9  + 1/3·10.5    = 6 + 3.5          = 9.5
    // i=3: 2/3·12 + 1/3·9.5     = 8 + 3.16667      = 11.16667
    // i=4: 2/3·14 + 1/3·11.16667 = 9.33333 + 3.72222 = 13.05556
    expectSeries(ema([10, 11, 9, 12, 14], 2), [null, 10.5, 9.5, 11.16667, 13.05556]);
  });
  it("skips leading NaNs before seeding", () => {
    // seed at i=3: (1+2)/2 = 1.5; i=4: 2/3·3 + 1/3·1.5 = 2.5
    expectSeries(ema([Number.NaN, Number.NaN, 1, 2, 3], 2), [null, null, null, 1.5, 2.5]);
  });
  it("is all NaN when there are fewer values than the period", () => {
    expectSeries(ema([1, 2], 3), [null, null]);
  });
});

describe("rsi (Wilder)", () => {
  it("matches a hand computation", () => {
    // values 10 11 12 11 13 12 12 → changes +1 +1 −1 +2 −1 0, period 3
    // i=3: avgGain = (1+1+0)/3 = 2/3, avgLoss = 1/3, RS = 2      → 100 − 100/3        = 66.6667
    // i=4: gain = (2/3·2 + 2)/3 = 10/9, loss = (1/3·2 + 0)/3 = 2/9, RS = 5 → 100 − 100/6 = 83.3333
    // i=5: gain = (10/9·2 + 0)/3 = 20/27, loss = (2/9·2 + 1)/3 = 13/27, RS = 20/13 → 100 − 1300/33 = 60.6061
    // i=6: gain = 40/81, loss = 26/81, RS = 20/13 again → 60.6061
    expectSeries(rsi([10, 11, 12, 11, 13, 12, 12], 3), [null, null, null, 66.6667, 83.3333, 60.6061, 60.6061]);
  });
  it("is 100 for a series that only rises and 50 for a flat one", () => {
    expect(rsi([1, 2, 3, 4, 5], 3).at(-1)).toBe(100);
    expect(rsi([7, 7, 7, 7, 7], 3).at(-1)).toBe(50);
  });
  it("defaults to 14 periods (first value at index 14)", () => {
    const r = rsi(Array.from({ length: 20 }, (_, i) => 100 + Math.sin(i)));
    expect(Number.isNaN(r[13])).toBe(true);
    expect(Number.isNaN(r[14])).toBe(false);
  });
});

describe("macd", () => {
  it("is fast EMA − slow EMA with an EMA signal line (hand computation, 2/3/2)", () => {
    // values 1 2 4 8 16 32
    // ema2 (α=2/3): –, 1.5, 3.16667, 6.38889, 12.79630, 25.59877
    // ema3 (α=1/2): –, –, 2.33333 (=(1+2+4)/3), 5.16667, 10.58333, 21.29167
    // macd = ema2 − ema3: –, –, 0.83333, 1.22222, 2.21296, 4.30710
    // signal = ema2(macd): seed (0.83333+1.22222)/2 = 1.02778; 2/3·2.21296 + 1/3·1.02778 = 1.81790;
    //                      2/3·4.30710 + 1/3·1.81790 = 3.47737
    // histogram = macd − signal: 0.19444, 0.39506, 0.82973
    const m = macd([1, 2, 4, 8, 16, 32], 2, 3, 2);
    expectSeries(m.macd, [null, null, 0.83333, 1.22222, 2.21296, 4.3071]);
    expectSeries(m.signal, [null, null, null, 1.02778, 1.8179, 3.47737]);
    expectSeries(m.histogram, [null, null, null, 0.19444, 0.39506, 0.82973]);
  });
  it("uses 12/26/9 by default: MACD from index 25, signal from index 33", () => {
    const m = macd(Array.from({ length: 40 }, (_, i) => 100 + i));
    expect(Number.isNaN(m.macd[24])).toBe(true);
    expect(Number.isNaN(m.macd[25])).toBe(false);
    expect(Number.isNaN(m.signal[32])).toBe(true);
    expect(Number.isNaN(m.signal[33])).toBe(false);
  });
  it("rejects a fast period not shorter than the slow one", () => {
    expect(() => macd([1, 2, 3], 26, 12)).toThrow(RangeError);
  });
});

describe("crossovers", () => {
  it("detects a cross up only when a goes from ≤ b to > b", () => {
    const a = [1, 2, 3];
    const b = [2, 2, 2];
    expect(crossAt(a, b, 1)).toBeNull(); // 1 → 2 reaches b but does not pass it
    expect(crossAt(a, b, 2)).toBe("up"); // 2 ≤ 2, then 3 > 2
    expect(lastCross(a, b)).toBe("up");
  });
  it("detects a cross down and ignores NaN", () => {
    expect(lastCross([3, 1], [2, 2])).toBe("down");
    expect(lastCross([Number.NaN, 3], [2, 2])).toBeNull();
    expect(lastCross([3], [2])).toBeNull();
  });
});

describe("support and resistance", () => {
  it("are the rolling low and high of the last `period` values", () => {
    // windows of 3: [5,3,4] [3,4,6] [4,6,2] [6,2,7]
    expectSeries(rollingLow([5, 3, 4, 6, 2, 7], 3), [null, null, 3, 3, 2, 2]);
    expectSeries(rollingHigh([5, 3, 4, 6, 2, 7], 3), [null, null, 5, 6, 6, 7]);
  });
});
