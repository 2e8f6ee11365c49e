/**
 * `GET /api/v1/health`: 200 while the bus can take publishes (`status` ok or degraded), 503 when it
 * cannot (`down`). Built by the hub's health route, read by operators, tests and load balancers.
 */
import { z } from "zod";
import { WatchStatus } from "./watch.ts";

const count = z.number().int().min(0);
const perTransport = z.object({ ws: count, sse: count });

export const BusStateSchema = z.enum(["ok", "degraded", "down"]);
/** One Redis connection as the instance sees it: a blip is `reconnecting`, then `down`. */
export const RedisLinkStateSchema = z.enum(["connected", "reconnecting", "down"]);

/** With BUS=redis: the state of this instance's two Redis connections and where they point. */
export const RedisHealth = z.object({
  /** The command connection: publishes and history. */
  state: RedisLinkStateSchema,
  /** The subscriber connection: live notifications from the other instances. */
  subscriber: RedisLinkStateSchema,
  /** REDIS_URL without its password. */
  url: z.string(),
  key_prefix: z.string(),
  /** Events in the shared Redis Stream. */
  stream_length: count,
  /** The last publish failure, cleared by the next success. */
  last_error: z.string().optional(),
});
export type RedisHealth = z.infer<typeof RedisHealth>;

/** Clients' delivery reports over a recent window: how many, and the worst values reported. */
export const ClientReportSummary = z.object({
  reports: count,
  /** Worst reported p99 / max end-to-end latency (ms); 0 when none. */
  latency_p99_ms: z.number().min(0),
  latency_max_ms: z.number().min(0),
  /** Worst reported lag (events behind). */
  lag_events: count,
});
export type ClientReportSummary = z.infer<typeof ClientReportSummary>;

export const HealthBody = z.object({
  status: BusStateSchema,
  /** The bus engine: `memory+sqlite` (BUS=local) or `redis`. */
  engine: z.string(),
  /** This hub process (INSTANCE_ID, default host name + pid). */
  instance: z.string(),
  epoch: z.string(),
  current_seq: count,
  oldest_seq: count,
  history_size: count,
  clients: perTransport,
  /** Connections per subscribed pattern. */
  subscribers: z.record(z.string(), count),
  groups: count,
  replaying: count,
  /** Connections behind their soft buffer limit (WS slow lane, SSE conflating), by transport. */
  slow_connections: perTransport,
  /** Clients' own reports over the last minute (worst values). */
  client_reports: ClientReportSummary,
  uptime_s: count,
  /** Present with BUS=redis. */
  redis: RedisHealth.optional(),
  /** Engines, alert rules and webhooks (the operators' watch). */
  watch: WatchStatus.optional(),
});
export type HealthBody = z.infer<typeof HealthBody>;
