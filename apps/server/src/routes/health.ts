/**
 * `GET /api/v1/health`: bus state and position, clients by transport, subscribers by pattern, and
 * the watch (engines up/stale, rules with their fired keys, webhook endpoints' health).
 */
import type { Bus } from "@tickerwire/bus";
import type { WatchStatus } from "@tickerwire/protocol";
import type { Hub } from "../hub/hub.ts";
import type { ClientReports } from "../metrics/client-reports.ts";

export interface HealthDeps {
  bus: Bus;
  hub: Hub;
  reports: ClientReports;
  startedAt: number;
  now?: () => number;
  /** Engines, rules and webhooks (watch/). */
  watch?: () => WatchStatus;
}

export function createHealthHandler(d: HealthDeps) {
  const now = d.now ?? Date.now;
  return (): Response => {
    const info = d.bus.info();
    const stats = d.hub.stats();
    const body = {
      status: info.state,
      engine: info.engine,
      epoch: info.epoch,
      current_seq: info.currentSeq,
      oldest_seq: info.oldestSeq,
      history_size: info.size,
      clients: stats.clients,
      subscribers: stats.subscribers,
      groups: stats.groups,
      replaying: stats.replaying,
      /** Connections behind their soft buffer limit (WS slow lane, SSE conflating), by transport. */
      slow_connections: stats.slow,
      /** Clients' own reports over the last minute (worst values). */
      client_reports: d.reports.summary(),
      uptime_s: Math.floor((now() - d.startedAt) / 1000),
      ...(d.watch ? { watch: d.watch() } : {}),
    };
    return new Response(JSON.stringify(body), {
      status: info.state === "down" ? 503 : 200,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  };
}
