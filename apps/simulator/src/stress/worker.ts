/**
 * A stress consumer worker process (spawned by pool.ts): runs its share of the clients, keeps a
 * copy of the acknowledged-events ledger that the main process streams to it, records each
 * delivery's latency (receive Date.now() − the POST's send Date.now() in the main process; both
 * wall clocks on one machine), and at the end sends per-transport lost/dup/reordered counts and
 * mergeable histograms back. Runs until told to finish, or until its parent goes away.
 */

import { TRANSPORT_KINDS, type TransportKind } from "@tickerwire/protocol";
import { drain } from "./drain.ts";
import { Fleet } from "./fleet.ts";
import { LatencyRecorder } from "./latency.ts";
import { Ledger } from "./ledger.ts";
import { monitorLoopLag } from "./loop-lag.ts";
import { summarizeClients } from "./report.ts";
import type { FromWorker, ToWorker } from "./worker-messages.ts";

const STATS_MS = 500;

const send = (m: FromWorker) => process.send?.(m);
const ledger = new Ledger();
const latency = new LatencyRecorder<TransportKind>(ledger, TRANSPORT_KINDS);
const lag = monitorLoopLag();
const stop = new AbortController();
let fleet: Fleet | null = null;
let stats: ReturnType<typeof setInterval> | null = null;

function sendStats(): void {
  if (!fleet) return;
  send({
    t: "stats",
    connected: fleet.connected,
    deliveries: fleet.deliveries,
    reconnects: fleet.reconnects,
    p99: latency.percentile(99),
  });
}

async function start(m: Extract<ToWorker, { t: "start" }>): Promise<void> {
  const f = new Fleet({ url: m.url, client: m.client }, m.plan, latency);
  fleet = f;
  stats = setInterval(sendStats, STATS_MS);
  const all = await f.connect(m.connectTimeoutMs, stop.signal, () => {});
  sendStats();
  send({ t: "connected", all });
}

function finish(): void {
  const f = fleet;
  if (stats) clearInterval(stats);
  lag.stop();
  f?.close();
  latency.resolve();
  const h = latency.histograms;
  send({
    t: "result",
    transports: summarizeClients(f?.outcomes() ?? [], ledger),
    latency: { ws: h.ws.toWire(), sse: h.sse.toWire() },
    slow: f?.slowSummary() ?? { clients: 0, deliveries: 0, disconnects: 0 },
    reconnects: f?.reconnects ?? 0,
    loopLag: lag.histogram.toWire(),
    unmatched: latency.pendingCount,
    cpuSeconds: cpuSeconds(),
  });
  // The parent kills us once it has the result; this is the fallback if it went away.
  setTimeout(() => process.exit(0), 5_000).unref();
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 10_000) / 100;
}

process.on("message", (m: ToWorker) => {
  switch (m.t) {
    case "start":
      void start(m);
      break;
    case "acks":
      ledger.add(m.seqs, m.topics, m.sentAt);
      latency.resolve();
      break;
    case "churn":
      fleet?.churn(m.percent);
      break;
    case "drain":
      if (fleet) void drain(fleet, ledger, m.timeoutMs, sendStats).then(() => send({ t: "drained" }));
      else send({ t: "drained" });
      break;
    case "finish":
      finish();
      break;
  }
});
// An orphan (the main process died) must not keep hundreds of sockets open.
process.on("disconnect", () => process.exit(0));
