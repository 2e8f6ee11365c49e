/**
 * The stress report: from what the clients received and what the hub acknowledged, compute
 * deliveries/s, latency percentiles, and per transport the lost, duplicated and reordered
 * events (report-text.ts renders it). Pure: every input is plain data.
 */
import { compilePatterns, TRANSPORT_KINDS, type TransportKind } from "@tickerwire/protocol";
import type { HistogramRow, LatencyHistogram } from "./histogram.ts";
import { histogramRows } from "./histogram.ts";
import type { HubProcessSample } from "./hub-metrics.ts";
import type { Ledger } from "./ledger.ts";
import type { DeliveryTracker } from "./tracker.ts";

export interface ClientOutcome {
  transport: TransportKind;
  patterns: readonly string[];
  /** Null when the client never connected. */
  tracker: DeliveryTracker | null;
}

export interface TransportSummary {
  clients: number;
  connected: number;
  deliveries: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Clients that lost, duplicated or reordered anything. */
  clientsWithProblems: number;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface StressConfig {
  url: string;
  client: "sdk" | "raw";
  ws: number;
  sse: number;
  rate: number;
  durationS: number;
  payload: number;
  slow: number;
  churn: number;
  /** Consumer worker processes. */
  workers: number;
}

export interface HubUsage {
  rssStartBytes: number | null;
  rssPeakBytes: number | null;
  rssEndBytes: number | null;
  cpuSeconds: number | null;
  /** CPU seconds / wall seconds × 100 over the run (100 = one core busy). */
  cpuPercent: number | null;
  /** Slow clients the hub cut off during the run, by its own metric. */
  slowClientDisconnects: number | null;
}

export interface StressReport {
  startedAt: string;
  config: StressConfig;
  openFiles: { soft: number | null; hard: number | null; needed: number };
  publishSeconds: number;
  published: { events: number; perSec: number; batches: number; retries: number };
  deliveries: { total: number; perSec: number };
  latencyMs: LatencySummary;
  latencyByTransport: Record<TransportKind, LatencySummary>;
  transports: Record<TransportKind, TransportSummary>;
  slow: { clients: number; deliveries: number; disconnects: number };
  reconnects: number;
  hub: HubUsage | null;
  /** How late this process's timers fired: high values mean the load generator was the bottleneck. */
  loopLagMs: { p99: number; max: number };
  /** CPU seconds the load generator used: the publisher's process and the workers together. */
  loadGeneratorCpu: { mainSeconds: number; workerSeconds: number } | null;
  /** The same for the consumer workers (all of their samples together). */
  workerLoopLagMs: { p99: number; max: number };
  histogram: HistogramRow[];
  /** Failures: lost, duplicated or reordered events, clients that never connected. */
  problems: string[];
  /** Not failures, but they qualify the figures. */
  warnings: string[];
  ok: boolean;
}

export function summarizeLatency(h: LatencyHistogram): LatencySummary {
  return {
    count: h.count,
    mean: Math.round(h.mean * 100) / 100,
    p50: h.percentile(50),
    p90: h.percentile(90),
    p99: h.percentile(99),
    p999: h.percentile(99.9),
    max: h.max,
  };
}

function emptySummaries(): Record<TransportKind, TransportSummary> {
  return Object.fromEntries(
    TRANSPORT_KINDS.map((t) => [
      t,
      { clients: 0, connected: 0, deliveries: 0, lost: 0, duplicated: 0, reordered: 0, clientsWithProblems: 0 },
    ]),
  ) as Record<TransportKind, TransportSummary>;
}

/** Per transport: what each client should have had (acked seqs on its topics) against what it got. */
export function summarizeClients(
  clients: readonly ClientOutcome[],
  ledger: Ledger,
): Record<TransportKind, TransportSummary> {
  const expectedBySub = new Map<string, number[]>();
  const out = emptySummaries();
  for (const c of clients) {
    const s = out[c.transport];
    s.clients++;
    if (!c.tracker) continue;
    s.connected++;
    const key = c.patterns.join(",");
    let expected = expectedBySub.get(key);
    if (!expected) {
      expected = ledger.seqsMatching(compilePatterns(c.patterns));
      expectedBySub.set(key, expected);
    }
    const lost = c.tracker.lost(expected);
    s.deliveries += c.tracker.received + c.tracker.duplicates;
    s.lost += lost;
    s.duplicated += c.tracker.duplicates;
    s.reordered += c.tracker.reordered;
    if (lost + c.tracker.duplicates + c.tracker.reordered > 0) s.clientsWithProblems++;
  }
  return out;
}

/** Adds up per-transport summaries (one per worker process). */
export function mergeTransportSummaries(
  parts: readonly Record<TransportKind, TransportSummary>[],
): Record<TransportKind, TransportSummary> {
  const out = emptySummaries();
  for (const p of parts) {
    for (const t of TRANSPORT_KINDS) {
      for (const k of Object.keys(out[t]) as (keyof TransportSummary)[]) out[t][k] += p[t][k];
    }
  }
  return out;
}

export interface ReportInput {
  startedAt: Date;
  config: StressConfig;
  openFiles: StressReport["openFiles"];
  publishMs: number;
  published: { events: number; batches: number; retries: number };
  /** Per transport, merged over the workers (summarizeClients, mergeTransportSummaries). */
  transports: Record<TransportKind, TransportSummary>;
  latency: Record<TransportKind, LatencyHistogram>;
  combinedLatency: LatencyHistogram;
  slow: StressReport["slow"];
  reconnects: number;
  hub: { start: HubProcessSample | null; end: HubProcessSample | null; peakRssBytes: number | null; wallMs: number };
  loopLag: LatencyHistogram;
  workerLoopLag?: LatencyHistogram;
  loadGeneratorCpu?: { mainSeconds: number; workerSeconds: number };
  warnings?: string[];
  /** Failures found outside the clients (e.g. the publisher). */
  problems?: string[];
}

export function buildReport(i: ReportInput): StressReport {
  const transports = i.transports;
  const seconds = Math.max(i.publishMs, 1) / 1000;
  const deliveries = transports.ws.deliveries + transports.sse.deliveries;
  const problems: string[] = [...(i.problems ?? [])];
  for (const t of TRANSPORT_KINDS) {
    const s = transports[t];
    if (s.clients > s.connected)
      problems.push(`${t}: ${s.clients - s.connected} of ${s.clients} clients never connected`);
    if (s.lost > 0) problems.push(`${t}: ${s.lost} events lost`);
    if (s.duplicated > 0) problems.push(`${t}: ${s.duplicated} events duplicated`);
    if (s.reordered > 0) problems.push(`${t}: ${s.reordered} events out of order`);
  }
  return {
    startedAt: i.startedAt.toISOString(),
    config: i.config,
    openFiles: i.openFiles,
    publishSeconds: Math.round(seconds * 100) / 100,
    published: { ...i.published, perSec: Math.round(i.published.events / seconds) },
    deliveries: { total: deliveries, perSec: Math.round(deliveries / seconds) },
    latencyMs: summarizeLatency(i.combinedLatency),
    latencyByTransport: { ws: summarizeLatency(i.latency.ws), sse: summarizeLatency(i.latency.sse) },
    transports,
    slow: i.slow,
    reconnects: i.reconnects,
    hub: hubUsage(i.hub),
    loopLagMs: { p99: i.loopLag.percentile(99), max: i.loopLag.max },
    loadGeneratorCpu: i.loadGeneratorCpu ?? null,
    workerLoopLagMs: { p99: i.workerLoopLag?.percentile(99) ?? 0, max: i.workerLoopLag?.max ?? 0 },
    histogram: histogramRows(i.combinedLatency),
    problems,
    warnings: i.warnings ?? [],
    ok: problems.length === 0,
  };
}

function hubUsage(h: ReportInput["hub"]): HubUsage | null {
  if (!h.start && !h.end) return null;
  const cpu = h.start?.cpuSeconds != null && h.end?.cpuSeconds != null ? h.end.cpuSeconds - h.start.cpuSeconds : null;
  return {
    rssStartBytes: h.start?.rssBytes ?? null,
    rssPeakBytes: h.peakRssBytes,
    rssEndBytes: h.end?.rssBytes ?? null,
    cpuSeconds: cpu === null ? null : Math.round(cpu * 100) / 100,
    cpuPercent: cpu === null || h.wallMs <= 0 ? null : Math.round((cpu / (h.wallMs / 1000)) * 1000) / 10,
    slowClientDisconnects:
      h.start?.slowDisconnects != null && h.end?.slowDisconnects != null
        ? h.end.slowDisconnects - h.start.slowDisconnects
        : null,
  };
}
