import { describe, expect, it } from "bun:test";
import { ReportMessage } from "@tickerwire/protocol";
import { lagEvents, percentile, reportDue, summarizeLatency } from "./report.ts";

describe("latency summary", () => {
  it("gives nearest-rank p50 and p99, the max and the count", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unordered input
    expect(summarizeLatency(samples)).toEqual({ p50: 50, p99: 99, max: 100, count: 100 });
  });

  it("lets one slow event show in p99 and max but not in p50", () => {
    const samples = [...Array.from({ length: 99 }, () => 10), 2500];
    expect(summarizeLatency(samples)).toEqual({ p50: 10, p99: 10, max: 2500, count: 100 });
    expect(summarizeLatency([10, 2500])).toEqual({ p50: 10, p99: 2500, max: 2500, count: 2 });
  });

  it("is all zeros with no samples", () => {
    expect(summarizeLatency([])).toEqual({ p50: 0, p99: 0, max: 0, count: 0 });
  });

  it("clamps into the schema's range and rounds to 0.1 ms, so the report always validates", () => {
    const s = summarizeLatency([-5, 12.345, 9e9, Number.NaN]);
    expect(s).toEqual({ p50: 12.3, p99: 3_600_000, max: 3_600_000, count: 3 });
    const report = { type: "report", latency_ms: s, lag_events: 0, transport: "ws" };
    expect(ReportMessage.safeParse(report).success).toBe(true);
  });

  it("percentile of one sample is that sample at every p", () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });
});

describe("report rate limit", () => {
  it("allows the first report, then one per full interval", () => {
    expect(reportDue(null, 0, 10_000)).toBe(true);
    expect(reportDue(1000, 10_999, 10_000)).toBe(false);
    expect(reportDue(1000, 11_000, 10_000)).toBe(true);
  });

  it("never reports when the interval is 0 (off)", () => {
    expect(reportDue(null, 0, 0)).toBe(false);
  });
});

describe("lag in events", () => {
  it("is the hub's newest seq minus ours, never negative", () => {
    expect(lagEvents(120, 100)).toBe(20);
    expect(lagEvents(100, 120)).toBe(0);
  });
});
