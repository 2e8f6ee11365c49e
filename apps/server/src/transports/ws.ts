/**
 * `/ws` transport: Bun's native WebSocket (not Hono's helper, which has no `drain`). Live events
 * use Bun topics: a socket joins its group's topic and `server.publish` sends each event once per
 * group. A socket that falls behind moves to the hub's slow lane (hub/slow-lane.ts), which Bun's
 * `drain` flushes; Bun's own `closeOnBackpressureLimit` is only the last-resort guard above it.
 */
import type { StoredEvent } from "@tickerwire/bus";
import {
  type ControlMessage,
  decodeClientMessage,
  encodeEventsFrame,
  ProtocolError,
  type SubscriptionRequest,
} from "@tickerwire/protocol";
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import type { Broadcaster, Connection, LiveDelivery } from "../hub/connection.ts";
import type { Hub } from "../hub/hub.ts";
import type { Session } from "../hub/session.ts";
import type { Logger } from "../logger.ts";
import type { WsGuard, WsGuardState } from "../security/ws-guard.ts";

/** What an upgraded socket carries (`ws.data`). */
export interface WsData {
  /** What the upgrade asked for; dropped once the session is open. */
  request: SubscriptionRequest | null;
  conn?: WsConnection | undefined;
  session?: Session | undefined;
  /** Per-socket security state (rate, token expiry), set by the gate at upgrade. */
  guard?: WsGuardState;
}

export type WsServer = Server<WsData>;

/** Events per events frame at most (a client that asked for frames with `batch=1`). */
export const MAX_FRAME_EVENTS = 500;

/** How long after a backpressured publish a 1006 close still counts as "too slow". */
const PRESSURE_MEMORY_MS = 10_000;

/** `server.publish` plus a memory of which topics had a subscriber over its backpressure limit. */
export interface WsBroadcaster extends Broadcaster {
  pressuredSince(topic: string, since: number): boolean;
}

export function createWsBroadcaster(getServer: () => WsServer, now: () => number = Date.now): WsBroadcaster {
  const pressure = new Map<string, number>();
  return {
    publish(topic, json) {
      const server = getServer();
      // -1: queued behind backpressure; 0: dropped (that socket is being closed). Either way, some
      // subscriber is slow; Bun does not say which, so remember the topic for the close handler.
      const result = server.publish(topic, json);
      const count = server.subscriberCount(topic);
      if (result <= 0 && count > 0) pressure.set(topic, now());
      return count;
    },
    pressuredSince(topic, since) {
      const at = pressure.get(topic);
      if (at !== undefined && at < now() - PRESSURE_MEMORY_MS) pressure.delete(topic);
      return at !== undefined && at >= since;
    },
  };
}

/**
 * One socket as the hub's `Connection`. Idle sockets are the common case (thousands per hub), so
 * it holds no closures and allocates its id and waiter list only when something asks for them;
 * it is its own `LiveDelivery` (Bun topics), with `join`/`leave` on the prototype.
 */
export class WsConnection implements Connection {
  readonly transport = "ws" as const;
  readonly kind = "topic" as const;
  /** A direct send was queued behind backpressure or dropped. */
  sawBackpressure = false;
  private uuid: string | null = null;
  private waiters: (() => void)[] | null = null;
  private closed = false;

