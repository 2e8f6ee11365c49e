/**
 * This instance's sightings of engines since the last flush to the watch store: every publish
 * and heartbeat lands here (a map update, nothing else on the request path); the watch flushes
 * them every tick. Bounded: past `maxEngines` new names are ignored (and counted).
 */
import type { EngineSighting } from "../store/watch-store.ts";

export class EngineBook {
  private pending = new Map<string, EngineSighting>();
  /** Names this instance has sent to the store, for the bound. */
  private readonly known = new Set<string>();
  ignored = 0;

  constructor(private readonly maxEngines = 1000) {}

  saw(engine: string, now: number, intervalMs: number | undefined, events: number): void {
    const p = this.pending.get(engine);
    if (p) {
      p.lastSeen = Math.max(p.lastSeen, now);
      if (intervalMs !== undefined) p.intervalMs = intervalMs;
      p.events += events;
      return;
    }
    if (!this.known.has(engine)) {
      if (this.known.size >= this.maxEngines) {
        this.ignored++;
        return;
      }
      this.known.add(engine);
    }
    this.pending.set(engine, { engine, lastSeen: now, intervalMs, events });
  }

  /** Takes what accumulated (the caller stores it; on failure it gives it back with `restore`). */
  take(): EngineSighting[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  /** Puts sightings back after a failed flush, merged with anything newer. */
  restore(sightings: readonly EngineSighting[]): void {
    for (const s of sightings) this.saw(s.engine, s.lastSeen, s.intervalMs, s.events);
  }
}

/** Events/s per engine from successive totals (a sliding window of `windowMs`). */
export class EventRates {
  private readonly samples = new Map<string, { t: number; total: number }[]>();

  constructor(private readonly windowMs = 10_000) {}

  /** Records an engine's total at `now` and returns its rate over the window. */
  observe(engine: string, total: number, now: number): number {
    let s = this.samples.get(engine);
    if (!s) {
      s = [];
      this.samples.set(engine, s);
    }
    s.push({ t: now, total });
    while (s.length > 1 && now - s[0]!.t > this.windowMs) s.shift();
    const first = s[0]!;
    const span = Math.max(now - first.t, 1_000);
    return Math.max(0, total - first.total) / (span / 1000);
  }
}
