/**
 * `connect()`: the HubClient. Owns what the app sees — state, the subscription, the resume
 * cursor, de-duplication, latency — and leaves the wire lifecycle to the Connector.
 *
 * @example
 * const client = connect({ url: location.origin, topics: ["strategy.*.signal", "trade.>"] });
 * client.on("event", (e) => console.log(e.seq, e.type, e.data));
 * client.on("replayed", (m) => { if (m.truncated) showBanner(); });
 */
import {
  type ConnectedMessage,
  type Filter,
  filterKey,
  type HubEvent,
  type ReplayedMessage,
  type ServerMessage,
} from "@tickerwire/protocol";
import { Connector, type ConnectorHost } from "./connector.ts";
import { advance, applyEpoch, type Cursor, isNewEvent } from "./dedupe.ts";
import { Emitter } from "./emitter.ts";
import { resolveEnv } from "./env.ts";
import { ClientError } from "./errors.ts";
import { clockOffset, deliveryLag, pingLatency, smooth } from "./latency.ts";
import type { Link, Subscription } from "./link.ts";
import { checkFilter, checkPatterns, resolveOptions } from "./options.ts";
import { createEventQueue, type EventQueue } from "./queue.ts";
import { createStateMachine, type StateMachine } from "./state.ts";
import { subscriptionMessages } from "./subscription.ts";
import { openEventSource, openWebSocket, type TransportFactory } from "./transports/index.ts";
import type {
  ClientEnv,
  ClientEvents,
  ClientLogger,
  ClientOptions,
  ClientState,
  HubClient,
  TransportKind,
} from "./types.ts";

const FACTORIES: Record<TransportKind, TransportFactory> = { ws: openWebSocket, sse: openEventSource };

/** Opens a client; it connects on the next microtask, so listeners added right away see everything. */
export function connect(options: ClientOptions): HubClient {
  return new Client(options, FACTORIES);
}

class Client implements HubClient {
  readonly #env: ClientEnv;
  readonly #log: ClientLogger;
  readonly #emitter: Emitter<ClientEvents>;
  readonly #sm: StateMachine;
  readonly #connector: Connector;
  readonly #queues = new Set<EventQueue<HubEvent>>();
  #topics: string[];
  #filter: Filter | undefined;
  #version = 0;
  /** null until we have a cursor: from `resume`, or from the first `connected`. */
  #cursor: Cursor | null;
  #latency: number | null = null;
  /** The transport the latency figure was measured on (WS and SSE measure different things). */
  #latencyKind: TransportKind | null = null;
  #clockOffset: number | null = null;
  #replaying = false;
  #sessionId: string | null = null;
  #lastEventAt: number | null = null;

  constructor(options: ClientOptions, factories: Record<TransportKind, TransportFactory>) {
    const { options: o, problems } = resolveOptions(options);
    this.#env = resolveEnv(options.env);
    this.#log = options.logger ?? {};
    this.#emitter = new Emitter((kind, e) => this.#log.warn?.(`a "${String(kind)}" listener threw`, e));
    this.#sm = createStateMachine("connecting", (change) => this.#emitter.emit("state", change));
    this.#topics = o.topics;
    this.#filter = o.filter;
    this.#cursor = o.resume;
    this.#connector = new Connector(o, this.#env, this.#log, factories, this.#host());
    queueMicrotask(() => {
      for (const p of problems) this.#report(p);
      this.#connector.start();
    });
  }

  get state(): ClientState {
    return this.#sm.state;
  }
  get transport(): TransportKind | null {
    return this.#sm.transport;
  }
  get latencyMs(): number | null {
    return this.#latency === null ? null : Math.round(this.#latency * 10) / 10;
  }
  get lastSeq(): number {
    return this.#cursor?.seq ?? 0;
  }
  get epoch(): string | null {
    return this.#cursor?.epoch ?? null;
  }
  get sessionId(): string | null {
    return this.#sessionId;
  }
  get lastEventAt(): number | null {
    return this.#lastEventAt;
  }

  on<K extends keyof ClientEvents>(kind: K, cb: (value: ClientEvents[K]) => void): () => void {
    return this.#emitter.on(kind, cb);
  }

