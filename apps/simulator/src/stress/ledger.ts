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
  maxSeq = 0;

  add(seqs: readonly number[], topics: readonly string[], sentAt: number): void {
    seqs.forEach((seq, i) => {
      this.entries.set(seq, { sentAt, topic: topics[i] ?? "" });
      if (seq > this.maxSeq) this.maxSeq = seq;
    });
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
