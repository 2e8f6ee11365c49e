import { describe, expect, it } from "bun:test";
import { bucketFloor, bucketOf, cpuPercent, Histogram, percentile, ratio, summarize } from "./stats.ts";

describe("percentile", () => {
  it("uses the nearest rank of an ascending array", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });
  it("is NaN for no samples", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarize", () => {
  it("sorts a copy and reports min, p50, p99, max and mean", () => {
    const input = [5, 1, 4, 2, 3];
    const s = summarize(input);
    expect(s).toEqual({ count: 5, min: 1, p50: 3, p99: 5, max: 5, mean: 3 });
    expect(input).toEqual([5, 1, 4, 2, 3]);
  });
});

describe("histogram buckets", () => {
  it("keeps every value below 2048 ms exact", () => {
    for (const v of [0, 1, 2, 99, 1023, 1024, 2047]) expect(bucketFloor(bucketOf(v))).toBe(v);
  });
  it("is monotonic and within 0.1% above 2048 ms", () => {
    let prev = -1;
    for (let v = 2048; v < 5_000_000; v = Math.floor(v * 1.013) + 1) {
      const b = bucketOf(v);
      expect(b).toBeGreaterThanOrEqual(prev);
      prev = b;
      const floor = bucketFloor(b);
      expect(floor).toBeLessThanOrEqual(v);
      expect((v - floor) / v).toBeLessThan(0.001);
    }
  });
});

describe("Histogram", () => {
  it("agrees with exact percentiles on random data", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = Array.from({ length: 20_000 }, () => Math.floor(rand() ** 3 * 100_000));
    const h = new Histogram();
    for (const v of values) h.record(v);
    const exact = summarize(values);
    for (const [p, e] of [
      [50, exact.p50],
      [99, exact.p99],
    ] as const) {
      const got = h.percentile(p);
      expect(got).toBeLessThanOrEqual(e);
      expect(e - got).toBeLessThanOrEqual(Math.max(0, e * 0.001));
    }
    expect(h.percentile(100)).toBe(exact.max);
    expect(h.count).toBe(values.length);
  });
  it("clamps negative latencies (clock rounding) to zero", () => {
    const h = new Histogram();
    h.record(-3);
    h.record(4);
    expect(h.summary()).toMatchObject({ count: 2, min: 0, max: 4, p50: 0 });
  });
  it("merges counts, extremes and sums", () => {
    const a = new Histogram();
    const b = new Histogram();
    a.record(1);
    a.record(2);
    b.record(10_000);
    a.merge(b);
    expect(a.summary()).toMatchObject({ count: 3, min: 1, max: 10_000, p50: 2 });
    expect(a.summary().mean).toBeCloseTo(10_003 / 3);
  });
  it("reports NaN percentiles when empty", () => {
    const s = new Histogram().summary();
    expect(s.count).toBe(0);
    expect(s.p99).toBeNaN();
    expect(s.max).toBeNaN();
  });
});

describe("ratio and cpuPercent", () => {
  it("divides, and refuses a missing or zero baseline", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(3, Number.NaN)).toBeNull();
  });
  it("turns clock ticks into percent of one core", () => {
    expect(cpuPercent(150, 100, 1000)).toBe(150);
    expect(cpuPercent(50, 100, 2000)).toBe(25);
    expect(cpuPercent(1, 100, 0)).toBeNaN();
  });
});
