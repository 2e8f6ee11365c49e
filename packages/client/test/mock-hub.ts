/**
 * A scriptable hub on msw (ws.link + sse + http): enough of the hub's wire contract to drive the
 * SDK — `connected` first, replay after `last_seq` then `replayed`, topic matching, ping/pong,
 * subscribe/unsubscribe — plus failure modes (refuse, never answer, HTTP status, drop).
 * msw's `sse()` needs a global EventSource when handlers are built; Bun has none, so we install
 * the `eventsource` package's (docs/runtime-notes.md).
 */
import { EventSource } from "eventsource";

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;

import { compilePatterns, encodeEvent, type HubEvent, parsePatternList, parseResumeToken } from "@tickerwire/protocol";
import { HttpResponse, http, type ServerSentEventResolverExtras, sse, ws } from "msw";
import { setupServer } from "msw/node";
import { alertEvent, connectedMessage, replayedMessage, signalEvent } from "./events.ts";
import type { FakeClock } from "./fake-clock.ts";

type WsClient = Parameters<Parameters<ReturnType<typeof ws.link>["addEventListener"]>[1]>[0]["client"];
type SseClient = ServerSentEventResolverExtras<{ message: unknown }, never>["client"];

export type Mode = "normal" | "refuse" | "silent" | { status: number };

export interface HubConnection {
  readonly transport: "ws" | "sse";
  readonly url: URL;
  readonly lastSeq: string | null;
  topics: string[];
  /** Parsed client→server messages (WebSocket only). */
  readonly received: { type: string; [k: string]: unknown }[];
  live: boolean;
  send(raw: unknown): void;
  /** WebSocket: close with `code`; SSE: end the stream. */
  drop(code?: number): void;
}

export class MockHub {
  epoch = "e1";
  seq = 0;
  readonly history: HubEvent[] = [];
  wsMode: Mode = "normal";
  sseMode: Mode = "normal";
  /** Replay this many already-delivered events again after a resume (to exercise de-duplication). */
  replayOverlap = 0;
  answerPings = true;
  /** Status answered to POST /api/v1/client-reports (SSE clients' lag reports). */
  reportStatus = 202;
  /** Lag reports POSTed by SSE clients, parsed. */
  readonly postedReports: { contentType: string | null; body: unknown }[] = [];
  readonly connections: HubConnection[] = [];
  readonly handlers;

