/**
 * Replay → live without a gap or a duplicate. While a session catches up it is in no group; live
 * events matching it are buffered (`session.catchUp`). History is paged and sent (paced by the
 * transport's buffer), then — in ONE synchronous block — the buffered events newer than the last
 * one sent are sent and the session joins its live group, so no event can fall between the two.
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import type { ResumeToken } from "@tickerwire/protocol";
import type { Connection } from "./connection.ts";
import { planReplay } from "./replay-plan.ts";
import type { Session } from "./session.ts";

/** The client could not be caught up (it reads slower than events arrive, or stalled). */
export class CatchUpError extends Error {
  override readonly name = "CatchUpError";
  constructor(
    message: string,
    readonly slow: boolean,
  ) {
    super(message);
  }
}

export interface CatchUpDeps {
  bus: Bus;
  pageSize: number;
  maxEvents: number;
  /** Longest wait for a client to drain its buffer before it is dropped as too slow. */
  drainTimeoutMs: number;
  /** Adds the session to its live group (synchronously). */
  goLive(session: Session): void;
  /** Counts events sent to a connection. */
  onSent(conn: Connection, count: number): void;
  /**
   * The client asked for `snapshot=1`: when history no longer covers its cursor, this sends it the
   * desk state now (synchronously, stamped with the seq it includes) instead of a truncated replay,
   * and returns that seq.
   */
  snapshot?: ((session: Session) => number) | undefined;
}

export interface CatchUpResult {
  count: number;
  truncated: boolean;
}

/** Events sent between two checks of the transport's buffer. */
const CHUNK = 250;

function drained(conn: Connection, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([conn.writable().then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts buffering live events for `session`, replays history after `token`, then goes live and
 * sends `replayed`. Returns null when superseded (closed, or a newer resume) part-way.
 */
export async function catchUp(session: Session, token: ResumeToken, d: CatchUpDeps): Promise<CatchUpResult | null> {
  const generation = session.generation;
  const current = () => !session.closed && session.generation === generation;
  const conn = session.conn;
  const plan = planReplay({ token, epoch: d.bus.epoch, currentSeq: d.bus.currentSeq(), maxEvents: d.maxEvents });
  if (plan.truncated && d.snapshot) return snapshotInstead(session, token, d, 0);
  let after = plan.after;
  let truncated = plan.truncated;
  let lastSent = 0;
  let count = 0;

  const send = async (events: readonly StoredEvent[]): Promise<boolean> => {
    for (let i = 0; i < events.length; i += CHUNK) {
      const chunk = events.slice(i, i + CHUNK).filter((e) => e.seq > lastSent);
      if (chunk.length === 0) continue;
      conn.sendEvents(chunk);
      lastSent = chunk[chunk.length - 1]!.seq;
      count += chunk.length;
      d.onSent(conn, chunk.length);
      if (conn.bufferedAmount() > conn.bufferLimit / 4) {
        const ok = await drained(conn, d.drainTimeoutMs);
        if (!current()) return false;
        if (!ok) throw new CatchUpError(`the client did not read for ${d.drainTimeoutMs} ms during replay`, true);
      }
    }
    return current();
  };

  // Pages of history plus the re-reads an overflow of the live buffer asks for; each page moves on.
  const maxPages = 2 * Math.ceil(d.maxEvents / d.pageSize) + 50;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new CatchUpError("events arrive faster than the client catches up", true);
    const p = await d.bus.history({
      after,
      epoch: d.bus.epoch,
      patterns: session.patterns,
      filter: session.filter,
      limit: d.pageSize,
    });
    if (!current()) return null;
    if (p.truncated && d.snapshot) return snapshotInstead(session, token, d, count);
    truncated ||= p.truncated;
    if (!(await send(p.events))) return null;
    // Follow the bus's cursor: for a cursor it could not honour it restarts the scan itself.
    after = p.truncated && p.nextAfter < after ? p.nextAfter : Math.max(after, p.nextAfter);
    if (p.hasMore) continue;
    const buffer = session.catchUp;
    if (buffer?.overflowed) {
      // Live events were dropped from the buffer; they are durable, so read them from history.
      buffer.overflowed = false;
      continue;
    }
    break;
  }

  // One synchronous block: buffered live events, then join the group. Nothing runs in between.
  const pending = (session.catchUp?.events ?? []).filter((e) => e.seq > lastSent);
  if (pending.length > 0) {
    conn.sendEvents(pending);
    lastSent = pending[pending.length - 1]!.seq;
    count += pending.length;
    d.onSent(conn, pending.length);
  }
  session.endCatchUp();
  d.goLive(session);
  conn.sendControl({
    type: "replayed",
    count,
    truncated,
    from_seq: token.seq,
    to_seq: Math.max(lastSent, after),
    epoch: d.bus.epoch,
  });
  return { count, truncated };
}

/**
 * History no longer covers the cursor and the client takes snapshots: in ONE synchronous block,
 * the desk state at its seq S (which includes every live event buffered so far: the bus folds a
 * batch before the hub hears of it), then live from S. Exact figures, so nothing is "truncated".
 */
function snapshotInstead(session: Session, token: ResumeToken, d: CatchUpDeps, sent: number): CatchUpResult {
  session.endCatchUp();
  const seq = d.snapshot!(session);
  d.goLive(session);
  session.conn.sendControl({
    type: "replayed",
    count: sent,
    truncated: false,
    from_seq: token.seq,
    to_seq: seq,
    epoch: d.bus.epoch,
  });
  return { count: sent, truncated: false };
}
