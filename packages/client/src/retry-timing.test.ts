import { describe, expect, it } from "bun:test";
import { DEFAULT_BACKOFF } from "./backoff.ts";
import { ONLINE_RETRY_JITTER_MS, RetryTiming } from "./retry-timing.ts";

function timing(random = 0.5) {
  const clock = { t: 0 };
  const env = { now: () => clock.t, random: () => random };
  return { retry: new RetryTiming(DEFAULT_BACKOFF, env), clock };
}

describe("retry timing", () => {
  it("grows the delay with each failed round (full jitter of 500 ms × 2^attempt) while the client stays away", () => {
    const { retry, clock } = timing();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      delays.push(retry.next());
      clock.t += 60_000; // long away: only the exponential ceiling bounds the delay
    }
    expect(delays).toEqual([250, 500, 1000]);
    expect(retry.attempt).toBe(3);
  });

  it("never waits out a ceiling longer than the time away (a crowd after a 1 s outage)", () => {
    const { retry, clock } = timing(0.99);
    for (let i = 0; i < 6; i++) retry.next(); // the exponential ceiling is now 16 s
    clock.t += 1_000;
    expect(retry.next()).toBeLessThanOrEqual(1_000);
  });

  it("starts small again only after a connection that stayed up resetAfterMs", () => {
    const { retry, clock } = timing();
    retry.next();
    retry.next();
    clock.t = 9_999;
    retry.dropped(0);
    expect(retry.attempt).toBe(2);
    clock.t = 20_000;
    retry.dropped(10_000);
    expect(retry.attempt).toBe(0);
  });

  it("back online, brings a far retry within a second, and leaves a near one alone", () => {
    const { retry, clock } = timing(0.25);
    clock.t = 1000;
    expect(retry.sooner(1000 + 30_000)).toBe(ONLINE_RETRY_JITTER_MS / 4);
    expect(retry.sooner(1000 + 200)).toBeNull();
    expect(retry.attempt).toBe(0);
  });
});
