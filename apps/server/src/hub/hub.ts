/**
 * The hub: sessions, their fan-out groups, live delivery of each bus batch, client control
 * messages and resume. Runtime-neutral: transports adapt sockets and streams to `Connection`.
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import {
  CLOSE_CODES,
  type ClientMessage,
  type Filter,
  ProtocolError,
  type ReportMessage,
  type ResumeToken,
  type TransportKind,
} from "@tickerwire/protocol";
import type { Logger } from "../logger.ts";
import { silentLogger } from "../logger.ts";
import { CatchUpError, catchUp } from "./catch-up.ts";
import { handleClientMessage } from "./client-messages.ts";
import type { Broadcaster, Connection } from "./connection.ts";
import { createCounters, type HubCounters } from "./counters.ts";
import { FanOut } from "./fanout.ts";
import { Session } from "./session.ts";
import { DEFAULT_SLOW_LANE, SlowLane, type SlowLaneOptions } from "./slow-lane.ts";

export interface HubOptions {
  bus: Bus;
  broadcaster: Broadcaster;
  logger?: Logger;
  /** Most events one resume replays (default 100,000). */
  replayMaxEvents?: number;
  /** History page size during a replay (default 1,000). */
  replayPageSize?: number;
  /** How long a replaying client may leave its buffer full (default 30 s). */
  drainTimeoutMs?: number;
  now?: () => number;
  newId?: () => string;
  /** A client's own delivery report (`report` message); fire and forget, no reply. */
  onReport?: (report: ReportMessage, session: Session) => void;
  /** Limits of the WebSocket slow lane (soft: leave the group; hard: lagged). */
  slowLane?: SlowLaneOptions;
  /** How often every socket's buffer is checked (default 50 ms; 0: only by `sweep()`, for tests). */
  sweepMs?: number;
  /** The desk state, for `snapshot=1` (desk/desk-book.ts); without it such a request is refused. */
  desk?: SnapshotSource;
}

/** What the hub needs of the desk state: a serialized snapshot of a view, at the current seq. */
export interface SnapshotSource {
  snapshot(view: { patterns: readonly string[]; filter?: Filter | undefined }): { seq: number; json: string };
}

export interface OpenOptions {
  patterns: readonly string[];
  filter?: Filter | undefined;
  /** Replay history after this cursor before going live. */
  resume?: ResumeToken | null | undefined;
  /**
   * Start from the desk state: `snapshot` (at seq S) then every event after S; with `resume`, a
   * cursor history still covers is replayed as usual, one it does not gets the snapshot instead.
   */
  snapshot?: boolean | undefined;
}

export interface ForgetInfo {
  slow?: boolean;
  lagged?: boolean;
}

export interface HubStats {
  clients: Record<TransportKind, number>;
  /** Connections per subscribed pattern. */
  subscribers: Record<string, number>;
  groups: number;
  replaying: number;
  /** Connections currently behind their soft limit (WS: in the slow lane; SSE: conflating). */
  slow: Record<TransportKind, number>;
}

export interface Hub {
  open(conn: Connection, options: OpenOptions): Session;
  /** Handles one decoded client message. */
  handle(session: Session, message: ClientMessage): void;
  /**
   * Forgets a session whose connection has closed (the transport's close callback): it leaves its
   * group, lane or replay and is counted. `slow`: it was dropped for not keeping up; `lagged`: and
   * it was told so (`error` lagged) first. Closes nothing itself.
   */
  forget(session: Session, info?: ForgetInfo): void;
  /** The transport can take data again (Bun's `drain`): flush the session's slow-lane queue. */
  drained(session: Session): void;
  /** Checks every socket's buffer once: slow ones move to the slow lane, queues are flushed. */
  sweep(): void;
  /** Closes every connection (shutdown). */
  closeAll(code: number, reason: string): void;
  stats(): HubStats;
  readonly counters: HubCounters;
  /** Resolves when no replay is in flight (tests). */
  idle(): Promise<void>;
  dispose(): void;
}

