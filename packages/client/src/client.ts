/**
 * `connect()`: the HubClient. Owns what the app sees — state, the subscription, the resume
 * cursor, de-duplication, latency — and leaves the wire lifecycle to the Connector.
 *
 * @example
 * const client = connect({ url: location.origin, topics: ["strategy.*.signal", "trade.>"] });
 * client.on("event", (e) => console.log(e.seq, e.type, e.data));
 * client.on("replayed", (m) => { if (m.truncated) showBanner(); });
 */
import type {
  ConnectedMessage,
  Filter,
  HubEvent,
  ReplayedMessage,
  ReportMessage,
  ServerMessage,
  SnapshotMessage,
} from "@tickerwire/protocol";
import { withReportAuth, withTokenAuth } from "./auth.ts";
import { Connector, type ConnectorHost } from "./connector.ts";
import { advance, applyEpoch, type Cursor, isNewEvent } from "./dedupe.ts";
import { resolveEnv } from "./env.ts";
import { ClientError } from "./errors.ts";
import type { Link, Subscription } from "./link.ts";
import { resolveOptions } from "./options.ts";
import { Outlet } from "./outlet.ts";
import { Reporter } from "./reporter.ts";
import { createStateMachine, type StateMachine } from "./state.ts";
import { subscriptionMessages } from "./subscription.ts";
import { filterChange, type Sub, type SubChange, subscribeChange, unsubscribeChange } from "./subscription-change.ts";
import { Telemetry } from "./telemetry.ts";
import { openEventSource, openWebSocket, type TransportFactory } from "./transports/index.ts";
import type {
  ClientEnv,
  ClientEvents,
  ClientLogger,
  ClientOptions,
  ClientRole,
  ClientState,
  HubClient,
  SharedHubClient,
  TransportKind,
} from "./types.ts";

const FACTORIES: Record<TransportKind, TransportFactory> = { ws: openWebSocket, sse: openEventSource };

/** Opens a client; it connects on the next microtask, so listeners added right away see everything. */
export function connect(options: ClientOptions): HubClient {
  return new Client(withReportAuth(options), options.token ? withTokenAuth(FACTORIES, options.token) : FACTORIES);
}

/** `connect()`, typed with its `role` ("solo"): what `connectShared` falls back to. */
export function connectSolo(options: ClientOptions): SharedHubClient {
  return new Client(withReportAuth(options), options.token ? withTokenAuth(FACTORIES, options.token) : FACTORIES);
}

class Client implements SharedHubClient {
  /** A plain client has its own connection (see `connectShared` for tabs sharing one). */
  readonly role: ClientRole = "solo";
  readonly #env: ClientEnv;
  readonly #log: ClientLogger;
  readonly #out: Outlet;
  readonly #sm: StateMachine;
  readonly #connector: Connector;
  readonly #telemetry = new Telemetry();
  readonly #reporter: Reporter;
  #topics: string[];
  #filter: Filter | undefined;
  readonly #snapshot: boolean;
  #version = 0;
  /** null until we have a cursor: from `resume`, or from the first `connected`. */
  #cursor: Cursor | null;
  #replaying = false;
  #sessionId: string | null = null;
  #lastEventAt: number | null = null;
  #stopWatchingNetwork: () => void = () => {};

