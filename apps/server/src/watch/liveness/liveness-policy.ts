/**
 * Whether an engine is up or stale (pure). Silence is counted from its last sign of life, or from
 * when the watch resumed after nobody was watching (a hub restart after downtime: engines could
 * not publish to a stopped hub, so each gets one grace period to show up again).
 */
import type { EngineStatus } from "@tickerwire/protocol";
import type { EngineRecord } from "../store/watch-store.ts";

export interface LivenessSettings {
  /** Interval of engines that declare none; null: those are not watched. */
  defaultIntervalMs: number | null;
  graceFactor: number;
}

export function engineStatus(
  r: EngineRecord,
  now: number,
  resumedAt: number,
  s: LivenessSettings,
  eventsPerS: number,
): EngineStatus {
  const intervalMs = r.intervalMs ?? s.defaultIntervalMs;
  const graceMs = intervalMs === null ? null : intervalMs * s.graceFactor;
  const silentMs = Math.max(0, now - r.lastSeen);
  const countedMs = now - Math.max(r.lastSeen, resumedAt);
  return {
    engine: r.engine,
    state: graceMs !== null && countedMs > graceMs ? "stale" : "up",
    last_seen: new Date(r.lastSeen).toISOString(),
    silent_s: Math.round(silentMs / 100) / 10,
    interval_s: intervalMs === null ? null : intervalMs / 1000,
    grace_s: graceMs === null ? null : graceMs / 1000,
    events_per_s: Math.round(eventsPerS * 10) / 10,
  };
}
