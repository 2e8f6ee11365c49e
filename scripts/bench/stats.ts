/**
 * Benchmark statistics, pure: nearest-rank percentiles over raw samples, and a compact log-linear
 * latency histogram that a load generator can fill at a million samples a second.
 */

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0] as number;
  const rank = Math.ceil((Math.min(p, 100) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Summary of raw samples (copied and sorted; the input is not changed). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    min: sorted.length ? (sorted[0] as number) : Number.NaN,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

// Values below LINEAR are their own bucket (exact to the millisecond); above, each power of two is
// split into SUB buckets, so a reported value is at most 1/SUB (0.1%) below the true one.
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
const LINEAR = 2 * SUB;
const MAX_VALUE = 2 ** 31 - 1;

/** Bucket index of a non-negative integer value. */
export function bucketOf(v: number): number {
  if (v < LINEAR) return v;
  const k = 31 - Math.clz32(v); // floor(log2 v), >= SUB_BITS + 1
  const shift = k - SUB_BITS;
  return LINEAR + (k - SUB_BITS - 1) * SUB + ((v >>> shift) - SUB);
}

/** Lowest value that falls in a bucket (the inverse of `bucketOf`). */
export function bucketFloor(index: number): number {
  if (index < LINEAR) return index;
  const rel = index - LINEAR;
  const k = Math.floor(rel / SUB) + SUB_BITS + 1;
  const shift = k - SUB_BITS;
  return ((rel % SUB) + SUB) * 2 ** shift;
}

const BUCKETS = bucketOf(MAX_VALUE) + 1;

/** Latency histogram of integer milliseconds; negatives count as 0, huge values are clamped. */
export class Histogram {
  readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  record(value: number): void {
    const v = value <= 0 ? 0 : value >= MAX_VALUE ? MAX_VALUE : Math.floor(value);
    this.counts[bucketOf(v)]! += 1;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Nearest-rank percentile; p100 is the exact maximum. NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(Math.max(bucketFloor(i), this.min), this.max);
    }
    return this.max;
  }

  merge(other: Histogram): this {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i] as number;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  summary(): Summary {
    const empty = this.count === 0;
    return {
      count: this.count,
      min: empty ? Number.NaN : this.min,
      p50: this.percentile(50),
      p99: this.percentile(99),
      max: empty ? Number.NaN : this.max,
      mean: empty ? Number.NaN : this.sum / this.count,
    };
  }
}

/** a / b, or null when either side is missing or b is 0 (a ratio to nothing means nothing). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** CPU use in percent of one core over an interval, from clock-tick counters (/proc stat). */
export function cpuPercent(ticksDelta: number, ticksPerSecond: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return Number.NaN;
  return (ticksDelta / ticksPerSecond / (elapsedMs / 1000)) * 100;
}
