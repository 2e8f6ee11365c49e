/**
 * The connection lifecycle: which transport to open, against which URL, and when. Tries the
 * transports in order (falling back at once), backs off when a whole round failed, rotates the
 * failover URLs, and while on a fallback probes the preferred transport in the background,
 * switching only once it delivered `connected`. Every attempt is a `Link` tagged with a
 * generation number; callbacks from a link we abandoned are ignored.
 */
import type { ConnectedMessage, ServerMessage } from "@tickerwire/protocol";
import { attemptAfterDrop, backoffDelay } from "./backoff.ts";
import { classifyClose } from "./close-policy.ts";
import { ClientError } from "./errors.ts";
import {
  armOnHeartbeat,
  clearOpenTimer,
  createLink,
  type Link,
  type Subscription,
  startHeartbeat,
  stopLink,
} from "./link.ts";
import type { ResolvedOptions } from "./options.ts";
import type { TransportClose, TransportFactory } from "./transports/index.ts";
import type { ClientEnv, ClientLogger, ClientState, TransportKind } from "./types.ts";
import { endpointUrl } from "./urls.ts";

/** What the connector needs from the client. */
export interface ConnectorHost {
  subscription(): Subscription;
  /** A link delivered `connected` and is now the main one (first open, reconnect or switch). */
  opened(link: Link, m: ConnectedMessage): void;
  /** Any other message on the main link. */
  message(link: Link, m: ServerMessage): void;
  report(error: ClientError): void;
  setState(to: ClientState, transport: TransportKind | null): void;
  /** The hub refused us for good; the client must close. */
  fatal(): void;
}

/** After the device comes back online, a pending retry happens within this many ms. */
export const ONLINE_RETRY_JITTER_MS = 1_000;

