/**
 * The events the hub acknowledged (202 with their seqs), with when they were sent and on which
 * topic: the ground truth each client's deliveries are checked against.
 */

export interface LedgerEntry {
  sentAt: number;
  topic: string;
}

export class Ledger {
  private readonly entries = new Map<number, LedgerEntry>();
  /** Send times by seq − base (NaN = not acknowledged): the per-delivery lookup, without a Map. */
  private sent = new Float64Array(0);
  private base = -1;
  maxSeq = 0;

  add(seqs: readonly number[], topics: readonly string[], sentAt: number): void {
    seqs.forEach((seq, i) => {
      this.entries.set(seq, { sentAt, topic: topics[i] ?? "" });
      if (seq > this.maxSeq) this.maxSeq = seq;
      this.setSent(seq, sentAt);
    });
  }

  /** When the acknowledged `seq` was sent; NaN when it was not (yet) acknowledged. */
  sentAt(seq: number): number {
    const i = seq - this.base;
    if (this.base >= 0 && i >= 0 && i < this.sent.length) return this.sent[i]!;
    return this.entries.get(seq)?.sentAt ?? Number.NaN;
  }

  private setSent(seq: number, sentAt: number): void {
    if (this.base < 0) this.base = seq;
    const i = seq - this.base;
    if (i < 0) return; // below the first seq: found in the Map
    if (i >= this.sent.length) {
      const grown = new Float64Array(Math.max(1024, this.sent.length * 2, i + 1)).fill(Number.NaN);
      grown.set(this.sent);
      this.sent = grown;
    }
    this.sent[i] = sentAt;
  }

  get size(): number {
    return this.entries.size;
  }

  get(seq: number): LedgerEntry | undefined {
    return this.entries.get(seq);
  }

  /** Acknowledged seqs whose topic passes `match`, ascending. */
  seqsMatching(match: (topic: string) => boolean): number[] {
    const out: number[] = [];
    for (const [seq, e] of this.entries) if (match(e.topic)) out.push(seq);
    return out.sort((a, b) => a - b);
  }
}
