import { describe, expect, it } from "bun:test";
import { histogramRows, LatencyHistogram, renderHistogram } from "./histogram.ts";
import { metricValue, parseHubSample } from "./hub-metrics.ts";
import { LatencyRecorder } from "./latency.ts";
import { Ledger } from "./ledger.ts";
import type { ClientOutcome } from "./report.ts";
import { buildReport, summarizeClients } from "./report.ts";
import { formatReport } from "./report-text.ts";
import { DeliveryTracker } from "./tracker.ts";

describe("latency histogram", () => {
  it("gives nearest-rank percentiles (1..100 ms)", () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) h.record(ms);
    // rank = ceil(p/100 · 100): p50 → 50th sample = 50 ms, p99.9 → ceil(99.9) = 100th = 100 ms
    expect([h.percentile(50), h.percentile(90), h.percentile(99), h.percentile(99.9)]).toEqual([50, 90, 99, 100]);
    expect(h.max).toBe(100);
    expect(h.mean).toBe(50.5);
  });

  it("handles a skewed distribution: 990 fast, 10 slow", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 990; i++) h.record(2);
    for (let i = 0; i < 10; i++) h.record(250);
    // p99 → rank 990 → still 2 ms; p99.9 → rank 999 → 250 ms
    expect(h.percentile(99)).toBe(2);
    expect(h.percentile(99.9)).toBe(250);
  });

  it("is all zeros when empty, clamps negatives, and reports the max past 60 s", () => {
    const h = new LatencyHistogram();
    expect(h.percentile(99)).toBe(0);
    h.record(-5);
    h.record(70_000);
    expect(h.percentile(50)).toBe(0);
    expect(h.percentile(100)).toBe(70_000);
  });

  it("merges", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(1);
    b.record(3);
    a.merge(b);
    expect([a.count, a.max, a.percentile(100)]).toEqual([2, 3, 3]);
  });

  it("renders log-scale rows trimmed to the populated range", () => {
    const h = new LatencyHistogram();
    for (const ms of [0, 1, 1, 3, 3, 5]) h.record(ms);
    const rows = histogramRows(h);
    expect(rows).toEqual([
      { from: 0, to: 1, count: 1 },
      { from: 1, to: 2, count: 2 },
      { from: 2, to: 4, count: 2 },
      { from: 4, to: 8, count: 1 },
    ]);
    const text = renderHistogram(rows, 10);
    expect(text.split("\n")).toHaveLength(4);
    expect(text.split("\n")[1]).toBe(`${"1 ms".padStart(14)} | ########## ${"2".padStart(9)}  33.3%`);
    expect(text).toContain("4-7 ms");
  });
});

describe("delivery tracker", () => {
  it("classifies new, duplicate, reordered and pre-start deliveries, and counts the lost ones", () => {
    const t = new DeliveryTracker(10);
    const seen = [9, 11, 12, 12, 15, 14].map((s) => t.record(s));
    expect(seen).toEqual(["before-start", "new", "new", "duplicate", "new", "reordered"]);
    expect([t.received, t.duplicates, t.reordered, t.lastSeq]).toEqual([4, 1, 1, 15]);
    // expected 11..15 and 8 (before start: not counted); 13 never came
    expect(t.lost([8, 11, 12, 13, 14, 15])).toBe(1);
  });

  it("treats gaps (other topics) as normal", () => {
    const t = new DeliveryTracker(0);
    for (const s of [2, 5, 9]) expect(t.record(s)).toBe("new");
    expect([t.duplicates, t.reordered]).toEqual([0, 0]);
  });

  it("grows past its initial size", () => {
    const t = new DeliveryTracker(0);
    t.record(100_000);
    expect(t.has(100_000)).toBe(true);
    expect(t.has(99_999)).toBe(false);
  });
});

