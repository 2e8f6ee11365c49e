/**
 * A small rolling latency sample between two reports: the newest `capacity` samples for the
 * percentiles, plus the exact count and max of everything added (a burst of 10,000 events keeps
 * memory flat and still reports its worst case). `drain()` summarizes and starts over.
 */
import { type LatencySummary, MAX_LATENCY_MS, summarizeLatency } from "./report.ts";

export const SAMPLE_CAPACITY = 512;

export class LatencySampler {
  #ring: number[] = [];
  #next = 0;
  #count = 0;
  #max = 0;

  constructor(private readonly capacity = SAMPLE_CAPACITY) {}

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.#count++;
    this.#max = Math.max(this.#max, ms);
    if (this.#ring.length < this.capacity) this.#ring.push(ms);
    else this.#ring[this.#next] = ms;
    this.#next = (this.#next + 1) % this.capacity;
  }

  get size(): number {
    return this.#count;
  }

  drain(): LatencySummary {
    const s = summarizeLatency(this.#ring);
    const out = {
      ...s,
      count: this.#count,
      max: Math.round(Math.min(MAX_LATENCY_MS, Math.max(0, this.#max, s.max)) * 10) / 10,
    };
    this.#ring = [];
    this.#next = 0;
    this.#count = 0;
    this.#max = 0;
    return out;
  }
}
