/**
 * The operators' watch as `GET /api/v1/health` reports it under `watch`: engine liveness, alert
 * rules and outbound webhooks. The dashboard parses it with these schemas (it never imports the
 * server); the hub builds it. Objects are not strict: the hub may add fields.
 */
import { z } from "zod";
import { SEGMENT_RE } from "./topics.ts";

const name = z.string().regex(SEGMENT_RE);
const count = z.number().int().min(0);
const iso = z.iso.datetime();

/** `up`: seen within its grace; `stale`: silent past it (a critical alert went out once). */
export const EngineState = z.enum(["up", "stale"]);

export const EngineStatus = z.object({
  engine: name,
  state: EngineState,
  /** Last sign of life (a publish or a heartbeat), on any instance. */
  last_seen: iso,
  silent_s: z.number().min(0),
  /** The interval it declared, else the hub's default; null: not watched (no interval known). */
  interval_s: z.number().positive().nullable(),
  /** Silence longer than this is `stale` (interval × grace factor); null when not watched. */
  grace_s: z.number().positive().nullable(),
  /** Events it published per second over the last 10 s. */
  events_per_s: z.number().min(0),
});

/** `ok`: delivering; `retrying`: the head delivery failed and waits for its next attempt; `failing`: failed repeatedly. */
export const WebhookState = z.enum(["ok", "retrying", "failing"]);

export const WebhookStatus = z.object({
  id: name,
  /** Scheme and host only: paths and credentials of webhook URLs are secrets. */
  target: z.string(),
  format: z.enum(["json", "slack"]),
  state: WebhookState,
  /** Matching events not yet delivered (known to this instance). */
  backlog: count,
  delivered: count,
  failed_attempts: count,
  /** Deliveries given up on (refused with a 4xx, or still failing after `retry_for`). */
  dropped: count,
  consecutive_failures: count,
  last_success: iso.nullable(),
  last_error: z.string().nullable(),
});

export const RuleStatus = z.object({
  id: name,
  kind: z.string(),
  /** Keys currently fired (`total`, a strategy or an engine) awaiting their condition to clear. */
  active: z.array(z.string()),
});

export const WatchStatus = z.object({
  /** `leader`: this instance evaluates rules and delivers webhooks; `standby`: another one does (Redis). */
  role: z.enum(["leader", "standby"]),
  engines: z.array(EngineStatus),
  rules: z.array(RuleStatus),
  webhooks: z.array(WebhookStatus),
});

export type EngineState = z.infer<typeof EngineState>;
export type EngineStatus = z.infer<typeof EngineStatus>;
export type WebhookState = z.infer<typeof WebhookState>;
export type WebhookStatus = z.infer<typeof WebhookStatus>;
export type RuleStatus = z.infer<typeof RuleStatus>;
export type WatchStatus = z.infer<typeof WatchStatus>;

/** `POST /api/v1/heartbeat` → 200: what the hub now knows of the engine that sent it. */
export const HeartbeatAnswer = z.object({
  engine: name,
  state: z.literal("up"),
  /** The interval it declared (X-Engine-Interval), else the one known for it; null: not watched. */
  interval_s: z.number().positive().nullable(),
  /** Its state before this sign of life (null: first seen). */
  last_state: EngineState.nullable(),
});
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;
