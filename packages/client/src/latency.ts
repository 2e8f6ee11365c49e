/**
 * Latency estimates, pure. WebSocket: half the app-level ping round trip. SSE has no way to ping,
 * so we estimate delivery lag from each event's `timestamp`, shifting our clock by the offset
 * learned from `connected.server_time` (that offset absorbs one network delay, so SSE figures
 * are a slight underestimate — good enough to show health, not for benchmarks).
 */

/** Weight of a new sample in the moving average. */
export const LATENCY_ALPHA = 0.2;

/** Exponentially weighted moving average; the first sample is taken as is. */
export function smooth(previous: number | null, sample: number, alpha = LATENCY_ALPHA): number {
  return previous === null ? sample : previous + alpha * (sample - previous);
}

/** One-way latency from a ping sent at `sentAt` answered at `now`. */
export function pingLatency(sentAt: number, now: number): number {
  return Math.max(0, (now - sentAt) / 2);
}

/** serverClock − localClock, learned from `connected.server_time`; null when unparsable. */
export function clockOffset(serverTimeIso: string, localNow: number): number | null {
  const t = Date.parse(serverTimeIso);
  return Number.isFinite(t) ? t - localNow : null;
}

/** How long ago (in the hub's clock) the event was stamped; null when it cannot be told. */
export function deliveryLag(timestampIso: string, localNow: number, offset: number | null): number | null {
  if (offset === null) return null;
  const t = Date.parse(timestampIso);
  return Number.isFinite(t) ? Math.max(0, localNow + offset - t) : null;
}
