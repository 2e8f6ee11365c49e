/**
 * The status bar's latency figure: the median delivery delay of recent live events — from the hub
 * stamping an event (`timestamp`) to this tab receiving it — over a sample of the last seconds.
 * A median of many samples does not jump on one slow delivery the way a single ping taken during
 * a burst did. The hub's clock is learned from `connected.server_time` (the offset absorbs one
 * network delay: a slight underestimate, as the SDK's own SSE figure). Events at or below the
 * `current_seq` announced by `connected` are history being replayed, old on purpose: not sampled.
 */

export interface DeliveryLatencyOptions {
  /** Samples kept (default 101: an odd count has a true median). */
  size?: number;
  /** At most one sample per this many ms (default 100), so the window spans seconds, not one burst. */
  sampleEveryMs?: number;
  /** Samples older than this are dropped (default 30 s): a quiet feed shows no stale figure. */
  maxAgeMs?: number;
}

/** The median of `values` (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export class DeliveryLatency {
  readonly size: number;
  readonly #every: number;
  readonly #maxAge: number;
  /** hub clock − local clock, or null before `connected`. */
  #offset: number | null = null;
  /** Events with a seq above this are live. */
  #liveAfter = Number.POSITIVE_INFINITY;
  #samples: { at: number; ms: number }[] = [];
  #lastSampleAt = Number.NEGATIVE_INFINITY;

  constructor(options: DeliveryLatencyOptions = {}) {
    this.size = options.size ?? 101;
    this.#every = options.sampleEveryMs ?? 100;
    this.#maxAge = options.maxAgeMs ?? 30_000;
  }

  /** A (re)connection: the hub's clock and where its live stream starts. */
  connected(serverTimeIso: string, currentSeq: number, now: number): void {
    const t = Date.parse(serverTimeIso);
    this.#offset = Number.isFinite(t) ? t - now : null;
    this.#liveAfter = currentSeq;
  }

  /** An event received at `now` (local clock, ms). */
  event(seq: number, timestampIso: string, now: number): void {
    if (this.#offset === null || seq <= this.#liveAfter) return;
    const since = now - this.#lastSampleAt;
    if (since >= 0 && since < this.#every) return; // (a clock that went back samples again)
    const stamped = Date.parse(timestampIso);
    if (!Number.isFinite(stamped)) return;
    this.#lastSampleAt = now;
    this.#samples.push({ at: now, ms: Math.max(0, now + this.#offset - stamped) });
    if (this.#samples.length > this.size) this.#samples.shift();
  }

  /** Median delay (ms) of the samples of the last `maxAgeMs`, or null when there are none. */
  median(now: number): number | null {
    const from = now - this.#maxAge;
    if (this.#samples.length > 0 && (this.#samples[0] as { at: number }).at < from)
      this.#samples = this.#samples.filter((s) => s.at >= from);
    return median(this.#samples.map((s) => s.ms));
  }
}
