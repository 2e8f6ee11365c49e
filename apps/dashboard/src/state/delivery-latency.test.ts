import { describe, expect, it } from "bun:test";
import { DeliveryLatency, median } from "./delivery-latency.ts";

const T0 = Date.parse("2026-01-19T10:30:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** A tracker connected at T0 whose local clock runs `skew` ms behind the hub's. */
function connectedTracker(skew = 0, currentSeq = 100) {
  const d = new DeliveryLatency({ sampleEveryMs: 0 });
  d.connected(iso(T0), currentSeq, T0 - skew);
  return d;
}

describe("delivery latency", () => {
  it("takes the median, so one slow delivery in a burst does not move the figure", () => {
    const d = connectedTracker();
    const lags = [3, 2, 4, 390, 3];
    lags.forEach((lag, i) => {
      const stamped = T0 + 1000 + i * 10;
      d.event(101 + i, iso(stamped), stamped + lag);
    });
    expect(d.median(T0 + 2000)).toBe(3);
  });

  it("measures in the hub's clock: a local clock running behind does not count as delay", () => {
    const d = connectedTracker(5000);
    d.event(101, iso(T0 + 1000), T0 + 1000 - 5000 + 7);
    expect(d.median(T0 - 5000 + 2000)).toBe(7);
  });

  it("ignores replayed history (seq at or below the connected current_seq)", () => {
    const d = connectedTracker(0, 100);
    d.event(50, iso(T0 - 3_600_000), T0 + 10);
    d.event(100, iso(T0 - 60_000), T0 + 20);
    expect(d.median(T0 + 30)).toBeNull();
    d.event(101, iso(T0 + 40), T0 + 45);
    expect(d.median(T0 + 50)).toBe(5);
  });

  it("measures nothing before connected (no clock offset yet)", () => {
    const d = new DeliveryLatency({ sampleEveryMs: 0 });
    d.event(1, iso(T0), T0 + 5);
    expect(d.median(T0 + 10)).toBeNull();
  });

  it("samples at most one event per sampleEveryMs, so a burst cannot fill the window", () => {
    const d = new DeliveryLatency({ sampleEveryMs: 100, size: 5 });
    d.connected(iso(T0), 0, T0);
    for (let i = 0; i < 50; i++) d.event(i + 1, iso(T0 + 1000), T0 + 1400 + i); // one burst, ~400 ms late
    for (let i = 1; i <= 2; i++) d.event(100 + i, iso(T0 + 1400 + i * 200), T0 + 1400 + i * 200 + 2);
    expect(d.median(T0 + 2000)).toBe(2);
  });

  it("keeps the newest `size` samples and forgets those older than maxAgeMs", () => {
    const d = new DeliveryLatency({ sampleEveryMs: 0, size: 3, maxAgeMs: 10_000 });
    d.connected(iso(T0), 0, T0);
    [50, 1, 2, 3].forEach((lag, i) => {
      d.event(i + 1, iso(T0 + i), T0 + i + lag);
    });
    expect(d.median(T0 + 100)).toBe(2);
    expect(d.median(T0 + 20_000)).toBeNull();
  });

  it("median of an even count is the mean of the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
