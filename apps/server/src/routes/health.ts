/**
 * `GET /api/v1/health`: bus state and position, this instance, clients by transport, subscribers
 * by pattern, with BUS=redis the state of the Redis connections, and the watch (engines up/stale,
 * rules with their fired keys, webhook endpoints' health). The body is protocol's `HealthBody`;
 * 503 when the bus is down (a load balancer takes the instance out).
 */
import type { Bus } from "@tickerwire/bus";
import { type HealthBody, RedisHealth, type WatchStatus } from "@tickerwire/protocol";
import type { Hub } from "../hub/hub.ts";
import type { ClientReports } from "../metrics/client-reports.ts";

export interface HealthDeps {
  bus: Bus;
  hub: Hub;
  reports: ClientReports;
  /** This hub process's name (INSTANCE_ID or its default). */
  instance: string;
  startedAt: number;
  now?: () => number;
  /** Engines, rules and webhooks (watch/). */
  watch?: () => WatchStatus;
}

/**
 * The Redis part of health from the Redis engine's `info().details` (untyped: each engine has its
 * own); undefined for another engine, or if the details do not have the expected shape.
 */
export function redisHealth(engine: string, details: Record<string, unknown>): RedisHealth | undefined {
  if (engine !== "redis") return undefined;
  const r = RedisHealth.safeParse({
    state: details.redis,
    subscriber: details.subscriber,
    url: details.url,
    key_prefix: details.keyPrefix,
    stream_length: details.streamLength,
    ...(typeof details.lastError === "string" ? { last_error: details.lastError } : {}),
  });
  return r.success ? r.data : undefined;
}

export function createHealthHandler(d: HealthDeps) {
  const now = d.now ?? Date.now;
  return (): Response => {
    const info = d.bus.info();
    const stats = d.hub.stats();
    const redis = redisHealth(info.engine, info.details);
    const body: HealthBody = {
      status: info.state,
      engine: info.engine,
      instance: d.instance,
      epoch: info.epoch,
      current_seq: info.currentSeq,
      oldest_seq: info.oldestSeq,
      history_size: info.size,
      clients: stats.clients,
      subscribers: stats.subscribers,
      groups: stats.groups,
      replaying: stats.replaying,
      slow_connections: stats.slow,
      client_reports: d.reports.summary(),
      uptime_s: Math.floor((now() - d.startedAt) / 1000),
      ...(redis ? { redis } : {}),
      ...(d.watch ? { watch: d.watch() } : {}),
    };
    return new Response(JSON.stringify(body), {
      status: info.state === "down" ? 503 : 200,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  };
}
