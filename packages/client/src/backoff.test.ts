import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { attemptAfterDrop, backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";

const policy = { minMs: 500, maxMs: 30_000, factor: 2, resetAfterMs: 10_000 };

describe("backoff", () => {
  it("the ceiling grows by factor from minMs and stops at maxMs", () => {
    expect([0, 1, 2, 3, 5, 6, 7, 50].map((a) => backoffCeiling(a, policy))).toEqual([
      500, 1000, 2000, 4000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it("uses the documented defaults: 500 ms, 30 s, ×2, reset after 10 s", () => {
    expect(DEFAULT_BACKOFF).toEqual(policy);
  });

  it("full jitter: every delay is random() × ceiling, within [0, ceiling)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const d = backoffDelay(attempt, policy, () => r);
          const ceiling = backoffCeiling(attempt, policy);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(Math.max(1, ceiling));
          expect(d).toBe(Math.floor(r * ceiling));
        },
      ),
    );
  });

  it("never overflows or goes negative, even for absurd attempts or a misbehaving random()", () => {
    expect(backoffDelay(1e9, policy, () => 0.5)).toBe(15_000);
    expect(backoffDelay(-3, policy, () => 0.5)).toBe(250);
    expect(backoffDelay(0, policy, () => 7)).toBe(500);
    expect(backoffDelay(0, policy, () => -1)).toBe(0);
    expect(backoffDelay(0, policy, () => Number.NaN)).toBe(500);
  });

  it("never waits longer than the client has been away (nor under minMs), however many attempts failed", () => {
    const half = () => 0.5;
    expect(backoffDelay(4, policy, half, 0)).toBe(250); // attempt 4 would be 8 s; away 0 ms → minMs
    expect(backoffDelay(4, policy, half, 1200)).toBe(600);
    expect(backoffDelay(4, policy, half, 60_000)).toBe(4000); // a long outage: the attempt ceiling again
    expect(backoffDelay(50, policy, half, 600_000)).toBe(15_000); // still at most maxMs
    expect(backoffDelay(1, policy, half, Number.NaN)).toBe(500); // unknown time away: attempts only
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10_000_000 }), (attempt, away) => {
        const d = backoffDelay(attempt, policy, () => 0.999, away);
        expect(d).toBeLessThan(Math.max(policy.minMs, away));
        expect(d).toBeLessThan(backoffCeiling(attempt, policy));
      }),
    );
  });

  it("spreads a crowd: 1,000 clients reconnecting at attempt 4 do not pick the same millisecond", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4, policy, random));
    expect(new Set(delays).size).toBeGreaterThan(900);
  });

  it("resets the attempt only after a connection that stayed up resetAfterMs", () => {
    expect(attemptAfterDrop(5, 1000, 1000 + 9_999, policy)).toBe(5);
    expect(attemptAfterDrop(5, 1000, 1000 + 10_000, policy)).toBe(0);
  });
});
