/**
 * What one logical client received (across reconnects): which seqs, and how many arrived twice
 * or out of order. A bitset over seqs above the client's starting cursor keeps this exact and
 * small (1 bit per hub seq).
 */

export type Delivery = "new" | "duplicate" | "reordered" | "before-start";

export class DeliveryTracker {
  private bits = new Uint8Array(1024);
  /** Distinct seqs received (above startSeq). */
  received = 0;
  duplicates = 0;
  reordered = 0;
  lastSeq: number;

  /** Only seqs above `startSeq` (the hub's seq when the client first connected) are expected. */
  constructor(readonly startSeq: number) {
    this.lastSeq = startSeq;
  }

  record(seq: number): Delivery {
    if (seq <= this.startSeq) return "before-start";
    const i = seq - this.startSeq - 1;
    if (this.get(i)) {
      this.duplicates++;
      return "duplicate";
    }
    this.set(i);
    this.received++;
    if (seq < this.lastSeq) {
      this.reordered++;
      return "reordered";
    }
    this.lastSeq = seq;
    return "new";
  }

  has(seq: number): boolean {
    return seq > this.startSeq && this.get(seq - this.startSeq - 1);
  }

  /** Expected seqs (ascending) above startSeq that never arrived. */
  lost(expected: readonly number[]): number {
    let lost = 0;
    for (const seq of expected) if (seq > this.startSeq && !this.has(seq)) lost++;
    return lost;
  }

  private get(i: number): boolean {
    const byte = i >> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (i & 7))) !== 0;
  }

  private set(i: number): void {
    const byte = i >> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte]! |= 1 << (i & 7);
  }
}