export class Connector {
  #main: Link | null = null;
  #probe: Link | null = null;
  #gen = 0;
  #round: TransportKind[] = [];
  #attempt = 0;
  /**
   * When (env.now) the client last lost a healthy connection (one that stayed up resetAfterMs),
   * or first failed to connect; null before that. Bounds the backoff (backoff.ts): a client that
   * flaps (connects, is dropped at once) stays "away" and keeps backing off.
   */
  #awaySince: number | null = null;
  #urlIndex = 0;
  #retryTimer: unknown = null;
  /** When the pending retry fires (env.now), and the transports it will try. */
  #retryDue = 0;
  #retryOrder: TransportKind[] = [];
  #probeTimer: unknown = null;
  #started = false;
  #stopped = false;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly env: ClientEnv,
    private readonly log: ClientLogger,
    private readonly factories: Record<TransportKind, TransportFactory>,
    private readonly host: ConnectorHost,
  ) {}

  get main(): Link | null {
    return this.#main;
  }

  /** Starts a round: the transports in `order`, each tried until one delivers `connected`. */
  start(order: TransportKind[] = this.o.transports): void {
    this.#started = true;
    this.#clearRetry();
    if (this.#stopped) return;
    if (this.#main) this.#dispose(this.#main);
    if (this.host.subscription().topics.length === 0) {
      this.log.debug?.("no topics subscribed: idle until subscribe()");
      return;
    }
    this.#round = [...order];
    this.#tryNext();
  }

  /** Starts connecting if nothing is open, opening or scheduled (e.g. after having no topics). */
  wake(): void {
    if (this.#started && !this.#stopped && !this.#main && this.#retryTimer === null) this.start();
  }

  /** Reopens the main link now with the current subscription (SSE cannot change it in place). */
  reopen(): void {
    this.#cancelProbe();
    const main = this.#main;
    if (!main) {
      this.wake();
      return;
    }
    this.#dispose(main);
    if (main.connected) this.host.setState("reconnecting", null);
    this.start(this.#preferredFirst(main.kind));
  }

  /** A background probe opened with the old subscription is stale: replace it. */
  subscriptionChanged(): void {
    this.#cancelProbe();
    this.#scheduleProbe();
  }

  /**
   * The device is back online: a retry waiting out a long backoff (up to `backoff.maxMs`) happens
   * within a second instead, at a random point of it so an office coming back online does not
   * reconnect in one millisecond. The attempt count is kept: if the hub is still away, the
   * backoff goes on growing.
   */
  networkBack(): void {
    if (this.#stopped || this.#retryTimer === null) return;
    const soon = Math.floor(this.env.random() * ONLINE_RETRY_JITTER_MS);
    const left = this.#retryDue - this.env.now();
    if (left <= soon) return;
    this.log.debug?.(`back online: reconnecting in ${soon} ms`);
    this.#clearRetry();
    this.#armRetry(this.#retryOrder, soon);
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelProbe();
    this.#clearRetry();
    if (this.#main) this.#dispose(this.#main);
  }

  #tryNext(): void {
    while (!this.#stopped) {
      const kind = this.#round.shift();
      if (!kind) {
        this.#roundFailed();
        return;
      }
      if (this.#open(kind, "main")) return;
    }
  }

  #roundFailed(): void {
    this.#urlIndex = (this.#urlIndex + 1) % this.o.urls.length;
    this.#scheduleRetry(this.o.transports);
  }

  #scheduleRetry(order: TransportKind[]): void {
    const now = this.env.now();
    this.#awaySince ??= now;
    const delay = backoffDelay(this.#attempt, this.o.backoff, this.env.random, now - this.#awaySince);
    this.#attempt++;
    this.log.debug?.(`reconnecting in ${delay} ms (attempt ${this.#attempt})`);
    this.#armRetry(order, delay);
  }

  #armRetry(order: TransportKind[], delay: number): void {
    this.#retryDue = this.env.now() + delay;
    this.#retryOrder = order;
    this.#retryTimer = this.env.setTimeout(() => {
      this.#retryTimer = null;
      this.start(order);
    }, delay);
  }

  /** Opens a link; false when it could not even start (the caller moves on). */
  #open(kind: TransportKind, role: Link["role"]): boolean {
    const sub = this.host.subscription();
    const base = this.o.urls[this.#urlIndex] ?? "";
    const link = createLink(++this.#gen, kind, role, sub, base);
    // Registered before the transport exists, so even a synchronous callback finds its link.
    if (role === "main") this.#main = link;
    else this.#probe = link;
    const url = endpointUrl(base, kind, sub);
    try {
      link.transport = this.factories[kind]({ url, env: this.env, logger: this.log, callbacks: this.#callbacks(link) });
    } catch (e) {
      this.#dispose(link);
      const error = new ClientError("transport_failed", `could not open ${kind}: ${String(e)}`, {
        transport: kind,
        cause: e,
      });
      if (role === "main") this.host.report(error);
      else this.log.debug?.(error.message);
      return false;
    }
    // A transport that failed synchronously has been handled (and replaced) by its callback.
    if (!this.#isCurrent(link)) {
      link.transport.close();
      return true;
    }
    if (this.o.openTimeoutMs > 0) {
      link.openTimer = this.env.setTimeout(() => this.#openTimedOut(link), this.o.openTimeoutMs);
    }
    return true;
  }

  /** True while the link's generation is the main link's or the probe's. */
  #isCurrent(link: Link): boolean {
    return this.#main?.gen === link.gen || this.#probe?.gen === link.gen;
  }

  /** Callbacks that act only while their link is still the main link or the probe. */
  #callbacks(link: Link) {
    const live = () => this.#isCurrent(link);
    return {
      message: (m: ServerMessage) => {
        if (!live()) return;
        if (m.type === "connected") this.#connected(link, m);
        else if (m.type === "heartbeat") {
          armOnHeartbeat(link, this.o, this.env, () => this.#dead(link));
          if (link.role === "main" && link.connected) this.host.message(link, m);
        } else if (link.role === "main" && link.connected) this.host.message(link, m);
        else this.log.debug?.(`ignored ${m.type} before connected on ${link.kind}`);
      },
      invalid: (error: ClientError) => {
        if (live() && link.role === "main") this.host.report(error);
      },
      activity: () => {
        if (live()) link.watchdog?.touch();
      },
      closed: (info: TransportClose) => {
        if (live()) this.#closed(link, info);
      },
    };
  }

  #connected(link: Link, m: ConnectedMessage): void {
    clearOpenTimer(link, this.env);
    link.connected = true;
    link.connectedAt = this.env.now();
    if (link.role === "probe") {
      // The preferred transport works: it takes over, the fallback goes. Its replay starts at the
      // cursor it was opened with, so the overlap is dropped by seq and nothing is missed.
      this.log.debug?.(`switching to ${link.kind}`);
      if (this.#main) this.#dispose(this.#main);
      this.#probe = null;
      link.role = "main";
      this.#main = link;
    }
    startHeartbeat(link, this.o, this.env, () => this.#dead(link));
    this.host.opened(link, m);
    this.#scheduleProbe();
  }

  #closed(link: Link, info: TransportClose): void {
    const wasConnected = link.connected;
    this.#dispose(link);
    if (link.role === "probe") {
      this.log.debug?.(`background ${link.kind} attempt failed: ${info.reason}`);
      this.#scheduleProbe();
      return;
    }
    const action = classifyClose(info);
    const details = { transport: link.kind, status: info.code ?? info.status };
    if (action === "fatal") {
      this.host.report(
        new ClientError("rejected", `hub refused the ${link.kind} connection: ${info.reason}`, {
          ...details,
          fatal: true,
        }),
      );
      this.host.fatal();
      return;
    }
    const what = wasConnected ? "dropped" : "failed to open";
    this.host.report(new ClientError("transport_failed", `${link.kind} ${what}: ${info.reason}`, details));
    if (!wasConnected) {
      this.#tryNext();
      return;
    }
    this.#dropped(link, action === "now");
  }

  #openTimedOut(link: Link): void {
    link.openTimer = null;
    if (link.connected || !this.#isCurrent(link)) return;
    this.#dispose(link);
    if (link.role === "probe") {
      this.#scheduleProbe();
      return;
    }
    const ms = this.o.openTimeoutMs;
    this.host.report(
      new ClientError("open_timeout", `${link.kind} sent no "connected" within ${ms} ms`, { transport: link.kind }),
    );
    this.#tryNext();
  }

  #dead(link: Link): void {
    if (this.#main?.gen !== link.gen) return;
    const ms = this.o.deadAfterMs;
    this.host.report(
      new ClientError("dead_connection", `no traffic on ${link.kind} for ${ms} ms`, { transport: link.kind }),
    );
    this.#dispose(link);
    this.#dropped(link, false);
  }

  /** An established main link is gone: reconnect, starting with the transport that worked. */
  #dropped(link: Link, immediately: boolean): void {
    const now = this.env.now();
    this.#attempt = attemptAfterDrop(this.#attempt, link.connectedAt, now, this.o.backoff);
    // A healthy connection ended: a new time away starts. A flapping one counts as still away.
    if (this.#awaySince === null || now - link.connectedAt >= this.o.backoff.resetAfterMs) this.#awaySince = now;
    this.#cancelProbe();
    this.host.setState("reconnecting", null);
    const order = this.#preferredFirst(link.kind);
    if (immediately) this.start(order);
    else this.#scheduleRetry(order);
  }

  #preferredFirst(kind: TransportKind): TransportKind[] {
    return [kind, ...this.o.transports.filter((k) => k !== kind)];
  }

  /** While on a fallback, try the preferred transport again every preferredRetryMs. */
  #scheduleProbe(): void {
    if (this.#stopped || this.#probe || this.#probeTimer !== null || this.o.preferredRetryMs <= 0) return;
    const main = this.#main;
    if (!main?.connected) return;
    const better = this.o.transports[0];
    if (better === undefined || better === main.kind) return;
    this.#probeTimer = this.env.setTimeout(() => {
      this.#probeTimer = null;
      if (this.#stopped || this.#probe || !this.#main?.connected) return;
      this.log.debug?.(`trying ${better} in the background`);
      if (!this.#open(better, "probe")) this.#scheduleProbe();
    }, this.o.preferredRetryMs);
  }

  #cancelProbe(): void {
    if (this.#probeTimer !== null) this.env.clearTimeout(this.#probeTimer);
    this.#probeTimer = null;
    if (this.#probe) this.#dispose(this.#probe);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) this.env.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  /** Stops everything a link owns and forgets it; its transport calls nothing after this. */
  #dispose(link: Link): void {
    stopLink(link, this.env);
    if (this.#main === link) this.#main = null;
    if (this.#probe === link) this.#probe = null;
  }
}