  constructor(
    private readonly ws: ServerWebSocket<WsData>,
    readonly bufferLimit: number,
    readonly batches = false,
  ) {}
  get id(): string {
    this.uuid ??= crypto.randomUUID();
    return this.uuid;
  }
  get live(): LiveDelivery {
    return this;
  }
  join(topic: string): void {
    this.ws.subscribe(topic);
  }
  leave(topic: string): void {
    this.ws.unsubscribe(topic);
  }
  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === 1;
  }
  sendEvents(events: readonly StoredEvent[]): void {
    if (!this.isOpen) return;
    // cork: the frames go out in one write instead of one syscall each.
    this.ws.cork(() => {
      if (this.batches && events.length > 1) {
        for (let i = 0; i < events.length; i += MAX_FRAME_EVENTS) {
          const frame = encodeEventsFrame(events.slice(i, i + MAX_FRAME_EVENTS).map((e) => e.json));
          if (this.ws.send(frame) <= 0) this.sawBackpressure = true;
        }
      } else for (const e of events) if (this.ws.send(e.json) <= 0) this.sawBackpressure = true;
    });
  }
  sendControl(message: ControlMessage): void {
    if (this.isOpen && this.ws.send(JSON.stringify(message)) <= 0) this.sawBackpressure = true;
  }
  sendSnapshot(json: string): void {
    if (this.isOpen && this.ws.send(json) <= 0) this.sawBackpressure = true;
  }
  bufferedAmount(): number {
    return this.isOpen ? this.ws.getBufferedAmount() : 0;
  }
  writable(): Promise<void> {
    if (!this.isOpen || this.bufferedAmount() <= this.bufferLimit / 4) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }
  close(code: number, reason: string): void {
    if (this.isOpen) this.ws.close(code, reason);
  }
  /** Bun's `drain`: the socket's buffer emptied. */
  drained(): void {
    if (this.waiters && this.bufferedAmount() <= this.bufferLimit / 4) this.release();
  }
  /** Bun's `close`. */
  markClosed(): void {
    this.closed = true;
    this.release();
  }
  private release(): void {
    const waiters = this.waiters;
    this.waiters = null;
    for (const w of waiters ?? []) w();
  }
}

export interface WsHandlerOptions {
  hub: Hub;
  broadcaster: WsBroadcaster;
  maxFrameBytes: number;
  bufferLimit: number;
  idleTimeoutS: number;
  logger: Logger;
  now?: () => number;
  /** Message rate, token expiry and refresh, subscribe authorisation (security/ws-guard.ts). */
  guard?: WsGuard;
}

const BINARY_REFUSED = new ProtocolError("invalid_message", "binary frames are not supported: send JSON text");

export function createWsHandlers(o: WsHandlerOptions): WebSocketHandler<WsData> {
  const now = o.now ?? Date.now;
  return {
    // Types `ws.data` for Bun.serve.
    data: {} as WsData,
    open(ws) {
      const request = ws.data.request;
      const conn = new WsConnection(ws, o.bufferLimit, request?.batch === true);
      ws.data.request = null;
      ws.data.conn = conn;
      ws.data.session = o.hub.open(conn, request ?? { patterns: [], filter: undefined, resume: null });
      if (ws.data.guard) o.guard?.opened(ws.data.guard, conn);
    },
    message(ws, raw) {
      const { session, conn } = ws.data;
      if (!session || !conn) return;
      if (ws.data.guard && o.guard && !o.guard.admit(ws.data.guard, conn)) return;
      if (typeof raw !== "string") {
        conn.sendControl(BINARY_REFUSED.toMessage());
        return;
      }
      const decoded = decodeClientMessage(raw);
      if (decoded.ok && ws.data.guard && o.guard?.intercept(ws.data.guard, conn, session, decoded.value)) return;
      if (decoded.ok) o.hub.handle(session, decoded.value);
      else conn.sendControl(decoded.error.toMessage());
    },
    drain(ws) {
      ws.data.conn?.drained();
      if (ws.data.session) o.hub.drained(ws.data.session);
    },
    close(ws, code, reason) {
      const { session, conn } = ws.data;
      conn?.markClosed();
      if (ws.data.guard) o.guard?.closed(ws.data.guard);
      if (!session) return;
      // Bun closes a socket past backpressureLimit with 1006 and no reason; so does a dropped
      // network. Count it as slow when this socket's sends or its group's publishes hit backpressure.
      const topic = session.group?.topic;
      const slow =
        code === 1006 &&
        (conn?.sawBackpressure === true ||
          (topic !== undefined && o.broadcaster.pressuredSince(topic, now() - PRESSURE_MEMORY_MS)));
      if (slow) o.logger.info("ws: closed a slow socket", { session: session.id });
      else o.logger.debug("ws: closed", { session: session.id, code, reason });
      o.hub.forget(session, { slow });
    },
    maxPayloadLength: o.maxFrameBytes,
    idleTimeout: o.idleTimeoutS,
    sendPings: true,
    // Last resort (config keeps it above the slow lane's soft + hard limits): past it Bun would
    // drop messages silently, so it closes the socket instead and the client resumes.
    backpressureLimit: o.bufferLimit,
    closeOnBackpressureLimit: true,
    // Small JSON messages: compression costs ~8x throughput (docs/runtime-notes.md).
    perMessageDeflate: false,
  };
}