  subscribe(topics: string[], filter?: Filter): void {
    if (this.state === "closed") return;
    const { valid, error } = checkPatterns(topics);
    if (error) this.#report(error);
    const added = valid.filter((t) => !this.#topics.includes(t));
    let filterChanged = false;
    if (filter !== undefined) {
      const checked = checkFilter(filter);
      if (checked.error) this.#report(checked.error);
      else if (filterKey(checked.filter) !== filterKey(this.#filter)) {
        this.#filter = checked.filter;
        filterChanged = true;
      }
    }
    if (added.length === 0 && !filterChanged) return;
    this.#topics = [...this.#topics, ...added];
    this.#subscriptionChanged();
  }

  unsubscribe(topics: string[]): void {
    if (this.state === "closed") return;
    const rest = this.#topics.filter((t) => !topics.includes(t));
    if (rest.length === this.#topics.length) return;
    this.#topics = rest;
    this.#subscriptionChanged();
  }

  setFilter(filter: Filter | undefined): void {
    if (this.state === "closed") return;
    const checked = checkFilter(filter);
    if (checked.error) {
      this.#report(checked.error);
      return;
    }
    if (filterKey(checked.filter) === filterKey(this.#filter)) return;
    this.#filter = checked.filter;
    this.#subscriptionChanged();
  }

  events(): AsyncIterableIterator<HubEvent> {
    const queue: EventQueue<HubEvent> = createEventQueue(() => this.#queues.delete(queue));
    if (this.state === "closed") queue.end();
    else this.#queues.add(queue);
    return queue.iterator;
  }

  [Symbol.asyncIterator](): AsyncIterator<HubEvent> {
    return this.events();
  }

  close(): void {
    if (this.state === "closed") return;
    this.#connector.stop();
    this.#sm.set("closed", null);
    for (const q of this.#queues) q.end();
    this.#queues.clear();
  }

  /** What the Connector may call; kept off the public object so the app cannot call it. */
  #host(): ConnectorHost {
    return {
      subscription: (): Subscription => ({
        topics: this.#topics,
        filter: this.#filter,
        version: this.#version,
        cursor: this.#cursor,
      }),
      opened: (link, m) => this.#opened(link, m),
      message: (link, m) => this.#message(link, m),
      report: (error) => this.#report(error),
      setState: (to, transport) => this.#sm.set(to, transport),
      fatal: () => this.close(),
    };
  }

  #report(error: ClientError): void {
    this.#log.debug?.(`${error.code}: ${error.message}`);
    this.#emitter.emit("error", error);
  }

  #opened(link: Link, m: ConnectedMessage): void {
    // An SSE link opened with an older query cannot be fixed in place: reopen before using it.
    if (link.kind === "sse" && link.subsVersion !== this.#version) {
      this.#connector.reopen();
      return;
    }
    if (this.#latencyKind !== link.kind) {
      this.#latency = null;
      this.#latencyKind = link.kind;
    }
    this.#sessionId = m.session_id;
    this.#clockOffset = clockOffset(m.server_time, this.#env.now());
    if (this.#cursor === null) {
      // Live start: everything up to current_seq is history we did not ask for; resume after it.
      this.#cursor = { epoch: m.epoch, seq: m.current_seq };
    } else {
      const r = applyEpoch(this.#cursor, m.epoch);
      if (r.changed) this.#log.warn?.(`hub history changed (epoch ${this.#cursor.epoch} → ${m.epoch}); starting over`);
      this.#cursor = r.cursor;
    }
    this.#replaying = link.resumed;
    this.#sm.set("open", link.kind);
    this.#emitter.emit("connected", m);
    if (link.subsVersion !== this.#version && link.connected) this.#syncWebSocket(link);
  }

  #message(link: Link, m: ServerMessage): void {
    switch (m.type) {
      case "connected":
        return;
      case "replayed":
        this.#replayed(m);
        return;
      case "pong":
        if (m.t !== undefined && link.kind === "ws") {
          this.#latency = smooth(this.#latency, pingLatency(m.t, this.#env.now()));
        }
        return;
      case "error":
        this.#report(
          new ClientError("server_error", m.message, {
            transport: link.kind,
            serverCode: m.code,
            issues: m.issues ?? [],
          }),
        );
        return;
      case "subscribed":
        this.#log.debug?.("subscribed", m.topics);
        return;
      case "heartbeat":
        return; // liveness is noted for any message by the link
      default:
        this.#deliver(link, m);
        return;
    }
  }

  // --- internals ---

  #deliver(link: Link, e: HubEvent): void {
    if (this.#cursor !== null && !isNewEvent(this.#cursor, e.seq)) return; // replay overlap or the other stream
    this.#cursor = advance(this.#cursor ?? { epoch: null, seq: 0 }, e.seq);
    const now = this.#env.now();
    this.#lastEventAt = now;
    if (link.kind === "sse" && !this.#replaying) {
      const lag = deliveryLag(e.timestamp, now, this.#clockOffset);
      if (lag !== null) this.#latency = smooth(this.#latency, lag);
    }
    this.#emitter.emit("event", e);
    for (const q of this.#queues) q.push(e);
  }

  #replayed(m: ReplayedMessage): void {
    this.#replaying = false;
    if (this.#cursor !== null) {
      const r = applyEpoch(this.#cursor, m.epoch);
      if (r.changed) this.#log.warn?.(`replay came from another history (epoch ${m.epoch}); starting over`);
      this.#cursor = r.cursor;
    }
    this.#emitter.emit("replayed", m);
  }

  #subscriptionChanged(): void {
    this.#version++;
    this.#connector.subscriptionChanged();
    const main = this.#connector.main;
    if (!main) {
      this.#connector.wake();
      return;
    }
    if (!main.connected) return; // synced (ws) or reopened (sse) when it delivers `connected`
    if (main.kind === "sse") {
      this.#connector.reopen();
      return;
    }
    this.#syncWebSocket(main);
  }

  /** Brings the hub's view of a WebSocket's subscription to ours with subscribe/unsubscribe. */
  #syncWebSocket(link: Link): void {
    const ours = { topics: this.#topics, filter: this.#filter };
    for (const msg of subscriptionMessages(link, ours)) link.transport?.send(msg);
    link.topics = [...this.#topics];
    link.filter = this.#filter;
    link.subsVersion = this.#version;
  }
}
