import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { KeyedBuckets, TokenBucket } from "./token-bucket.ts";

describe("TokenBucket", () => {
  test("allows a burst, then refuses until tokens refill at the rate", () => {
    const b = new TokenBucket({ ratePerS: 10, burst: 3 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.waitMs(0)).toBe(100);
    expect(b.take(99)).toBe(false);
    expect(b.take(100)).toBe(true);
  });
  test("property: never admits more than burst + rate × elapsed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 300 }),
        (rate, burst, gaps) => {
          const b = new TokenBucket({ ratePerS: rate, burst }, 0);
          let t = 0;
          let admitted = 0;
          for (const g of gaps) {
            t += g;
            if (b.take(t)) admitted++;
          }
          expect(admitted).toBeLessThanOrEqual(burst + Math.floor((rate * t) / 1000) + 1);
        },
      ),
    );
  });
});

describe("KeyedBuckets", () => {
  test("limits each key on its own", () => {
    const k = new KeyedBuckets({ ratePerS: 1, burst: 1 });
    expect(k.take("a", 0).ok).toBe(true);
    expect(k.take("a", 0)).toEqual({ ok: false, retryAfterS: 1 });
    expect(k.take("b", 0).ok).toBe(true);
  });
  test("rate 0 means unlimited", () => {
    const k = new KeyedBuckets({ ratePerS: 0, burst: 0 });
    for (let i = 0; i < 100; i++) expect(k.take("a", 0).ok).toBe(true);
  });
  test("stays bounded under a flood of distinct keys", () => {
    const k = new KeyedBuckets({ ratePerS: 1, burst: 2 }, 1000);
    for (let i = 0; i < 10_000; i++) k.take(`ip${i}`, i);
    expect(k.size).toBeLessThanOrEqual(1000);
  });
});