describe("ledger and latency", () => {
  it("lists acknowledged seqs on matching topics in order", () => {
    const l = new Ledger();
    l.add([3, 4], ["system.alert", "strategy.Stress.signal"], 1_000);
    l.add([1], ["system.alert"], 900);
    expect(l.seqsMatching((t) => t === "system.alert")).toEqual([1, 3]);
    expect(l.maxSeq).toBe(4);
  });

  it("measures receive − send, also for deliveries that beat the ack, and drops foreign seqs", () => {
    const l = new Ledger();
    const r = new LatencyRecorder(l, ["ws", "sse"] as const);
    l.add([1], ["system.alert"], 1_000);
    r.delivered(1, 1_004, "ws"); // ack known: 4 ms
    r.delivered(2, 1_010, "sse"); // before its ack
    r.delivered(3, 1_011, "ws"); // another publisher's event
    expect(r.pendingCount).toBe(2);
    l.add([2, 4], ["system.alert", "system.alert"], 1_002); // seq 3 skipped: not ours
    r.resolve();
    expect(r.pendingCount).toBe(0);
    expect(r.histograms.ws.count).toBe(1);
    expect(r.histograms.sse.percentile(100)).toBe(8); // 1,010 − 1,002
    expect(r.combined().count).toBe(2);
  });

  it("keeps every early delivery of a seq, per kind and receive time, until its ack arrives", () => {
    const l = new Ledger();
    const r = new LatencyRecorder(l, ["ws", "sse"] as const);
    for (let i = 0; i < 500; i++) r.delivered(7, 2_000 + (i < 300 ? 0 : 5), "ws");
    for (let i = 0; i < 40; i++) r.delivered(7, 2_001, "sse");
    r.delivered(7, 2_000, "ws"); // same ms as the first run, after another one: still counted
    r.delivered(8, 2_003, "sse");
    expect(r.pendingCount).toBe(542);
    l.add([7], ["system.alert"], 1_990);
    r.resolve();
    expect(r.pendingCount).toBe(1); // seq 8 is not acked yet and may still be
    expect(r.histograms.ws.count).toBe(501);
    expect(r.histograms.ws.counts[10]).toBe(301);
    expect(r.histograms.ws.counts[15]).toBe(200);
    expect(r.histograms.sse.counts[11]).toBe(40);
    expect(r.histograms.ws.mean).toBeCloseTo((301 * 10 + 200 * 15) / 501, 6);
  });
});

