import { describe, expect, it } from "bun:test";
import { clockOffset, deliveryLag, pingLatency, smooth } from "./latency.ts";

describe("latency", () => {
  it("a ping's latency is half its round trip", () => {
    expect(pingLatency(1000, 1080)).toBe(40);
    expect(pingLatency(1000, 990)).toBe(0); // clock went backwards: never negative
  });

  it("smooths samples, taking the first as is", () => {
    expect(smooth(null, 50)).toBe(50);
    expect(smooth(50, 100, 0.2)).toBe(60);
  });

  it("learns the hub's clock offset and measures event lag in the hub's clock", () => {
    const local = Date.parse("2026-01-19T10:30:00.000Z");
    const offset = clockOffset("2026-01-19T10:30:02.000Z", local); // hub clock 2 s ahead
    expect(offset).toBe(2000);
    // An event stamped at hub time 10:30:02.100, read at local 10:30:00.250 → 150 ms old.
    expect(deliveryLag("2026-01-19T10:30:02.100Z", local + 250, offset)).toBe(150);
    expect(deliveryLag("2026-01-19T10:30:09.000Z", local, offset)).toBe(0);
    expect(deliveryLag("2026-01-19T10:30:02.100Z", local, null)).toBeNull();
    expect(clockOffset("not a date", local)).toBeNull();
  });
});
