/**
 * A tiny projection for the bus's own tests: per event type, how many events and the sum of their
 * seqs; plus how many events it was handed since it was created (to see how much a start folded).
 * Any lost, doubled or reordered event changes the state, so equality proves the seam is exact.
 */
import type { Projection, StoredEvent } from "../src/index.ts";

interface SumState {
  seq: number;
  count: Record<string, number>;
  seqSum: Record<string, number>;
}

export class SumProjection implements Projection {
  state: SumState = { seq: 0, count: {}, seqSum: {} };
  /** Events folded by this object (restored ones not counted). */
  applied = 0;

  seq(): number {
    return this.state.seq;
  }

  apply(batch: readonly StoredEvent[]): void {
    for (const e of batch) {
      if (e.seq <= this.state.seq) continue;
      if (e.seq !== this.state.seq + 1 && this.state.seq !== 0) throw new Error(`gap: ${this.state.seq} -> ${e.seq}`);
      this.state.seq = e.seq;
      this.state.count[e.type] = (this.state.count[e.type] ?? 0) + 1;
      this.state.seqSum[e.type] = (this.state.seqSum[e.type] ?? 0) + e.seq;
      this.applied++;
    }
  }

  serialize(): string {
    return JSON.stringify(this.state);
  }

  restore(checkpoint: string): void {
    const s = JSON.parse(checkpoint) as SumState;
    if (typeof s?.seq !== "number") throw new Error("not a sum state");
    this.state = s;
  }

  reset(): void {
    this.state = { seq: 0, count: {}, seqSum: {} };
  }
}

/** The state a SumProjection must hold after seqs 1..n of the given types (in publish order). */
export function expectedSums(types: readonly string[]): SumState {
  const s: SumState = { seq: types.length, count: {}, seqSum: {} };
  types.forEach((t, i) => {
    s.count[t] = (s.count[t] ?? 0) + 1;
    s.seqSum[t] = (s.seqSum[t] ?? 0) + i + 1;
  });
  return s;
}
