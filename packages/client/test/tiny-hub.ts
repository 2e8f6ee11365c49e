/**
 * A tiny real hub on Bun.serve for integration tests (not the real server app): /ws and /sse with
 * `connected`, replay after `last_seq` then `replayed`, live fan-out to every connection,
 * ping/pong, `: heartbeat` comments on SSE, and `snapshot=1` (the desk state folded from its
 * history by the real fold; instead of a replay when the cursor is below `keepsFrom`).
 * Everything it starts is stopped by stop().
 */
import { createDeskState, foldEvents } from "@tickerwire/desk";
import { encodeEvent, type HubEvent, parseResumeToken } from "@tickerwire/protocol";
import type { Server, ServerWebSocket } from "bun";
import { alertEvent, connectedMessage, replayedMessage } from "./events.ts";

export interface TinyHubOptions {
  port?: number;
  epoch?: string;
  /** Shared across restarts to model a durable store. */
  history?: HubEvent[];
  refuseWebSocket?: boolean;
  /** 0 = no heartbeats. */
  heartbeatMs?: number;
  /** SSE keep-alive as `: heartbeat` comments (default) or `event: heartbeat` messages. */
  heartbeatAs?: "comment" | "event";
  /** History before this seq is gone (retention): a resume from further back is not covered. */
  keepsFrom?: number;
}

interface Opening {
  lastSeq: string | null;
  snapshot: boolean;
}

interface SseStream {
  write(chunk: string): void;
}

export class TinyHub {
  readonly history: HubEvent[];
  readonly epoch: string;
  readonly server: Server<Opening>;
  readonly #sockets = new Set<ServerWebSocket<Opening>>();
  readonly #streams = new Set<SseStream>();
  readonly #timers = new Set<ReturnType<typeof setInterval>>();
  /** Transports of the connections made, in order. */
  readonly connections: ({ transport: "ws" | "sse" } & Opening)[] = [];

  constructor(readonly options: TinyHubOptions = {}) {
    this.history = options.history ?? [];
    this.epoch = options.epoch ?? "tiny1";
    const hub = this;
    this.server = Bun.serve<Opening>({
      port: options.port ?? 0,
      hostname: "127.0.0.1",
      fetch(req, server) {
        const url = new URL(req.url);
        const lastSeq = req.headers.get("last-event-id") ?? url.searchParams.get("last_seq");
        const opening = { lastSeq, snapshot: url.searchParams.get("snapshot") === "1" };
        if (url.pathname === "/ws") {
          if (options.refuseWebSocket) {
            hub.connections.push({ transport: "ws", ...opening });
            return new Response("no websockets here", { status: 403 });
          }
          return server.upgrade(req, { data: opening }) ? undefined : new Response("upgrade failed", { status: 400 });
        }
        if (url.pathname === "/sse") {
          server.timeout(req, 0);
          return hub.#sse(opening, req.signal);
        }
        return new Response("not found", { status: 404 });
      },
      websocket: {
        open(ws) {
          hub.connections.push({ transport: "ws", ...ws.data });
          for (const m of hub.#opening(ws.data)) ws.send(m);
          hub.#sockets.add(ws);
        },
        message(ws, raw) {
          const msg = JSON.parse(String(raw));
          if (msg.type === "ping")
            ws.send(JSON.stringify({ type: "pong", t: msg.t, server_time: new Date().toISOString() }));
        },
        close(ws) {
          hub.#sockets.delete(ws);
        },
      },
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  publish(): HubEvent {
    const e = alertEvent((this.history.at(-1)?.seq ?? 0) + 1, new Date().toISOString());
    this.history.push(e);
    const json = encodeEvent(e);
    for (const ws of this.#sockets) ws.send(json);
    for (const s of this.#streams) s.write(this.#frame(e));
    return e;
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers.clear();
    this.server.stop(true);
  }

  /** The desk state of the whole history, as the hub's `snapshot` message. */
  snapshotMessage(): string {
    const seq = this.history.at(-1)?.seq ?? 0;
    const state = foldEvents(createDeskState(), this.history);
    return JSON.stringify({ type: "snapshot", epoch: this.epoch, seq, timestamp: new Date().toISOString(), state });
  }

  /**
   * connected, then (when resuming) the missed events and `replayed`, as JSON texts; with
   * `snapshot=1` the desk state first on a live start, or instead of a resume not covered.
   */
  #opening({ lastSeq, snapshot }: Opening): string[] {
    const seq = this.history.at(-1)?.seq ?? 0;
    const serverTime = new Date().toISOString();
    const out = [
      JSON.stringify(
        connectedMessage({ epoch: this.epoch, currentSeq: seq, topics: [">"], serverTime, transport: "ws" }),
      ),
    ];
    const token = parseResumeToken(lastSeq);
    const sameEpoch = token !== null && (token.epoch === undefined || token.epoch === this.epoch);
    const covered = sameEpoch && token !== null && token.seq >= (this.options.keepsFrom ?? 1) - 1;
    if (snapshot && !covered) {
      out.push(this.snapshotMessage());
      if (token) {
        out.push(
          JSON.stringify(replayedMessage({ count: 0, truncated: false, from: token.seq, to: seq, epoch: this.epoch })),
        );
      }
      return out;
    }
    if (token) {
      const after = token.epoch && token.epoch !== this.epoch ? 0 : token.seq;
      const missed = this.history.filter((e) => e.seq > after);
      out.push(...missed.map(encodeEvent));
      const truncated = after !== token.seq;
      out.push(
        JSON.stringify(replayedMessage({ count: missed.length, truncated, from: after, to: seq, epoch: this.epoch })),
      );
    }
    return out;
  }

  #heartbeat(): string {
    if (this.options.heartbeatAs !== "event") return ": heartbeat\n\n";
    const m = { type: "heartbeat", server_time: new Date().toISOString(), current_seq: this.history.at(-1)?.seq ?? 0 };
    return `event: heartbeat\ndata: ${JSON.stringify(m)}\n\n`;
  }

  #frame(e: HubEvent): string {
    return `id: ${this.epoch}:${e.seq}\nevent: ${e.type}\ndata: ${encodeEvent(e)}\n\n`;
  }

  #sse(opening: Opening, signal: AbortSignal): Response {
    this.connections.push({ transport: "sse", ...opening });
    const encoder = new TextEncoder();
    const hub = this;
    let stream: SseStream | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    const cleanup = () => {
      if (stream) hub.#streams.delete(stream);
      if (timer) {
        clearInterval(timer);
        hub.#timers.delete(timer);
      }
    };
    signal.addEventListener("abort", cleanup);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        stream = { write: (chunk) => controller.enqueue(encoder.encode(chunk)) };
        stream.write("retry: 1000\n\n");
        for (const m of hub.#opening(opening)) {
          const { type, seq } = JSON.parse(m) as { type: string; seq?: number };
          if (type === "snapshot") stream.write(`id: ${hub.epoch}:${seq}\nevent: snapshot\ndata: ${m}\n\n`);
          else if (type === "connected" || type === "replayed") stream.write(`event: ${type}\ndata: ${m}\n\n`);
          else stream.write(hub.#frame(JSON.parse(m)));
        }
        hub.#streams.add(stream);
        const every = hub.options.heartbeatMs ?? 0;
        if (every > 0) {
          timer = setInterval(() => stream?.write(hub.#heartbeat()), every);
          hub.#timers.add(timer);
        }
      },
      cancel: cleanup,
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  }
}

/** A localhost port nothing listens on (bound, then released). */
export function closedPort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const port = s.port as number;
  s.stop(true);
  return port;
}
