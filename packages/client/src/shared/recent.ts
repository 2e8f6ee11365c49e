/**
 * The events a tab delivered lately, kept so that when another tab of the same group asks ("I
 * have up to seq N"), the leader can hand over what it missed without asking the hub. The buffer
 * is complete from its `floor` on: every event of the group's subscription with seq > floor that
 * the hub has sent us is here (until evicted, which raises the floor).
 */
import type { HubEvent } from "@tickerwire/protocol";
import type { Cursor } from "../dedupe.ts";

export const RECENT_CAPACITY = 1000;

export interface CatchUp {
  /** The events after the asker's cursor, in seq order. */
  events: HubEvent[];
  /** True when that is everything the asker missed; false: it must ask the hub. */
  complete: boolean;
}

export class RecentEvents {
  #events: HubEvent[] = [];
  /** null: not known where the buffer starts (nothing delivered yet, no cursor). */
  #floor: number | null = null;

  constructor(private readonly capacity = RECENT_CAPACITY) {}

  get floor(): number | null {
    return this.#floor;
  }

  /** Starts over, complete from `cursor` on (a new group, a new epoch, or a gap we accepted). */
  reset(cursor: Cursor | null): void {
    this.#events = [];
    this.#floor = cursor?.seq ?? null;
  }

  push(e: HubEvent): void {
    this.#events.push(e);
    // Trim in chunks (amortized O(1)); the buffer holds between capacity and 2 × capacity.
    if (this.#events.length > 2 * this.capacity) {
      const dropped = this.#events.splice(0, this.#events.length - this.capacity);
      this.#floor = dropped.at(-1)?.seq ?? this.#floor;
    }
  }

  /** The hub could not replay everything (`replayed.truncated`): complete only from `seq` on. */
  raiseFloor(seq: number): void {
    if (this.#floor === null || seq > this.#floor) {
      this.#floor = seq;
      this.#events = this.#events.filter((e) => e.seq > seq);
    }
  }

  /**
   * What a tab at `asker` missed, given the buffer's epoch `epoch`. No cursor: a fresh tab that
   * starts live, so nothing is missing. Another epoch: our seqs mean nothing to it.
   */
  since(asker: Cursor | null, epoch: string | null): CatchUp {
    if (asker === null) return { events: [], complete: true };
    const sameHistory = asker.epoch === null || epoch === null || asker.epoch === epoch;
    if (!sameHistory) return { events: [], complete: false };
    const events = this.#events.filter((e) => e.seq > asker.seq);
    return { events, complete: this.#floor !== null && asker.seq >= this.#floor };
  }
}
