/**
 * Whether an engine is up or stale (pure). Silence is counted from its last sign of life, or —
 * for an engine that was still up when the watch paused (nobody watching: a hub down for a
 * while) — from when the watch resumed: it could not publish to a stopped hub, so it gets one
 * grace period to show up again. An engine already stale before the pause stays stale.
 */
import type { EngineStatus } from "@tickerwire/protocol";
import type { EngineRecord } from "../store/watch-store.ts";

export interface LivenessSettings {
  /** Interval of engines that declare none; null: those are not watched. */
  defaultIntervalMs: number | null;
  graceFactor: number;
}

/** The last pause of the watch: when it stopped watching, and when it started again (0, 0: none). */
export interface WatchPause {
  pausedAt: number;
  resumedAt: number;
}

export function engineStatus(
  r: EngineRecord,
  now: number,
  pause: WatchPause,
  s: LivenessSettings,
  eventsPerS: number,
): EngineStatus {
  const intervalMs = r.intervalMs ?? s.defaultIntervalMs;
  const graceMs = intervalMs === null ? null : intervalMs * s.graceFactor;
  const silentMs = Math.max(0, now - r.lastSeen);
  const staleBeforePause = graceMs !== null && pause.pausedAt - r.lastSeen > graceMs;
  const countedMs = now - (staleBeforePause ? r.lastSeen : Math.max(r.lastSeen, pause.resumedAt));
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
