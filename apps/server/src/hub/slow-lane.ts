/**
 * The slow lane: WebSocket sessions whose socket buffer passed the soft limit leave their fan-out
 * group (so the fast path stays one native publish per group) and get a `SlowQueue`. Only for these
 * sessions is the subscription matched per event in JS. The queue is written to the socket while
 * its buffer is below the soft limit (on Bun's `drain` and on every sweep); once the queue is empty
 * and the buffer is low again the session rejoins its group in one synchronous block: the queue was
 * fully handed to the socket before the join, and Bun keeps a socket's sends and topic publishes
 * in call order, so there is no gap and no duplicate at the boundary.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { HubCounters } from "./counters.ts";
import type { FanOut } from "./fanout.ts";
import type { Session } from "./session.ts";
import { SlowQueue, type SlowQueueLimits } from "./slow-queue.ts";

export interface SlowLaneOptions extends SlowQueueLimits {
  /** Socket buffer (bytes) above which a live session moves to the slow lane. */
  softLimit: number;
  /** Buffer below which a session whose queue is empty rejoins its group (default softLimit / 2). */
  rejoinBelow?: number;
  /** Events written per flush step (one corked write each). */
  flushChunk?: number;
}

export const DEFAULT_SLOW_LANE: SlowLaneOptions = {
  softLimit: 1 << 20,
  hardEvents: 10_000,
  hardBytes: 4 << 20,
};

export class SlowLane {
  private readonly members = new Set<Session>();
  private readonly rejoinBelow: number;
  private readonly flushChunk: number;

  constructor(
    private readonly options: SlowLaneOptions,
    private readonly fanout: FanOut,
    private readonly counters: HubCounters,
    /** The session's backlog passed the hard limit: disconnect it as lagged (it resumes). */
    private readonly onLagged: (s: Session) => void,
  ) {
    this.rejoinBelow = options.rejoinBelow ?? options.softLimit / 2;
    this.flushChunk = options.flushChunk ?? 256;
  }

  get size(): number {
    return this.members.size;
  }

  /** The periodic check of one session: move it in when its buffer is over the soft limit, else flush it. */
  check(s: Session): void {
    if (s.closed || s.catchUp || s.conn.live.kind !== "topic") return;
    if (s.slow) this.flush(s);
    else if (s.group && s.conn.bufferedAmount() > this.options.softLimit) this.enter(s);
  }

  /** A live event: queued for every slow session it matches (the only per-session work per event). */
  offer(event: StoredEvent): void {
    for (const s of this.members) {
      const q = s.slow;
      if (!q || !s.matches(event)) continue;
      const r = q.offer(event);
      if (r === "conflated") this.counters.conflated[s.conn.transport]++;
      else if (r === "lagged") {
        this.remove(s);
        this.onLagged(s);
      }
    }
  }

  /** Writes queued events while the socket's buffer is below the soft limit; rejoins the group when done. */
  flush(s: Session): void {
    const q = s.slow;
    if (!q || s.closed) return;
    const conn = s.conn;
    // Bounded: each step takes at least one event or stops.
    while (!q.isEmpty && conn.isOpen && conn.bufferedAmount() < this.options.softLimit) {
      const batch = q.take(this.flushChunk);
      if (batch.length === 0) break;
      conn.sendEvents(batch);
      this.counters.delivered[conn.transport] += batch.length;
    }
    if (q.isEmpty && conn.isOpen && conn.bufferedAmount() < this.rejoinBelow) {
      // One synchronous block: the queue is in the socket, now the group's publishes follow it.
      this.remove(s);
      this.fanout.join(s);
    }
  }

  /** Leaves the lane without rejoining (close, resume: the replay takes over). Drops the queue. */
  remove(s: Session): void {
    s.leaveSlow();
    this.members.delete(s);
  }

  private enter(s: Session): void {
    this.fanout.leave(s);
    s.enterSlow(new SlowQueue(this.options));
    this.members.add(s);
    this.counters.slowLaneEntries[s.conn.transport]++;
  }
}
