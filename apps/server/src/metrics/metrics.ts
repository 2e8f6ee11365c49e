/**
 * Prometheus metrics (prom-client, verified under Bun 1.4). Hot-path numbers live in the hub's
 * plain counters and are read at scrape time; publish outcomes and latency are recorded here.
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import { EVENT_TYPES, TRANSPORT_KINDS } from "@tickerwire/protocol";
import client from "prom-client";
import type { Hub } from "../hub/hub.ts";
import type { Watch } from "../watch/watch.ts";
import type { ClientReports } from "./client-reports.ts";
import { startLoopLagMonitor } from "./loop-lag.ts";
import { registerWatchMetrics } from "./watch-metrics.ts";

export type PublishOutcome = "accepted" | "duplicate" | "invalid" | "too_large" | "unavailable" | "conflict" | "error";

export interface ServerMetrics {
  /** A publish request finished; `seconds` is request start to durable (accepted/duplicate only). */
  observePublish(outcome: PublishOutcome, events?: readonly StoredEvent[], seconds?: number): void;
  text(): Promise<string>;
  readonly contentType: string;
  stop(): void;
}

/** prom-client's event-loop lag metrics are wrong under Bun (see loop-lag.ts): drop them. */
const BROKEN_DEFAULTS = /^nodejs_eventloop_lag/;

export function createMetrics(deps: {
  hub: Hub;
  bus: Bus;
  reports: ClientReports;
  prefix?: string;
  /** Requests, connections and messages refused by a limit or by auth, by limit (security/). */
  limitRejections?: () => Record<string, number>;
  /** Engines, rules and webhooks (watch-metrics.ts). */
  watch?: Pick<Watch, "status" | "firedByRule">;
}): ServerMetrics {
  const { hub, bus } = deps;
  const p = deps.prefix ?? "tickerwire_";
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  for (const m of registry.getMetricsAsArray()) {
    if (BROKEN_DEFAULTS.test(m.name)) registry.removeSingleMetric(m.name);
  }
  const lag = startLoopLagMonitor();
  const registers = [registry];
  if (deps.watch) registerWatchMetrics(registry, p, deps.watch);

  /** A counter whose value is a running total kept elsewhere, read at scrape time. */
  const totalByTransport = (name: string, help: string, read: () => Record<string, number>) =>
    new client.Counter({
      name: p + name,
      help,
      labelNames: ["transport"],
      registers,
      collect() {
        this.reset();
        const values = read();
        for (const t of TRANSPORT_KINDS) this.inc({ transport: t }, values[t] ?? 0);
      },
    });

  new client.Gauge({
    name: `${p}connections`,
    help: "Open client connections by transport",
    labelNames: ["transport"],
    registers,
    collect() {
      const { clients } = hub.stats();
      for (const t of TRANSPORT_KINDS) this.set({ transport: t }, clients[t]);
    },
  });
  totalByTransport("connections_opened_total", "Client connections opened", () => hub.counters.opened);
  totalByTransport("connections_closed_total", "Client connections closed", () => hub.counters.closed);
  totalByTransport(
    "messages_delivered_total",
    "Events sent to clients (live group publishes x members, plus replays)",
    () => hub.counters.delivered,
  );
  totalByTransport(
    "slow_client_disconnects_total",
    "Connections closed because the client could not keep up",
    () => hub.counters.slowDisconnects,
  );
  totalByTransport(
    "lagged_disconnects_total",
    "Connections told `lagged` and closed (4009 / SSE error) because their backlog passed the hard limit",
    () => hub.counters.laggedDisconnects,
  );
  totalByTransport(
    "slow_lane_entries_total",
    "Times a connection passed its soft buffer limit (WS: left the fast path for the slow lane; SSE: started conflating)",
    () => hub.counters.slowLaneEntries,
  );
  totalByTransport(
    "conflated_events_total",
    "Metrics and candle events replaced by a newer one of their stream before a slow client got them",
    () => hub.counters.conflated,
  );
  totalByTransport(
    "snapshots_sent_total",
    "Desk-state snapshots sent to clients (snapshot=1: on connect, or instead of a replay history no longer covers)",
    () => hub.counters.snapshots,
  );
  new client.Gauge({
    name: `${p}slow_connections`,
    help: "Connections currently behind their soft buffer limit, by transport",
    labelNames: ["transport"],
    registers,
    collect() {
      const { slow } = hub.stats();
      for (const t of TRANSPORT_KINDS) this.set({ transport: t }, slow[t]);
    },
  });
  new client.Counter({
    name: `${p}limit_rejections_total`,
    help: "Requests, connections and WebSocket messages refused by a limit (or by origin/auth checks), by limit",
    labelNames: ["limit"],
    registers,
    collect() {
      this.reset();
      for (const [limit, n] of Object.entries(deps.limitRejections?.() ?? {})) this.inc({ limit }, n);
    },
  });
  new client.Counter({
    name: `${p}replays_total`,
    help: "Resumes served (history replayed before going live)",
    registers,
    collect() {
      this.reset();
      this.inc(hub.counters.replays);
    },
  });
  new client.Gauge({
    name: `${p}fanout_groups`,
    help: "Distinct (patterns, filter) subscription groups",
    registers,
    collect() {
      this.set(hub.stats().groups);
    },
  });
  new client.Gauge({
    name: `${p}history_events`,
    help: "Events held in the history",
    registers,
    collect() {
      this.set(bus.info().size);
    },
  });
  new client.Gauge({
    name: `${p}current_seq`,
    help: "The last assigned sequence number",
    registers,
    collect() {
      this.set(bus.currentSeq());
    },
  });
  new client.Gauge({
    name: `${p}event_loop_lag_seconds`,
    help: "Worst event-loop lag since the last scrape",
    registers,
    collect() {
      this.set(lag.takeMax());
    },
  });
  totalByTransport("client_reports_total", "Delivery reports received from clients", () => deps.reports.totals);
  new client.Gauge({
    name: `${p}client_reported_latency_seconds`,
    help: "Worst end-to-end latency clients reported in the last minute",
    labelNames: ["quantile"],
    registers,
    collect() {
      const s = deps.reports.summary();
      this.set({ quantile: "0.99" }, s.latency_p99_ms / 1000);
      this.set({ quantile: "1" }, s.latency_max_ms / 1000);
    },
  });
  new client.Gauge({
    name: `${p}client_reported_lag_events`,
    help: "Worst lag (events behind the hub) clients reported in the last minute",
    registers,
    collect() {
      this.set(deps.reports.summary().lag_events);
    },
  });
  const published = new client.Counter({
    name: `${p}events_published_total`,
    help: "Events accepted by the publish API, by type",
    labelNames: ["type"],
    registers,
  });
  for (const t of EVENT_TYPES) published.inc({ type: t }, 0);
  const requests = new client.Counter({
    name: `${p}publish_requests_total`,
    help: "Publish requests by outcome",
    labelNames: ["outcome"],
    registers,
  });
  const latency = new client.Histogram({
    name: `${p}publish_duration_seconds`,
    help: "Publish request start to events durable",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });

  return {
    contentType: registry.contentType,
    observePublish(outcome, events = [], seconds) {
      requests.inc({ outcome });
      if (seconds !== undefined) latency.observe(seconds);
      if (outcome !== "accepted") return;
      for (const e of events) published.inc({ type: e.type });
    },
    text: () => registry.metrics(),
    stop: () => lag.stop(),
  };
}