describe("report", () => {
  // Hub acked seqs 11..16, alternating alert / signal topics.
  const ledger = new Ledger();
  ledger.add(
    [11, 12, 13, 14, 15, 16],
    [
      "system.alert",
      "strategy.Stress.signal",
      "system.alert",
      "strategy.Stress.signal",
      "system.alert",
      "strategy.Stress.signal",
    ],
    0,
  );
  const tracked = (start: number, seqs: number[]) => {
    const t = new DeliveryTracker(start);
    for (const s of seqs) t.record(s);
    return t;
  };
  const both = ["system.alert", "strategy.*.signal"];
  const clients: ClientOutcome[] = [
    { transport: "ws", patterns: both, tracker: tracked(10, [11, 12, 13, 14, 15, 16]) }, // perfect
    { transport: "ws", patterns: ["system.alert"], tracker: tracked(10, [11, 11, 15]) }, // lost 13, dup 11
    { transport: "sse", patterns: ["strategy.Stress.signal"], tracker: tracked(10, [12, 16, 14]) }, // reordered 14
    { transport: "sse", patterns: both, tracker: tracked(14, [15, 16]) }, // joined late: only 15, 16 expected
    { transport: "sse", patterns: both, tracker: null }, // never connected
  ];

  it("counts lost, duplicated and reordered events per transport against each client's subscription", () => {
    const s = summarizeClients(clients, ledger);
    expect(s.ws).toEqual({
      clients: 2,
      connected: 2,
      deliveries: 6 + 3,
      lost: 1,
      duplicated: 1,
      reordered: 0,
      clientsWithProblems: 1,
    });
    expect(s.sse).toEqual({
      clients: 3,
      connected: 2,
      deliveries: 3 + 2,
      lost: 0,
      duplicated: 0,
      reordered: 1,
      clientsWithProblems: 1,
    });
  });

  const input = (cs: ClientOutcome[]) => {
    const h = new LatencyHistogram();
    for (const ms of [1, 2, 3, 40]) h.record(ms);
    return {
      startedAt: new Date(0),
      config: {
        url: "http://hub",
        client: "sdk" as const,
        ws: 2,
        sse: 3,
        rate: 100,
        durationS: 2,
        payload: 200,
        slow: 0,
        churn: 0,
        workers: 2,
      },
      openFiles: { soft: 1024, hard: 4096, needed: 105 },
      publishMs: 2_000,
      published: { events: 6, batches: 2, retries: 0 },
      transports: summarizeClients(cs, ledger),
      latency: { ws: h, sse: new LatencyHistogram() },
      combinedLatency: h,
      slow: { clients: 0, deliveries: 0, disconnects: 0 },
      reconnects: 0,
      hub: {
        start: { rssBytes: 50 * 1024 * 1024, cpuSeconds: 1, slowDisconnects: 2 },
        end: { rssBytes: 60 * 1024 * 1024, cpuSeconds: 2, slowDisconnects: 5 },
        peakRssBytes: 64 * 1024 * 1024,
        wallMs: 4_000,
      },
      loopLag: new LatencyHistogram(),
    };
  };

  it("fails when any client lost, duplicated or reordered, naming what went wrong", () => {
    const r = buildReport(input(clients));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      "ws: 1 events lost",
      "ws: 1 events duplicated",
      "sse: 1 of 3 clients never connected",
      "sse: 1 events out of order",
    ]);
    expect(r.deliveries).toEqual({ total: 14, perSec: 7 });
    expect(r.latencyMs).toEqual({ count: 4, mean: 11.5, p50: 2, p90: 40, p99: 40, p999: 40, max: 40 });
    // 1 CPU second over 4 wall seconds = 25% of a core
    expect(r.hub).toEqual({
      rssStartBytes: 52_428_800,
      rssPeakBytes: 67_108_864,
      rssEndBytes: 62_914_560,
      cpuSeconds: 1,
      cpuPercent: 25,
      slowClientDisconnects: 3,
    });
    const text = formatReport(r);
    expect(text).toContain("latency ms: p50 2  p90 40  p99 40  p99.9 40  max 40");
    expect(text).toContain("RESULT: FAILED — ws: 1 events lost");
    expect(text).toContain("hub: RSS 50.0 MB → peak 64.0 MB → 60.0 MB; CPU 1 s (25% of a core)");
  });

  it("passes when every client got exactly its events", () => {
    const r = buildReport(input([clients[0] as ClientOutcome, clients[3] as ClientOutcome]));
    expect(r.ok).toBe(true);
    expect(formatReport(r)).toContain("RESULT: OK");
  });
});

describe("hub metrics", () => {
  const text = [
    "# HELP process_resident_memory_bytes Resident memory size in bytes.",
    "# TYPE process_resident_memory_bytes gauge",
    "process_resident_memory_bytes 73728000",
    'process_cpu_seconds_total{instance="a"} 12.5 1700000000000',
    "process_cpu_seconds_total_extra 99",
    'tickerwire_slow_client_disconnects_total{transport="ws"} 4',
    'tickerwire_slow_client_disconnects_total{transport="sse"} 1',
  ].join("\n");

  it("reads RSS, CPU and slow-client cut-offs from Prometheus text, with or without labels", () => {
    expect(parseHubSample(text)).toEqual({ rssBytes: 73_728_000, cpuSeconds: 12.5, slowDisconnects: 5 });
  });
  it("returns null for a missing metric", () => {
    expect(metricValue(text, "nope")).toBeNull();
  });
});
