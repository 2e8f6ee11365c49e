/**
 * A tab's resume cursor and its recent events, kept together: every event accepted advances the
 * cursor and joins the buffer, and every jump of the cursor (first value, new epoch) restarts the
 * buffer's floor, so what the buffer claims to hold is always true. Same rules as a plain client
 * (dedupe.ts): seq above the cursor is new; another epoch starts over.
 */
import type { ConnectedMessage, HubEvent, ReplayedMessage, SnapshotMessage } from "@tickerwire/protocol";
import { advance, applyEpoch, type Cursor, isNewEvent } from "../dedupe.ts";
import type { ClientLogger } from "../types.ts";
import { RecentEvents } from "./recent.ts";

export class TabCursor {
  readonly recent: RecentEvents;
  #cursor: Cursor | null;

  constructor(
    initial: Cursor | null,
    private readonly log: ClientLogger,
    capacity?: number,
  ) {
    this.#cursor = initial;
    this.recent = new RecentEvents(capacity);
    this.recent.reset(initial);
  }

  get value(): Cursor | null {
    return this.#cursor;
  }

  /** True when the event is new: the cursor moves past it and the buffer keeps it. */
  accept(e: HubEvent): boolean {
    if (this.#cursor !== null && !isNewEvent(this.#cursor, e.seq)) return false;
    this.#cursor = advance(this.#cursor ?? { epoch: null, seq: 0 }, e.seq);
    this.recent.push(e);
    return true;
  }

  /** A hub `connected`: a live start takes its current_seq; otherwise its epoch is checked. */
  connected(m: ConnectedMessage): void {
    if (this.#cursor === null) this.#jump({ epoch: m.epoch, seq: m.current_seq });
    else this.#checkEpoch(m.epoch);
  }

  /** A `replayed`: the epoch is checked; when truncated, the buffer is complete only from from_seq. */
  replayed(m: ReplayedMessage): void {
    this.#checkEpoch(m.epoch);
    if (m.truncated) this.recent.raiseFloor(m.from_seq);
  }

  /** A desk-state snapshot at seq S: the cursor moves to S and the buffer is complete from there. */
  snapshot(m: SnapshotMessage): void {
    this.#jump({ epoch: m.epoch, seq: m.seq });
  }

  /** No cursor: the next connection starts live (a new view in snapshot mode takes a fresh snapshot). */
  forget(): void {
    this.#cursor = null;
    this.recent.reset(null);
  }

  /** A fresh tab (no cursor yet) starts where the leader is. */
  adopt(cursor: Cursor | null): void {
    if (this.#cursor === null && cursor !== null) this.#jump({ ...cursor });
  }

  /** Joining a group: the buffer restarts, complete from here on. */
  restart(): void {
    this.recent.reset(this.#cursor);
  }

  #jump(next: Cursor): void {
    this.#cursor = next;
    this.recent.reset(next);
  }

  #checkEpoch(epoch: string): void {
    if (this.#cursor === null) return;
    const r = applyEpoch(this.#cursor, epoch);
    if (r.changed) {
      this.log.warn?.(`hub history changed (epoch ${this.#cursor.epoch} → ${epoch}); starting over`);
      this.#jump(r.cursor);
    } else {
      this.#cursor = r.cursor;
    }
  }
}
