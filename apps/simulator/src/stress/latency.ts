/**
 * Latency of each delivery = receive time − the publish request's send time (both Date.now() in
 * this process). The hub fans out before it answers the POST, so a delivery often arrives before
 * its seq is in the ledger: such deliveries wait in a small pending list until the ack comes.
 */
import { LatencyHistogram } from "./histogram.ts";
import type { Ledger } from "./ledger.ts";

export class LatencyRecorder<K extends string> {
  readonly histograms: Record<K, LatencyHistogram>;
  private pending: { seq: number; at: number; kind: K }[] = [];

  constructor(
    private readonly ledger: Ledger,
    kinds: readonly K[],
  ) {
    this.histograms = Object.fromEntries(kinds.map((k) => [k, new LatencyHistogram()])) as Record<K, LatencyHistogram>;
  }

  /** A delivery of `seq` received at `at` by a client of kind `kind`. */
  delivered(seq: number, at: number, kind: K): void {
    const e = this.ledger.get(seq);
    if (e) this.histograms[kind].record(at - e.sentAt);
    else this.pending.push({ seq, at, kind });
  }

  /** Call after the ledger learned new seqs. Deliveries of seqs the ledger will never know (other publishers') are dropped. */
  resolve(): void {
    if (this.pending.length === 0) return;
    const still: typeof this.pending = [];
    for (const p of this.pending) {
      const e = this.ledger.get(p.seq);
      if (e) this.histograms[p.kind].record(p.at - e.sentAt);
      else if (p.seq > this.ledger.maxSeq) still.push(p);
    }
    this.pending = still;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** All kinds together. */
  combined(): LatencyHistogram {
    const all = new LatencyHistogram();
    for (const h of Object.values(this.histograms) as LatencyHistogram[]) all.merge(h);
    return all;
  }
}
