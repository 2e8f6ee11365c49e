/**
 * Aggregates clients' own delivery reports (`report` messages over the WebSocket, or POSTed to
 * /api/v1/client-reports by SSE clients): the worst latency and lag reported recently, for
 * /metrics and /health. Bounded memory: a ring of the latest reports. Pure apart from the clock.
 */
import type { ClientReportSummary, ReportMessage, TransportKind } from "@tickerwire/protocol";

/** Reports received in the window and the worst values they carried (protocol's shape, in health). */
export type ReportSummary = ClientReportSummary;

export interface ClientReports {
  add(report: ReportMessage): void;
  summary(): ReportSummary;
  /** Every report ever received, by transport. */
  readonly totals: Record<TransportKind, number>;
}

export function createClientReports(
  o: { windowMs?: number; capacity?: number; now?: () => number } = {},
): ClientReports {
  const windowMs = o.windowMs ?? 60_000;
  const capacity = o.capacity ?? 1_000;
  const now = o.now ?? Date.now;
  const ring: { at: number; r: ReportMessage }[] = [];
  let next = 0;
  const totals = { ws: 0, sse: 0 };
  return {
    totals,
    add(r) {
      totals[r.transport]++;
      const entry = { at: now(), r };
      if (ring.length < capacity) ring.push(entry);
      else ring[next] = entry;
      next = (next + 1) % capacity;
    },
    summary() {
      const since = now() - windowMs;
      const s: ReportSummary = { reports: 0, latency_p99_ms: 0, latency_max_ms: 0, lag_events: 0 };
      for (const { at, r } of ring) {
        if (at < since) continue;
        s.reports++;
        s.latency_p99_ms = Math.max(s.latency_p99_ms, r.latency_ms.p99);
        s.latency_max_ms = Math.max(s.latency_max_ms, r.latency_ms.max);
        s.lag_events = Math.max(s.lag_events, r.lag_events);
      }
      return s;
    },
  };
}