  constructor(options: ClientOptions, factories: Record<TransportKind, TransportFactory>) {
    const { options: o, problems } = resolveOptions(options);
    this.#env = resolveEnv(options.env);
    this.#log = options.logger ?? {};
    this.#out = new Outlet(this.#log);
    this.#sm = createStateMachine("connecting", (change) => this.#out.emit("state", change));
    this.#topics = o.topics;
    this.#filter = o.filter;
    this.#snapshot = o.snapshot;
    this.#cursor = o.resume;
    this.#connector = new Connector(o, this.#env, this.#log, factories, this.#host());
    this.#reporter = new Reporter(o.reportIntervalMs, this.#env, this.#log, {
      openLink: () => (this.state === "open" && this.#connector.main?.connected ? this.#connector.main : null),
      build: (transport) => this.#buildReport(transport),
      report: (error) => this.#report(error),
    });
    queueMicrotask(() => {
      for (const p of problems) this.#report(p);
      this.#connector.start();
      this.#reporter.start();
      if (this.state !== "closed") this.#stopWatchingNetwork = this.#env.onOnline(() => this.#connector.networkBack());
    });
  }

  get state(): ClientState {
    return this.#sm.state;
  }
  get transport(): TransportKind | null {
    return this.#sm.transport;
  }
  get latencyMs(): number | null {
    return this.#telemetry.latencyMs;
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
    return this.#out.on(kind, cb);
  }

  subscribe(topics: string[], filter?: Filter): void {
    this.#change(subscribeChange(this.#sub(), topics, filter));
  }

  unsubscribe(topics: string[]): void {
    this.#change(unsubscribeChange(this.#sub(), topics));
  }

  setFilter(filter: Filter | undefined): void {
    this.#change(filterChange(this.#sub(), filter));
  }

  events(): AsyncIterableIterator<HubEvent> {
    return this.#out.events();
  }

  [Symbol.asyncIterator](): AsyncIterator<HubEvent> {
    return this.events();
  }

  close(): void {
    if (this.state === "closed") return;
    this.#connector.stop();
    this.#reporter.stop();
    this.#stopWatchingNetwork();
    this.#sm.set("closed", null);
    this.#out.end();
  }

  /** What the Connector may call; kept off the public object so the app cannot call it. */
  #host(): ConnectorHost {
    return {
      subscription: (): Subscription => ({
        topics: this.#topics,
        filter: this.#filter,
        version: this.#version,
        cursor: this.#cursor,
        snapshot: this.#snapshot,
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
    this.#out.emit("error", error);
  }

  #opened(link: Link, m: ConnectedMessage): void {
    // An SSE link opened with an older query cannot be fixed in place: reopen before using it.
    if (link.kind === "sse" && link.subsVersion !== this.#version) {
      this.#connector.reopen();
      return;
    }
    this.#telemetry.connected(link.kind, m, this.#env.now());
    this.#sessionId = m.session_id;
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
    this.#out.emit("connected", m);
    if (link.subsVersion !== this.#version && link.connected) this.#syncWebSocket(link);
  }

  #message(link: Link, m: ServerMessage): void {
    switch (m.type) {
      case "connected":
        return;
      case "replayed":
        this.#replayed(m);
        return;
      case "snapshot":
        this.#snapshotted(m);
        return;
      case "pong":
        this.#telemetry.pong(link.kind, m, this.#env.now());
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
        // Liveness is the connector's business; here it feeds the clock offset and the lag.
        this.#telemetry.heartbeat(m, this.#env.now());
        return;
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
    this.#telemetry.event(link.kind, e, now, !this.#replaying);
    this.#out.event(e);
  }

  #buildReport(transport: TransportKind): ReportMessage {
    return {
      type: "report",
      latency_ms: this.#telemetry.takeLatency(),
      lag_events: this.#telemetry.lagEvents(this.lastSeq),
      transport,
    };
  }

  #replayed(m: ReplayedMessage): void {
    this.#replaying = false;
    if (this.#cursor !== null) {
      const r = applyEpoch(this.#cursor, m.epoch);
      if (r.changed) this.#log.warn?.(`replay came from another history (epoch ${m.epoch}); starting over`);
      this.#cursor = r.cursor;
    }
    this.#out.emit("replayed", m);
  }

  /** The desk state at `m.seq`: the cursor moves there; events at or below it are already in it. */
  #snapshotted(m: SnapshotMessage): void {
    this.#replaying = false;
    this.#cursor = { epoch: m.epoch, seq: m.seq };
    this.#out.emit("snapshot", m);
  }

  #sub(): Sub {
    return { topics: this.#topics, filter: this.#filter };
  }

  #change({ next, errors }: SubChange): void {
    if (this.state === "closed") return;
    for (const e of errors) this.#report(e);
    if (!next) return;
    this.#topics = next.topics;
    this.#filter = next.filter;
    this.#subscriptionChanged();
  }

  #subscriptionChanged(): void {
    this.#version++;
    // A desk state is a view of one subscription: another one needs a fresh snapshot, so the
    // link is reopened live (no cursor) with snapshot=1, on either transport.
    if (this.#snapshot) this.#cursor = null;
    this.#connector.subscriptionChanged();
    const main = this.#connector.main;
    if (!main) {
      this.#connector.wake();
      return;
    }
    if (!main.connected && !this.#snapshot) return; // synced (ws) or reopened (sse) when it delivers `connected`
    if (main.kind === "sse" || this.#snapshot) {
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