  constructor(
    readonly clock: FakeClock,
    readonly base = "http://hub.test",
  ) {
    const link = ws.link(`${base.replace(/^http/, "ws")}/ws`);
    this.handlers = [
      link.addEventListener("connection", ({ client }) => this.#onWebSocket(client)),
      http.get(`${base}/sse`, ({ request }) => {
        const m = this.sseMode;
        if (typeof m === "object") {
          const url = new URL(request.url);
          this.#conn("sse", url, url.searchParams.get("last_seq"), { send: () => {}, drop: () => {} });
          return new HttpResponse(null, { status: m.status });
        }
        return undefined; // fall through to the sse() handler
      }),
      sse(`${base}/sse`, ({ client, request }) => this.#onSse(client, request)),
      http.post(`${base}/api/v1/client-reports`, async ({ request }) => {
        this.postedReports.push({ contentType: request.headers.get("content-type"), body: await request.json() });
        return new HttpResponse(null, { status: this.reportStatus });
      }),
    ];
  }

  /** Publishes the next event: stored, then sent to every live connection whose topics match. */
  publish(kind: "alert" | "signal" = "alert", strategy = "RSI_Oversold"): HubEvent {
    this.seq++;
    const ts = new Date(this.clock.now()).toISOString();
    const e = kind === "alert" ? alertEvent(this.seq, ts) : signalEvent(this.seq, ts, strategy);
    this.history.push(e);
    for (const c of this.connections) if (c.live && compilePatterns(c.topics)(e.topic)) c.send(e);
    return e;
  }

  /** Sends `event: heartbeat` to every live SSE stream (what a native EventSource can see). */
  heartbeat(): void {
    const m = { type: "heartbeat", server_time: new Date(this.clock.now()).toISOString(), current_seq: this.seq };
    for (const c of this.live("sse")) c.send(m);
  }

  live(transport?: "ws" | "sse"): HubConnection[] {
    return this.connections.filter((c) => c.live && (transport === undefined || c.transport === transport));
  }

  dropAll(code = 1001): void {
    for (const c of this.live()) c.drop(code);
  }

  #start(conn: HubConnection): void {
    const token = parseResumeToken(conn.lastSeq);
    conn.send(
      connectedMessage({
        epoch: this.epoch,
        currentSeq: this.seq,
        topics: conn.topics,
        serverTime: new Date(this.clock.now()).toISOString(),
        transport: conn.transport,
      }),
    );
    if (token) {
      const otherEpoch = token.epoch !== undefined && token.epoch !== this.epoch;
      const after = otherEpoch ? 0 : Math.max(0, token.seq - this.replayOverlap);
      const match = compilePatterns(conn.topics);
      const missed = this.history.filter((e) => e.seq > after && match(e.topic));
      for (const e of missed) conn.send(e);
      conn.send(
        replayedMessage({
          count: missed.length,
          truncated: otherEpoch,
          from: after,
          to: this.seq,
          epoch: this.epoch,
        }),
      );
    }
    conn.live = true;
  }

  #onWebSocket(client: WsClient): void {
    const mode = this.wsMode;
    const conn = this.#conn("ws", client.url, client.url.searchParams.get("last_seq"), {
      send: (m) => client.send(typeof m === "string" ? m : encode(m)),
      drop: (code = 1001) => {
        conn.live = false;
        client.close(code, "dropped by test");
      },
    });
    if (mode === "refuse" || typeof mode === "object") {
      conn.drop(1006);
      return;
    }
    client.addEventListener("close", () => {
      conn.live = false;
    });
    client.addEventListener("message", (e) => {
      let msg: { type: string; [k: string]: unknown };
      try {
        msg = JSON.parse(String(e.data));
      } catch {
        conn.send({ type: "error", code: "invalid_json", message: "not JSON" });
        return;
      }
      conn.received.push(msg);
      const now = new Date(this.clock.now()).toISOString();
      if (msg.type === "ping") {
        if (this.answerPings) conn.send({ type: "pong", t: msg.t, server_time: now });
      } else if (msg.type === "subscribe") {
        conn.topics = [...new Set([...conn.topics, ...(msg.topics as string[])])];
        conn.send({ type: "subscribed", topics: conn.topics });
      } else if (msg.type === "report") {
        // recorded above; the hub answers nothing
      } else if (msg.type === "unsubscribe") {
        conn.topics = conn.topics.filter((t) => !(msg.topics as string[]).includes(t));
        conn.send({ type: "subscribed", topics: conn.topics });
      } else conn.send({ type: "error", code: "invalid_message", message: `unknown type ${msg.type}` });
    });
    if (mode === "normal") this.#start(conn);
  }

  #onSse(client: SseClient, request: Request) {
    const url = new URL(request.url);
    // msw types `send` per event map; the hub names events freely (`event: signal`, ...).
    const write = client.send.bind(client) as unknown as (m: { id?: string; event: string; data: string }) => void;
    const conn = this.#conn("sse", url, request.headers.get("last-event-id") ?? url.searchParams.get("last_seq"), {
      send: (m) => {
        const msg = m as { type: string; seq?: number };
        const data = typeof m === "string" ? m : encode(m);
        const id = msg.seq !== undefined ? `${this.epoch}:${msg.seq}` : undefined;
        write({ ...(id ? { id } : {}), event: typeof m === "string" ? "message" : msg.type, data });
      },
      drop: () => {
        conn.live = false;
        client.close();
      },
    });
    request.signal.addEventListener("abort", () => {
      conn.live = false;
    });
    if (this.sseMode === "normal") this.#start(conn);
  }

  #conn(
    transport: "ws" | "sse",
    url: URL,
    lastSeq: string | null,
    io: { send(m: unknown): void; drop(code?: number): void },
  ): HubConnection {
    const conn: HubConnection = {
      transport,
      url,
      lastSeq,
      topics: parsePatternList(url.searchParams.get("topics")).patterns,
      received: [],
      live: false,
      send: io.send,
      drop: io.drop,
    };
    this.connections.push(conn);
    return conn;
  }
}

function encode(m: unknown): string {
  const e = m as HubEvent;
  return typeof e.seq === "number" && "data" in e ? encodeEvent(e) : JSON.stringify(m);
}

/** One msw server for one or more mock hubs (different base URLs). Call listen()/close(). */
export function serveHubs(...hubs: MockHub[]) {
  return setupServer(...hubs.flatMap((h) => h.handlers));
}
