/**
 * Latency of each delivery = receive time − the publish request's send time (both Date.now(); the
 * send time comes from the main process with the ack). The hub fans out before it answers the
 * POST, so most deliveries arrive before their seq is in the ledger: they wait, grouped per kind
 * and seq as runs of (receive ms, count) — hundreds of clients get a seq within the same ms — so
 * a million deliveries a second do not become a million pending objects.
 */
import { LatencyHistogram } from "./histogram.ts";
import type { Ledger } from "./ledger.ts";

interface Kind {
  histogram: LatencyHistogram;
  /** seq → flat [at, count, at, count, …]. */
  pending: Map<number, number[]>;
}

export class LatencyRecorder<K extends string> {
  readonly histograms: Record<K, LatencyHistogram>;
  private readonly kinds: Record<K, Kind>;
  private pendingSamples = 0;

  constructor(
    private readonly ledger: Ledger,
    kinds: readonly K[],
  ) {
    this.kinds = Object.fromEntries(
      kinds.map((k) => [k, { histogram: new LatencyHistogram(), pending: new Map() }]),
    ) as Record<K, Kind>;
    this.histograms = Object.fromEntries(kinds.map((k) => [k, this.kinds[k].histogram])) as Record<K, LatencyHistogram>;
  }

  /** A delivery of `seq` received at `at` by a client of kind `kind`. */
  delivered(seq: number, at: number, kind: K): void {
    const k = this.kinds[kind];
    const sentAt = this.ledger.sentAt(seq);
    if (!Number.isNaN(sentAt)) {
      k.histogram.record(at - sentAt);
      return;
    }
    this.pendingSamples++;
    const runs = k.pending.get(seq);
    if (!runs) k.pending.set(seq, [at, 1]);
    else if (runs[runs.length - 2] === at) runs[runs.length - 1]!++;
    else runs.push(at, 1);
  }

  /** Call after the ledger learned new seqs. Deliveries of seqs the ledger will never know (other publishers') are dropped. */
  resolve(): void {
    for (const k of Object.values(this.kinds) as Kind[]) {
      for (const [seq, runs] of k.pending) {
        const sentAt = this.ledger.sentAt(seq);
        const known = !Number.isNaN(sentAt);
        if (!known && seq > this.ledger.maxSeq) continue;
        k.pending.delete(seq);
        for (let i = 0; i < runs.length; i += 2) {
          if (known) k.histogram.recordMany(runs[i]! - sentAt, runs[i + 1]!);
          this.pendingSamples -= runs[i + 1]!;
        }
      }
    }
  }

  /** Deliveries still waiting for their seq's acknowledgement. */
  get pendingCount(): number {
    return this.pendingSamples;
  }

  /** All kinds together. */
  combined(): LatencyHistogram {
    const all = new LatencyHistogram();
    for (const k of Object.values(this.kinds) as Kind[]) all.merge(k.histogram);
    return all;
  }

  /** The p-th percentile over all kinds, without building a combined histogram. */
  percentile(p: number): number {
    return LatencyHistogram.percentileOf(Object.values(this.histograms) as LatencyHistogram[], p);
  }
}
