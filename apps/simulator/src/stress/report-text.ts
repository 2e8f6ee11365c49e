/** The stress report as text: a summary, a table per transport, the hub's usage and an ASCII latency histogram. */

import { TRANSPORT_KINDS } from "@tickerwire/protocol";
import { renderHistogram } from "./histogram.ts";
import type { StressReport } from "./report.ts";

const limit = (n: number | null) => (n === null ? "unknown" : Number.isFinite(n) ? String(n) : "unlimited");
const mb = (b: number | null) => (b === null ? "n/a" : `${(b / 1024 / 1024).toFixed(1)} MB`);

export function formatReport(r: StressReport): string {
  const c = r.config;
  const l = r.latencyMs;
  const lines = [
    `Stress report — ${c.ws} WebSocket + ${c.sse} SSE clients (${c.slow} slow, ${c.client} client, ${c.workers} worker processes), ${c.rate} events/s for ${c.durationS} s, payload ${c.payload} B, churn ${c.churn}%/s → ${c.url}`,
    `open files: soft ${limit(r.openFiles.soft)} / hard ${limit(r.openFiles.hard)} (needed ~${r.openFiles.needed}); event-loop lag p99/max: publisher ${r.loopLagMs.p99}/${r.loopLagMs.max} ms, consumer workers ${r.workerLoopLagMs.p99}/${r.workerLoopLagMs.max} ms`,
    `published:  ${r.published.events} events in ${r.publishSeconds} s (${r.published.perSec}/s, ${r.published.batches} batches, ${r.published.retries} retries)`,
    `deliveries: ${r.deliveries.total} (${r.deliveries.perSec}/s)`,
    `latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  p99.9 ${l.p999}  max ${l.max}  (mean ${l.mean}, ${l.count} samples)`,
    "",
    "transport  clients  connected  deliveries   lost  dup  reordered  p50  p99  max",
    ...TRANSPORT_KINDS.map((t) => {
      const s = r.transports[t];
      const tl = r.latencyByTransport[t];
      return `${t.padEnd(9)} ${String(s.clients).padStart(8)} ${String(s.connected).padStart(10)} ${String(s.deliveries).padStart(11)} ${String(s.lost).padStart(6)} ${String(s.duplicated).padStart(4)} ${String(s.reordered).padStart(10)} ${String(tl.p50).padStart(4)} ${String(tl.p99).padStart(4)} ${String(tl.max).padStart(4)}`;
    }),
    `slow clients: ${r.slow.clients} (received ${r.slow.deliveries}, saw ${r.slow.disconnects} disconnects; the hub cut off ${r.hub?.slowClientDisconnects ?? "n/a"} slow clients; not counted as failures)`,
    `reconnects (churn): ${r.reconnects}`,
    r.hub
      ? `hub: RSS ${mb(r.hub.rssStartBytes)} → peak ${mb(r.hub.rssPeakBytes)} → ${mb(r.hub.rssEndBytes)}; CPU ${r.hub.cpuSeconds ?? "n/a"} s (${r.hub.cpuPercent ?? "n/a"}% of a core)`
      : "hub: /metrics not available (no RSS/CPU figures)",
    ...(r.loadGeneratorCpu
      ? [
          `load generator: CPU ${r.loadGeneratorCpu.mainSeconds} s publisher process + ${r.loadGeneratorCpu.workerSeconds} s in ${c.workers} worker processes`,
        ]
      : []),
    "",
    "latency histogram:",
    r.histogram.length > 0 ? renderHistogram(r.histogram) : "  (no samples)",
    ...r.warnings.map((w) => `warning: ${w}`),
    "",
    r.ok ? "RESULT: OK — nothing lost, duplicated or reordered" : `RESULT: FAILED — ${r.problems.join("; ")}`,
  ];
  return lines.join("\n");
}
