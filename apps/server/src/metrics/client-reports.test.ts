import { describe, expect, it } from "bun:test";
import type { ReportMessage } from "@tickerwire/protocol";
import { createClientReports } from "./client-reports.ts";

const report = (p99: number, lag: number, transport: "ws" | "sse" = "ws"): ReportMessage => ({
  type: "report",
  latency_ms: { p50: p99 / 2, p99, max: p99 * 2, count: 10 },
  lag_events: lag,
  transport,
});

describe("client reports", () => {
  it("summarizes the worst latency and lag reported within the window", () => {
    let t = 0;
    const agg = createClientReports({ windowMs: 1_000, now: () => t });
    agg.add(report(500, 40));
    t = 600;
    agg.add(report(80, 2, "sse"));
    agg.add(report(120, 5));
    expect(agg.summary()).toEqual({ reports: 3, latency_p99_ms: 500, latency_max_ms: 1000, lag_events: 40 });
    t = 1_200; // the first report left the window
    expect(agg.summary()).toEqual({ reports: 2, latency_p99_ms: 120, latency_max_ms: 240, lag_events: 5 });
    expect(agg.totals).toEqual({ ws: 2, sse: 1 });
  });

  it("keeps at most `capacity` reports", () => {
    const agg = createClientReports({ capacity: 3, now: () => 0 });
    agg.add(report(900, 0));
    for (let i = 0; i < 3; i++) agg.add(report(10, 0));
    expect(agg.summary()).toMatchObject({ reports: 3, latency_p99_ms: 10 });
  });
});
