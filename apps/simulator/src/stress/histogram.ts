/**
 * Latency histogram with exact 1 ms buckets up to 60 s (Date.now() has 1 ms resolution, so
 * finer buckets would add nothing) and one overflow bucket. Percentiles use the nearest-rank
 * method: the smallest value with at least p% of the samples at or below it.
 */

export const MAX_TRACKED_MS = 60_000;

export class LatencyHistogram {
  /** counts[i] = samples of i ms; counts[MAX_TRACKED_MS + 1] = samples above the range. */
  readonly counts = new Uint32Array(MAX_TRACKED_MS + 2);
  count = 0;
  sum = 0;
  max = 0;

  /** Records one latency; negative values (a clock step) count as 0. */
  record(ms: number): void {
    this.recordMany(ms, 1);
  }

  /** Records `n` samples of the same latency. */
  recordMany(ms: number, n: number): void {
    const v = ms > 0 ? Math.round(ms) : 0;
    this.counts[v > MAX_TRACKED_MS ? MAX_TRACKED_MS + 1 : v]! += n;
    this.count += n;
    this.sum += v * n;
    if (v > this.max) this.max = v;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  /** A compact, JSON-safe copy (only the non-empty buckets) to send between processes. */
  toWire(): HistogramWire {
    const buckets: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]! > 0) buckets.push([i, this.counts[i]!]);
    return { buckets, count: this.count, sum: this.sum, max: this.max };
  }

  static fromWire(w: HistogramWire): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [i, n] of w.buckets) if (i >= 0 && i < h.counts.length) h.counts[i] = n;
    h.count = w.count;
    h.sum = w.sum;
    h.max = w.max;
    return h;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The p-th percentile (0 < p ≤ 100) in ms; 0 with no samples; values past 60 s report the max. */
  percentile(p: number): number {
    return LatencyHistogram.percentileOf([this], p);
  }

  /** The percentile of several histograms taken together (as if merged). */
  static percentileOf(hs: readonly LatencyHistogram[], p: number): number {
    const count = hs.reduce((s, h) => s + h.count, 0);
    if (count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    let seen = 0;
    for (let i = 0; i <= MAX_TRACKED_MS; i++) {
      for (const h of hs) seen += h.counts[i]!;
      if (seen >= rank) return i;
    }
    return Math.max(...hs.map((h) => h.max));
  }
}

export interface HistogramWire {
  /** [bucket index (ms), count] for the non-empty buckets. */
  buckets: [number, number][];
  count: number;
  sum: number;
  max: number;
}

export interface HistogramRow {
  /** Inclusive lower and exclusive upper bound in ms (upper null = unbounded). */
  from: number;
  to: number | null;
  count: number;
}

/** Log-scale rows for display: <1, 1–2, 2–4, 4–8 … ms, trimmed to the populated range. */
export function histogramRows(h: LatencyHistogram): HistogramRow[] {
  const rows: HistogramRow[] = [{ from: 0, to: 1, count: h.counts[0]! }];
  for (let from = 1; from <= MAX_TRACKED_MS; from *= 2) {
    const to = Math.min(from * 2, MAX_TRACKED_MS + 1);
    let count = 0;
    for (let i = from; i < to; i++) count += h.counts[i]!;
    rows.push({ from, to, count });
  }
  rows.push({ from: MAX_TRACKED_MS + 1, to: null, count: h.counts[MAX_TRACKED_MS + 1]! });
  const first = rows.findIndex((r) => r.count > 0);
  const last = rows.findLastIndex((r) => r.count > 0);
  return first < 0 ? [] : rows.slice(first, last + 1);
}

/** An ASCII bar chart of the rows, bars scaled to the fullest row. */
export function renderHistogram(rows: readonly HistogramRow[], width = 40): string {
  const total = rows.reduce((s, r) => s + r.count, 0);
  const top = Math.max(1, ...rows.map((r) => r.count));
  return rows
    .map((r) => {
      const label =
        r.to === null ? `>${r.from - 1} ms` : r.to - r.from === 1 ? `${r.from} ms` : `${r.from}-${r.to - 1} ms`;
      const bar = "#".repeat(Math.round((r.count / top) * width));
      const pct = total > 0 ? ((100 * r.count) / total).toFixed(1) : "0.0";
      return `${label.padStart(14)} | ${bar.padEnd(width)} ${String(r.count).padStart(9)} ${pct.padStart(5)}%`;
    })
    .join("\n");
}
