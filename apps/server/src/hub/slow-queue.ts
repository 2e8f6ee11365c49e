/**
 * The queue of one connection that fell behind (the slow lane). Events stay in seq order, because
 * the client drops anything not newer than the last seq it saw: a conflatable event (metrics,
 * candle) removes the older queued event of its stream and is appended at the end. Critical and
 * ordered events are never removed; when their backlog passes the hard limit the queue reports
 * `lagged` and the hub disconnects the client, which resumes from history. Pure.
 */
import type { StoredEvent } from "@tickerwire/bus";
import { conflationKey } from "@tickerwire/protocol";

export interface SlowQueueLimits {
  /** Most critical + ordered events queued before the client is lagged. */
  hardEvents: number;
  /** Most bytes of critical + ordered events queued before the client is lagged. */
  hardBytes: number;
}

/** `queued`: kept; `conflated`: kept, and an older event of its stream was removed; `lagged`: over the hard limit. */
export type OfferResult = "queued" | "conflated" | "lagged";

/** Taken entries below this index are compacted away once they are also half the array. */
const COMPACT_AT = 1_024;

export class SlowQueue {
  /** Queued events in seq order; null marks one superseded by a newer event of its stream. */
  private entries: (StoredEvent | null)[] = [];
  private head = 0;
  /** Conflation key → index in `entries` of the stream's queued event. */
  private readonly byKey = new Map<string, number>();
  /** Events queued (not superseded). */
  size = 0;
  /** Queued critical + ordered events and their bytes: what the hard limit bounds. */
  backlogEvents = 0;
  backlogBytes = 0;
  /** Events removed because a newer one of their stream arrived. */
  conflated = 0;

  constructor(private readonly limits: SlowQueueLimits) {}

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Queues an event (newer than every queued one). */
  offer(event: StoredEvent): OfferResult {
    const key = conflationKey(event);
    let result: OfferResult = "queued";
    if (key !== null) {
      const prev = this.byKey.get(key);
      if (prev !== undefined) {
        this.entries[prev] = null;
        this.size--;
        this.conflated++;
        result = "conflated";
      }
      this.byKey.set(key, this.entries.length);
    } else {
      this.backlogEvents++;
      this.backlogBytes += event.json.length;
    }
    this.entries.push(event);
    this.size++;
    if (this.backlogEvents > this.limits.hardEvents || this.backlogBytes > this.limits.hardBytes) return "lagged";
    return result;
  }

  /** Removes and returns up to `max` of the oldest queued events, in seq order. */
  take(max: number): StoredEvent[] {
    const out: StoredEvent[] = [];
    while (out.length < max && this.head < this.entries.length) {
      const i = this.head++;
      const e = this.entries[i];
      if (!e) continue;
      this.entries[i] = null;
      this.size--;
      const key = conflationKey(e);
      if (key === null) {
        this.backlogEvents--;
        this.backlogBytes -= e.json.length;
      } else if (this.byKey.get(key) === i) {
        this.byKey.delete(key);
      }
      out.push(e);
    }
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.size === 0) {
      this.entries = [];
      this.head = 0;
      this.byKey.clear();
      return;
    }
    if (this.head < COMPACT_AT || this.head * 2 < this.entries.length) return;
    const shift = this.head;
    this.entries = this.entries.slice(shift);
    this.head = 0;
    for (const [k, i] of this.byKey) this.byKey.set(k, i - shift);
  }
}
