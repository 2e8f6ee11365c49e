/**
 * The resume cursor, owned in one place by every kind of client: which events are new (the
 * exactly-once rule of dedupe.ts), where a live start begins (`connected.current_seq`), what a
 * desk-state snapshot does (the cursor jumps to its seq), and when to start over (another epoch).
 *
 * Invariant: the cursor only moves forward within one epoch; every other move (first value, new
 * epoch, snapshot, forget) is a jump, announced to `jumped()` so a subclass keeping events beside
 * the cursor (shared/tab-cursor.ts) can keep what it claims to hold true.
 */
import type { ConnectedMessage, HubEvent, ReplayedMessage, SnapshotMessage } from "@tickerwire/protocol";
import { advance, applyEpoch, type Cursor, isNewEvent } from "./dedupe.ts";
import type { ClientLogger } from "./types.ts";

export class ClientCursor {
  #cursor: Cursor | null;

  /** `initial` null: no cursor yet, the first connection starts live. */
  constructor(
    initial: Cursor | null,
    private readonly log: ClientLogger,
  ) {
    this.#cursor = initial;
  }

  get value(): Cursor | null {
    return this.#cursor;
  }

  /** True when the event is new (seq above the cursor): the cursor moves past it. */
  accept(e: HubEvent): boolean {
    if (this.#cursor !== null && !isNewEvent(this.#cursor, e.seq)) return false;
    this.#cursor = advance(this.#cursor ?? { epoch: null, seq: 0 }, e.seq);
    this.accepted(e);
    return true;
  }

  /** A hub `connected`: a live start takes its current_seq (what came before is history we did not ask for); otherwise its epoch is checked. */
  connected(m: ConnectedMessage): void {
    if (this.#cursor === null) this.#jump({ epoch: m.epoch, seq: m.current_seq });
    else this.#checkEpoch(m.epoch);
  }

  /** A resume finished: the replay's epoch is checked like a connection's. */
  replayed(m: ReplayedMessage): void {
    this.#checkEpoch(m.epoch);
  }

  /** The desk state at seq S: the cursor moves to S (events at or below it are already in it). */
  snapshot(m: SnapshotMessage): void {
    this.#jump({ epoch: m.epoch, seq: m.seq });
  }

  /** No cursor: the next connection starts live (a new view in snapshot mode takes a fresh snapshot). */
  forget(): void {
    this.#jump(null);
  }

  /** A client without a cursor yet starts from `cursor` (a shared tab from its leader's); one with a cursor keeps its own. */
  adopt(cursor: Cursor | null): void {
    if (this.#cursor === null && cursor !== null) this.#jump({ ...cursor });
  }

  /** Called after every jump of the cursor (not after an event moved it forward). */
  protected jumped(_next: Cursor | null): void {}

  /** Called after an event was accepted. */
  protected accepted(_e: HubEvent): void {}

  #jump(next: Cursor | null): void {
    this.#cursor = next;
    this.jumped(next);
  }

  /** The same or a first epoch keeps the seq; another one starts over at 0 (the new history's seqs are lower). */
  #checkEpoch(epoch: string): void {
    if (this.#cursor === null) return;
    const r = applyEpoch(this.#cursor, epoch);
    if (!r.changed) {
      this.#cursor = r.cursor;
      return;
    }
    this.log.warn?.(`hub history changed (epoch ${this.#cursor.epoch} → ${epoch}); starting over`);
    this.#jump(r.cursor);
  }
}
