/**
 * The resume cursor and the exactly-once rule. seq is strictly increasing across the hub, so an
 * event is new exactly when its seq is above the last one delivered — replayed overlap after a
 * reconnect, or the two streams during a WS↔SSE switch, are dropped by this one comparison.
 * seqs only compare within one epoch (one history); a new epoch means start over.
 */

export interface Cursor {
  /** The history the seq belongs to; null until the hub told us. */
  epoch: string | null;
  seq: number;
}

/** True when an event with this seq has not been delivered yet. */
export function isNewEvent(cursor: Cursor, seq: number): boolean {
  return seq > cursor.seq;
}

/** The cursor after delivering an event (never moves backwards). */
export function advance(cursor: Cursor, seq: number): Cursor {
  return seq > cursor.seq ? { epoch: cursor.epoch, seq } : cursor;
}

/**
 * Applies the epoch the hub reported (in `connected` or `replayed`). The same or a first epoch
 * keeps the seq; a different one resets it to 0 so the new history's (lower) seqs are accepted.
 */
export function applyEpoch(cursor: Cursor, epoch: string): { cursor: Cursor; changed: boolean } {
  if (cursor.epoch === null || cursor.epoch === epoch) return { cursor: { epoch, seq: cursor.seq }, changed: false };
  return { cursor: { epoch, seq: 0 }, changed: true };
}
