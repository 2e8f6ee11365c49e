/**
 * The projection seam: state folded from the committed events (the trading desk), kept by the bus
 * consistently with its log. The bus folds each batch once it is durable and before any listener
 * hears of it, so at every point where the hub runs, `projection.seq()` is the bus's current seq
 * and a snapshot taken there plus the events after it is exactly everything.
 *
 * The bus checkpoints the projection with the log (SQLite: in the same transaction as a group of
 * events; Redis: a compare-and-set key) and on start restores the newest checkpoint and folds only
 * the events after it. The bus never looks inside the state: it is an opaque string.
 */
import type { StoredEvent } from "./types.ts";

export interface Projection {
  /** The last seq folded into the state (0: nothing yet). */
  seq(): number;
  /** Folds a committed batch, in seq order. Events at or below `seq()` are ignored. Must not throw. */
  apply(batch: readonly StoredEvent[]): void;
  /** The state at `seq()`, serialized for a checkpoint. */
  serialize(): string;
  /** Replaces the state with a checkpoint's (its seq comes with it). Throws when it is not one. */
  restore(checkpoint: string): void;
  /** Empties the state (a store without a usable checkpoint starts here). */
  reset(): void;
}

/** A checkpoint as stored: the serialized state and the seq it includes. */
export interface Checkpoint {
  seq: number;
  state: string;
}

/** Default: a checkpoint after at least this many events, so a start folds at most about that many. */
export const DEFAULT_CHECKPOINT_EVERY = 50_000;

/** Events read per page when a start folds the log after the checkpoint. */
export const RESTORE_PAGE = 5_000;

/** Resets `projection` and loads `checkpoint` into it; a checkpoint that does not parse is reported and ignored. */
function begin(projection: Projection, checkpoint: Checkpoint | undefined, onBad: (error: unknown) => void): void {
  projection.reset();
  if (!checkpoint) return;
  try {
    projection.restore(checkpoint.state);
  } catch (e) {
    projection.reset();
    onBad(e);
  }
}

export interface RestoreInput<R> {
  projection: Projection;
  checkpoint: Checkpoint | undefined;
  /** The store's last seq: the fold stops there. */
  lastSeq: number;
  /** Up to `max` events with seq > `after`, in seq order. */
  read(after: number, max: number): R;
  /** A checkpoint that does not parse; the fold then starts from the oldest event still held. */
  onBadCheckpoint(error: unknown): void;
}

/**
 * Restores the projection from its checkpoint, then folds the events after it by pages up to
 * `lastSeq` (SQLite: synchronous). Returns how many events were folded.
 */
export function restoreProjectionSync(input: RestoreInput<readonly StoredEvent[]>): number {
  begin(input.projection, input.checkpoint, input.onBadCheckpoint);
  let folded = 0;
  let after = input.projection.seq();
  while (after < input.lastSeq) {
    const events = input.read(after, RESTORE_PAGE);
    if (events.length === 0) break;
    input.projection.apply(events);
    folded += events.length;
    after = events[events.length - 1]!.seq;
  }
  return folded;
}

/** `restoreProjectionSync` for a store read asynchronously (Redis). */
export async function restoreProjection(input: RestoreInput<Promise<readonly StoredEvent[]>>): Promise<number> {
  begin(input.projection, input.checkpoint, input.onBadCheckpoint);
  let folded = 0;
  let after = input.projection.seq();
  while (after < input.lastSeq) {
    const events = await input.read(after, RESTORE_PAGE);
    if (events.length === 0) break;
    input.projection.apply(events);
    folded += events.length;
    after = events[events.length - 1]!.seq;
  }
  return folded;
}
