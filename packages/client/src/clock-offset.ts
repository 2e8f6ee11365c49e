/**
 * The hub's clock relative to ours, pure. Each `server_time` we receive (connected, heartbeat,
 * pong) gives a sample `server_time − local receive time` = true offset − the network delay of
 * that message, so every sample is a lower bound and the largest recent one is the best estimate
 * (NTP's minimum-delay filter). A window, not an all-time max, so a local clock step is forgotten.
 */
import { clockOffset } from "./latency.ts";

/** How many recent samples the estimate looks at (heartbeats come every ≤ 15 s: about 2 minutes). */
export const OFFSET_WINDOW = 8;

/** The window after adding a sample from `serverTimeIso` received at `localNow` (unparsable: unchanged). */
export function addOffsetSample(
  window: readonly number[],
  serverTimeIso: string,
  localNow: number,
  size = OFFSET_WINDOW,
): number[] {
  const sample = clockOffset(serverTimeIso, localNow);
  if (sample === null) return [...window];
  return [...window, sample].slice(-Math.max(1, size));
}

/** serverClock − localClock, or null before the first sample. */
export function offsetEstimate(window: readonly number[]): number | null {
  return window.length === 0 ? null : Math.max(...window);
}
