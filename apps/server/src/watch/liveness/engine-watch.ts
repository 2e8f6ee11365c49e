/**
 * Engine liveness as every instance sees it: sightings from this instance's requests are flushed
 * to the watch store each tick, then every engine's record (merged over instances) is read back
 * and judged up or stale (liveness-policy.ts). The watch's pause — when nobody was watching —
 * is recorded by the leader when it takes over after a gap, and read here by everyone.
 */
import type { EngineStatus } from "@tickerwire/protocol";
import type { WatchStore } from "../store/watch-store.ts";
import { EngineBook, EventRates } from "./engine-book.ts";
import { engineStatus, type LivenessSettings, type WatchPause } from "./liveness-policy.ts";

/** No leader ticked for this long: the watch was down, and engines up then get a fresh grace period. */
const RESUME_GAP_MS = 10_000;

export class EngineWatch {
  private readonly book = new EngineBook();
  private readonly rates = new EventRates();
  private pause: WatchPause = { pausedAt: 0, resumedAt: 0 };
  /** As of the last `refresh`. */
  engines: EngineStatus[] = [];

  constructor(
    private readonly store: WatchStore,
    private readonly settings: LivenessSettings,
    private readonly now: () => number,
  ) {}

  saw(engine: string, intervalMs: number | undefined, events: number): void {
    this.book.saw(engine, this.now(), intervalMs, events);
  }

  /** Flushes this instance's sightings, then reads and judges every engine. */
  async refresh(): Promise<void> {
    const sightings = this.book.take();
    try {
      await this.store.recordEngines(sightings);
    } catch (e) {
      this.book.restore(sightings);
      throw e;
    }
    this.pause = {
      pausedAt: Number((await this.store.getMeta("paused_at")) ?? 0),
      resumedAt: Number((await this.store.getMeta("resumed_at")) ?? 0),
    };
    const t = this.now();
    this.engines = (await this.store.engines()).map((r) =>
      engineStatus(r, t, this.pause, this.settings, this.rates.observe(r.engine, r.events, t)),
    );
  }

  /** On taking the lead: when nobody watched for a while, record the pause. */
  async resume(): Promise<void> {
    const t = this.now();
    const watchedAt = Number((await this.store.getMeta("watched_at")) ?? 0);
    if (t - watchedAt > RESUME_GAP_MS) {
      await this.store.setMeta("paused_at", String(watchedAt));
      await this.store.setMeta("resumed_at", String(t));
    }
  }

  /** Every leader tick: the watch is running. */
  watched(): Promise<void> {
    return this.store.setMeta("watched_at", String(this.now()));
  }

  /** Last sightings before shutdown. */
  flush(): Promise<void> {
    return this.store.recordEngines(this.book.take());
  }
}
