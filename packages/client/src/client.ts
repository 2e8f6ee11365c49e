/**
 * `connect()`: a HubClient with a connection of its own. The app-facing object is the ClientCore
 * (client-core.ts); here is its driver, which feeds it from the Connector (the wire lifecycle and
 * the link's subscription) and adds what only a client with its own connection has: latency and
 * lag telemetry, lag reports, and reconnecting early when the device is back online.
 *
 * @example
 * const client = connect({ url: location.origin, topics: ["strategy.*.signal", "trade.>"] });
 * client.on("event", (e) => console.log(e.seq, e.type, e.data));
 * client.on("replayed", (m) => { if (m.truncated) showBanner(); });
 */
import type { ConnectedMessage, HubEvent, ReportMessage, ServerMessage } from "@tickerwire/protocol";
import { withReportAuth, withTokenAuth } from "./auth.ts";
import { ClientCore, type CoreAccess, type Driver } from "./client-core.ts";
import { Connector, type ConnectorHost } from "./connector.ts";
import { ClientCursor } from "./cursor.ts";
import { resolveEnv } from "./env.ts";
import { ClientError } from "./errors.ts";
import type { Link } from "./link.ts";
import { type ResolvedOptions, resolveOptions } from "./options.ts";
import { Reporter } from "./reporter.ts";
import { Telemetry } from "./telemetry.ts";
import { openEventSource, openWebSocket, type TransportFactory } from "./transports/index.ts";
import type { ClientEnv, ClientLogger, ClientOptions, HubClient, SharedHubClient, TransportKind } from "./types.ts";

const FACTORIES: Record<TransportKind, TransportFactory> = { ws: openWebSocket, sse: openEventSource };

/** Opens a client; it connects on the next microtask, so listeners added right away see everything. */
export function connect(options: ClientOptions): HubClient {
  return connectSolo(options);
}

/** `connect()`, typed with its `role` ("solo"): what `connectShared` falls back to. */
export function connectSolo(options: ClientOptions): SharedHubClient {
  const factories = options.token ? withTokenAuth(FACTORIES, options.token) : FACTORIES;
  const withAuth = withReportAuth(options);
  const { options: o, problems } = resolveOptions(withAuth);
  const env = resolveEnv(withAuth.env);
  const log = withAuth.logger ?? {};
  const cursor = new ClientCursor(o.resume, log);
  const core = { topics: o.topics, filter: o.filter, snapshot: o.snapshot, cursor, log, now: env.now, problems };
  return new ClientCore(core, (access) => new Solo(o, env, log, factories, access));
}

/** The driver of a client with its own connection. */
class Solo implements Driver {
  /** A plain client has its own connection (see `connectShared` for tabs sharing one). */
  readonly role = "solo";
  readonly #core: CoreAccess<ClientCursor>;
  readonly #env: ClientEnv;
  readonly #log: ClientLogger;
  readonly #connector: Connector;
  readonly #telemetry = new Telemetry();
  readonly #reporter: Reporter;
  /** True from opening a resumed link until its `replayed` (or snapshot): replayed events are not live. */
  #replaying = false;
  #stopWatchingNetwork: () => void = () => {};

  constructor(
    o: ResolvedOptions,
    env: ClientEnv,
    log: ClientLogger,
    factories: Record<TransportKind, TransportFactory>,
    core: CoreAccess<ClientCursor>,
  ) {
    this.#core = core;
    this.#env = env;
    this.#log = log;
    this.#connector = new Connector(o, env, log, factories, this.#host());
    this.#reporter = new Reporter(o.reportIntervalMs, env, log, {
      openLink: () => (core.state === "open" ? this.#connector.openLink : null),
      build: (transport) => this.#buildReport(transport),
      report: (error) => core.error(error),
    });
  }

  get latencyMs(): number | null {
    return this.#telemetry.latencyMs;
  }

  start(): void {
    this.#connector.start();
    this.#reporter.start();
    if (this.#core.state !== "closed") {
      this.#stopWatchingNetwork = this.#env.onOnline(() => this.#connector.networkBack());
    }
  }

  subscriptionChanged(): void {
    this.#connector.subscriptionChanged();
  }

  stop(): void {
    this.#connector.stop();
    this.#reporter.stop();
    this.#stopWatchingNetwork();
  }

  /** What the Connector may call. */
  #host(): ConnectorHost {
    const core = this.#core;
    return {
      subscription: () => ({ ...core.subscription(), cursor: core.cursor.value }),
      opened: (link, m) => this.#opened(link, m),
      message: (link, m) => this.#message(link, m),
      report: (error) => core.error(error),
      setState: (to, transport) => core.setState(to, transport),
      fatal: () => core.close(),
    };
  }

  /** A link became the main one; the state says `open` right after this, then `connected` is told. */
  #opened(link: Link, m: ConnectedMessage): void {
    this.#telemetry.connected(link.kind, m, this.#env.now());
    this.#core.session(m.session_id);
    this.#core.cursor.connected(m);
    this.#replaying = link.resumed;
  }

  #message(link: Link, m: ServerMessage): void {
    const core = this.#core;
    switch (m.type) {
      case "connected":
        core.announce(m);
        return;
      case "replayed":
        this.#replaying = false;
        core.replayed(m);
        return;
      case "snapshot":
        this.#replaying = false;
        core.snapshot(m);
        return;
      case "pong":
        this.#telemetry.pong(link.kind, m, this.#env.now());
        return;
      case "error":
        core.error(
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

  #deliver(link: Link, e: HubEvent): void {
    if (!this.#core.deliver(e)) return; // replay overlap or the other stream
    this.#telemetry.event(link.kind, e, this.#env.now(), !this.#replaying);
  }

  #buildReport(transport: TransportKind): ReportMessage {
    return {
      type: "report",
      latency_ms: this.#telemetry.takeLatency(),
      lag_events: this.#telemetry.lagEvents(this.#core.cursor.value?.seq ?? 0),
      transport,
    };
  }
}
