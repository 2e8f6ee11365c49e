/**
 * The newest events kept in memory (a ring buffer) so that a reconnecting client's replay, the
 * common case, never touches SQLite. Seqs in the window are contiguous: the bus assigns them with
 * no holes and retention only removes the oldest ones.
 */
import type { StoredEvent } from "./types.ts";

export class MemoryWindow {
  private readonly ring: (StoredEvent | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array(Math.max(0, capacity));
  }

  get size(): number {
    return this.count;
  }

  /** Seq of the oldest event held (0 when empty). */
  get firstSeq(): number {
    return this.count === 0 ? 0 : this.at(0).seq;
  }

  /** Seq of the newest event held (0 when empty). */
  get lastSeq(): number {
    return this.count === 0 ? 0 : this.at(this.count - 1).seq;
  }

  /** Appends events in seq order; a seq that does not follow on restarts the window from it. */
  push(events: readonly StoredEvent[]): void {
    if (this.capacity === 0) return;
    for (const e of events) {
      if (this.count > 0 && e.seq !== this.lastSeq + 1) this.clear();
      if (this.count === this.capacity) {
        this.ring[this.head] = undefined;
        this.head = (this.head + 1) % this.capacity;
        this.count--;
      }
      this.ring[(this.head + this.count) % this.capacity] = e;
      this.count++;
    }
  }

  /**
   * True when the window alone can answer "events after `after`": everything newer than the
   * cursor is held. `newestSeq` is the bus's current seq (an empty window covers only the tip).
   */
  covers(after: number, newestSeq: number): boolean {
    if (this.count === 0) return after >= newestSeq;
    return after >= this.firstSeq - 1 && this.lastSeq === newestSeq;
  }

  /** Up to `max` events with seq > after, in order. Call only when `covers(after)`. */
  read(after: number, max: number): StoredEvent[] {
    if (this.count === 0) return [];
    const start = Math.max(0, after + 1 - this.firstSeq);
    const end = Math.min(this.count, start + Math.max(0, max));
    const out: StoredEvent[] = [];
    for (let i = start; i < end; i++) out.push(this.at(i));
    return out;
  }

  /** Forgets events with seq < `seq` (retention deleted them from the log). */
  dropBefore(seq: number): void {
    while (this.count > 0 && this.at(0).seq < seq) {
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
  }

  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  private at(i: number): StoredEvent {
    return this.ring[(this.head + i) % this.capacity]!;
  }
}