export function createHub(options: HubOptions): Hub {
  const { bus, broadcaster } = options;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const replayMaxEvents = options.replayMaxEvents ?? 100_000;
  const replayPageSize = options.replayPageSize ?? 1_000;
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  const counters = createCounters();
  const fanout = new FanOut(broadcaster, counters);
  const sessions = new Set<Session>();
  const replaying = new Set<Session>();
  const inFlight = new Set<Promise<unknown>>();
  const sweepMs = options.sweepMs ?? 50;
  let lastSweep = now();

  /**
   * The hub ends a connection: tells it why (`error`), forgets it — first, so the transport's own
   * close callback then finds it gone — and closes it with `code`.
   */
  function disconnect(s: Session, code: number, reason: string, error: ProtocolError, info: ForgetInfo = {}): void {
    s.conn.sendControl(error.toMessage());
    forget(s, info);
    s.conn.close(code, reason);
  }

  function forget(s: Session, info: ForgetInfo = {}): void {
    if (s.closed) return;
    lane.remove(s);
    fanout.leave(s);
    s.close();
    replaying.delete(s);
    sessions.delete(s);
    counters.closed[s.conn.transport]++;
    if (info.slow || info.lagged) counters.slowDisconnects[s.conn.transport]++;
    if (info.lagged) counters.laggedDisconnects[s.conn.transport]++;
  }

  function lagged(s: Session): void {
    logger.info("hub: a client fell too far behind; disconnecting it as lagged", { session: s.id });
    disconnect(
      s,
      CLOSE_CODES.LAGGED,
      "lagged",
      new ProtocolError("lagged", "the client read too slowly; reconnect and resume from the last seq"),
      { slow: true, lagged: true },
    );
  }
  const lane = new SlowLane(options.slowLane ?? DEFAULT_SLOW_LANE, fanout, counters, lagged);

  function sweep(): void {
    lastSweep = now();
    for (const s of sessions) lane.check(s);
  }

  function onBatch(batch: readonly StoredEvent[]): void {
    fanout.deliverBatch(batch);
    for (const event of batch) {
      if (lane.size > 0) lane.offer(event);
      for (const s of replaying) s.bufferLive(event);
    }
    // Timers can starve under a flood of events (docs/runtime-notes.md): check the buffers from here too.
    if (sweepMs > 0 && now() - lastSweep >= sweepMs) sweep();
  }
  const sweeper = sweepMs > 0 ? setInterval(sweep, sweepMs) : undefined;
  (sweeper as { unref?: () => void } | undefined)?.unref?.();

  /** Sends the session the desk state of its view now; returns the seq it includes. */
  function sendSnapshot(s: Session): number {
    const frame = options.desk!.snapshot({ patterns: s.patterns, filter: s.filter });
    s.conn.sendSnapshot(frame.json, bus.epoch, frame.seq);
    counters.snapshots[s.conn.transport]++;
    return frame.seq;
  }

  function startCatchUp(s: Session, token: ResumeToken, snapshot = false): void {
    lane.remove(s); // its queue is dropped: the replay re-reads everything after the client's cursor
    fanout.leave(s);
    const generation = s.beginCatchUp();
    replaying.add(s);
    counters.replays++;
    const run = catchUp(s, token, {
      bus,
      pageSize: replayPageSize,
      maxEvents: replayMaxEvents,
      drainTimeoutMs,
      goLive: (session) => fanout.join(session),
      snapshot: snapshot ? sendSnapshot : undefined,
      onSent: (conn, n) => {
        counters.delivered[conn.transport] += n;
        counters.replayedEvents += n;
      },
    })
      .catch((e: unknown) => {
        if (s.closed || s.generation !== generation) return;
        const slow = e instanceof CatchUpError && e.slow;
        logger.warn("hub: replay failed; closing the connection", { session: s.id, error: e, slow });
        const message = e instanceof Error ? e.message : String(e);
        if (slow)
          disconnect(s, CLOSE_CODES.LAGGED, "lagged", new ProtocolError("lagged", message), { slow, lagged: slow });
        else disconnect(s, CLOSE_CODES.INTERNAL, "replay failed", new ProtocolError("unavailable", message));
      })
      .finally(() => {
        if (s.generation === generation) replaying.delete(s);
        inFlight.delete(run);
      });
    inFlight.add(run);
  }

  function resubscribe(s: Session, patterns: string[], filter: Filter | undefined): void {
    s.setSubscription(patterns, filter);
    // The replay reads the new subscription on its next page and goes live with it; the slow lane
    // matches with it from the next event and rejoins the new group.
    if (s.catchUp || s.slow) return;
    fanout.leave(s);
    fanout.join(s);
  }

  const messageDeps = {
    now,
    resubscribe,
    resume: (s: Session, token: ResumeToken) => startCatchUp(s, token),
    report: (s: Session, m: ReportMessage) => options.onReport?.(m, s),
  };

  const unsubscribeBus = bus.onEvents(onBatch);

  const hub: Hub = {
    counters,

    open(conn, o) {
      const s = new Session(newId(), conn, o.patterns, o.filter);
      sessions.add(s);
      counters.opened[conn.transport]++;
      conn.sendControl({
        type: "connected",
        session_id: s.id,
        server_time: new Date(now()).toISOString(),
        epoch: bus.epoch,
        current_seq: bus.currentSeq(),
        topics: s.patterns,
        ...(s.filter ? { filter: s.filter } : {}),
        transport: conn.transport,
      });
      let snapshot = o.snapshot === true;
      if (snapshot && !options.desk) {
        conn.sendControl(
          new ProtocolError("unavailable", "this hub keeps no desk state: snapshot=1 is ignored").toMessage(),
        );
        snapshot = false;
      }
      if (o.resume) startCatchUp(s, o.resume, snapshot);
      else {
        // Synchronously: the snapshot includes every event up to S and the group delivers every later one.
        if (snapshot) sendSnapshot(s);
        fanout.join(s);
      }
      return s;
    },

    handle: (s, m) => handleClientMessage(messageDeps, s, m),

    forget,

    drained(s) {
      if (s.slow) lane.flush(s);
    },

    sweep,

    closeAll(code, reason) {
      for (const s of [...sessions]) {
        forget(s);
        try {
          s.conn.close(code, reason);
        } catch (e) {
          logger.warn("hub: closing a connection failed", { session: s.id, error: e });
        }
      }
    },

    stats() {
      const clients: Record<TransportKind, number> = { ws: 0, sse: 0 };
      const subscribers: Record<string, number> = {};
      const slow: Record<TransportKind, number> = { ws: 0, sse: 0 };
      for (const s of sessions) {
        clients[s.conn.transport]++;
        if (s.slow || s.conn.isSlow?.()) slow[s.conn.transport]++;
        for (const p of s.patterns) subscribers[p] = (subscribers[p] ?? 0) + 1;
      }
      return { clients, subscribers, groups: fanout.groups.size, replaying: replaying.size, slow };
    },

    async idle() {
      for (let i = 0; i < 1_000 && inFlight.size > 0; i++) await Promise.allSettled([...inFlight]);
    },

    dispose() {
      clearInterval(sweeper);
      unsubscribeBus();
    },
  };
  return hub;
}
