/**
 * The hub: sessions, their fan-out groups, live delivery of each bus batch, client control
 * messages and resume. Runtime-neutral: transports adapt sockets and streams to `Connection`.
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import {
  CLOSE_CODES,
  type ClientMessage,
  type Filter,
  MAX_PATTERNS,
  ProtocolError,
  type ReportMessage,
  type ResumeToken,
} from "@tickerwire/protocol";
import type { Logger } from "../logger.ts";
import { silentLogger } from "../logger.ts";
import { CatchUpError, catchUp } from "./catch-up.ts";
import type { Broadcaster, Connection, TransportKind } from "./connection.ts";
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
}

export interface OpenOptions {
  patterns: readonly string[];
  filter?: Filter | undefined;
  /** Replay history after this cursor before going live. */
  resume?: ResumeToken | null | undefined;
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
   * Forgets a session (its connection closed). `slow`: it was dropped for not keeping up;
   * `lagged`: and it was told so (`error` lagged) first.
   */
  close(session: Session, info?: { slow?: boolean; lagged?: boolean }): void;
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

  function lagged(s: Session): void {
    logger.info("hub: a client fell too far behind; disconnecting it as lagged", { session: s.id });
    s.conn.sendControl(
      new ProtocolError("lagged", "the client read too slowly; reconnect and resume from the last seq").toMessage(),
    );
    hub.close(s, { slow: true, lagged: true }); // first: the transport's close callback then finds it closed
    s.conn.close(CLOSE_CODES.LAGGED, "lagged");
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
    // Timers can starve under a flood of events (STACK-NOTES): check the buffers from here too.
    if (sweepMs > 0 && now() - lastSweep >= sweepMs) sweep();
  }
  const sweeper = sweepMs > 0 ? setInterval(sweep, sweepMs) : undefined;
  (sweeper as { unref?: () => void } | undefined)?.unref?.();

  function startCatchUp(s: Session, token: ResumeToken): void {
    s.generation++;
    lane.remove(s); // its queue is dropped: the replay re-reads everything after the client's cursor
    fanout.leave(s);
    s.catchUp = { events: [], bytes: 0, overflowed: false };
    replaying.add(s);
    const generation = s.generation;
    counters.replays++;
    const run = catchUp(s, token, {
      bus,
      pageSize: replayPageSize,
      maxEvents: replayMaxEvents,
      drainTimeoutMs,
      goLive: (session) => fanout.join(session),
      onSent: (conn, n) => {
        counters.delivered[conn.transport] += n;
        counters.replayedEvents += n;
      },
    })
      .catch((e: unknown) => {
        if (s.closed || s.generation !== generation) return;
        const slow = e instanceof CatchUpError && e.slow;
        logger.warn("hub: replay failed; closing the connection", { session: s.id, error: e, slow });
        const code = slow ? "lagged" : "unavailable";
        s.conn.sendControl(new ProtocolError(code, e instanceof Error ? e.message : String(e)).toMessage());
        hub.close(s, { slow, lagged: slow }); // first: the transport's own close callback then finds it closed
        s.conn.close(slow ? CLOSE_CODES.LAGGED : CLOSE_CODES.INTERNAL, slow ? "lagged" : "replay failed");
      })
      .finally(() => {
        if (s.generation === generation) replaying.delete(s);
        inFlight.delete(run);
      });
    inFlight.add(run);
  }

  function reply(s: Session, error: ProtocolError): void {
    s.conn.sendControl(error.toMessage());
  }

  function resubscribe(s: Session, patterns: string[], filter: Filter | undefined): void {
    s.setSubscription(patterns, filter);
    // The replay reads the new subscription on its next page and goes live with it; the slow lane
    // matches with it from the next event and rejoins the new group.
    if (s.catchUp || s.slow) return;
    fanout.leave(s);
    fanout.join(s);
  }

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
      if (o.resume) startCatchUp(s, o.resume);
      else fanout.join(s);
      return s;
    },

    handle(s, m) {
      if (s.closed) return;
      switch (m.type) {
        case "ping":
          s.conn.sendControl({
            type: "pong",
            ...(m.t !== undefined ? { t: m.t } : {}),
            server_time: new Date(now()).toISOString(),
          });
          return;
        case "subscribe": {
          const patterns = [...new Set([...s.patterns, ...m.topics])];
          if (patterns.length > MAX_PATTERNS) {
            reply(s, new ProtocolError("too_many_subscriptions", `at most ${MAX_PATTERNS} patterns per connection`));
            return;
          }
          resubscribe(s, patterns, m.filter ?? s.filter);
          s.conn.sendControl({ type: "subscribed", topics: s.patterns, ...(s.filter ? { filter: s.filter } : {}) });
          return;
        }
        case "unsubscribe": {
          const drop = new Set(m.topics);
          resubscribe(
            s,
            s.patterns.filter((p) => !drop.has(p)),
            s.filter,
          );
          s.conn.sendControl({ type: "subscribed", topics: s.patterns, ...(s.filter ? { filter: s.filter } : {}) });
          return;
        }
        case "resume":
          startCatchUp(s, m.epoch !== undefined ? { seq: m.last_seq, epoch: m.epoch } : { seq: m.last_seq });
          return;
        case "report":
          options.onReport?.(m, s);
          return;
        case "auth":
          // Credentials are the transport's business (security/ws-guard.ts answers it before the hub).
          reply(s, new ProtocolError("invalid_message", "auth is not accepted on this connection"));
          return;
        default: {
          // A message type added to the protocol must be handled here (compile-time check).
          const unhandled: never = m;
          reply(
            s,
            new ProtocolError(
              "invalid_message",
              `unsupported message ${JSON.stringify((unhandled as { type: string }).type)}`,
            ),
          );
        }
      }
    },

    close(s, info = {}) {
      if (s.closed) return;
      s.closed = true;
      s.generation++;
      lane.remove(s);
      fanout.leave(s);
      s.catchUp = null;
      replaying.delete(s);
      sessions.delete(s);
      counters.closed[s.conn.transport]++;
      if (info.slow || info.lagged) counters.slowDisconnects[s.conn.transport]++;
      if (info.lagged) counters.laggedDisconnects[s.conn.transport]++;
    },

    drained(s) {
      if (s.slow) lane.flush(s);
    },

    sweep,

    closeAll(code, reason) {
      for (const s of [...sessions]) {
        try {
          s.conn.close(code, reason);
        } catch (e) {
          logger.warn("hub: closing a connection failed", { session: s.id, error: e });
        }
        hub.close(s);
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
