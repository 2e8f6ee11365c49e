/**
 * The connection lifecycle: which transport to open, against which URL, when, and with which
 * subscription. Tries the transports in order (falling back at once), backs off when a whole
 * round failed, rotates the failover URLs, keeps an open link's subscription in step with the
 * client's (WebSocket: subscribe/unsubscribe messages; SSE: reopened), and while on a fallback
 * probes the preferred transport in the background, switching only once it delivered
 * `connected`. Its state is one `Phase` (connector-phase.ts) changed only by `#enter`; a callback
 * from a link the current phase does not own is ignored.
 */
import type { ConnectedMessage, ServerMessage } from "@tickerwire/protocol";
import { attemptAfterDrop, backoffDelay } from "./backoff.ts";
import { classifyClose } from "./close-policy.ts";
import { linksOf, type OpenPhase, type Phase, release, releaseProbe, shownState, type WaitingPhase } from "./connector-phase.ts";
import { ClientError } from "./errors.ts";
import { armOnHeartbeat, clearOpenTimer, createLink, type Link, type Subscription, startHeartbeat, stopLink } from "./link.ts";
import type { ResolvedOptions } from "./options.ts";
import { subscriptionMessages } from "./subscription.ts";
import type { TransportCallbacks, TransportClose, TransportFactory } from "./transports/index.ts";
import type { ClientEnv, ClientLogger, ClientState, TransportKind } from "./types.ts";
import { endpointUrl } from "./urls.ts";

/** What the connector needs from the client. */
export interface ConnectorHost {
  /** The subscription and cursor a link opens with now. */
  subscription(): Subscription;
  /** A link delivered `connected` and becomes the main one: take its cursor and session (the state says `open` next). */
  opened(link: Link, m: ConnectedMessage): void;
  /** Every message of the open main link, its `connected` included (after the state said `open`). */
  message(link: Link, m: ServerMessage): void;
  report(error: ClientError): void;
  setState(to: ClientState, transport: TransportKind | null): void;
  /** The hub refused us for good; the client must close. */
  fatal(): void;
}

/** After the device comes back online, a pending retry happens within this many ms. */
export const ONLINE_RETRY_JITTER_MS = 1_000;

export class Connector {
  #phase: Phase = { kind: "new" };
  /** The last link's generation number: every attempt is tagged with its own. */
  #gen = 0;
  /** Backoff attempts so far: grows with each failed round, reset by a connection that lasted. */
  #attempt = 0;
  /** The failover URL the next link uses; moves on when a whole round failed. */
  #urlIndex = 0;
  /** Bumped by each subscription change: a link with an older `subsVersion` is out of step. */
  #version = 0;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly env: ClientEnv,
    private readonly log: ClientLogger,
    private readonly factories: Record<TransportKind, TransportFactory>,
    private readonly host: ConnectorHost,
  ) {}

  get phase(): Phase["kind"] {
    return this.#phase.kind;
  }

  /** The main link, opening or open. */
  get main(): Link | null {
    const p = this.#phase;
    return p.kind === "connecting" || p.kind === "open" ? p.link : null;
  }

  /** The main link once it delivered `connected`. */
  get openLink(): Link | null {
    return this.#phase.kind === "open" ? this.#phase.link : null;
  }

  start(): void {
    if (this.#phase.kind === "new") this.#round(this.o.transports);
  }

  /** The client's topics or filter changed: bring the connection in step (or go idle without topics). */
  subscriptionChanged(): void {
    this.#version++;
    const p = this.#phase;
    if (p.kind === "new" || p.kind === "stopped") return;
    // From idle a round starts; without topics any phase goes idle.
    if (p.kind === "idle" || this.host.subscription().topics.length === 0) this.#round(this.o.transports);
    // A desk state is a view of one subscription: snapshot mode reopens live for a fresh one.
    else if (p.kind === "connecting" && this.o.snapshot) this.#reopen(p.link);
    // Otherwise an opening link is brought in step when it says `connected`; a waiting round opens with the new one.
    else if (p.kind === "open" && (p.link.kind === "sse" || this.o.snapshot)) this.#reopen(p.link);
    else if (p.kind === "open") {
      this.#sync(p.link);
      // A probe opened with the old subscription is stale: start it over.
      releaseProbe(p.probe, this.env);
      p.probe = { kind: "none" };
      this.#scheduleProbe(p);
    }
  }

  /**
   * The device is back online: a retry waiting out a long backoff (up to `backoff.maxMs`) happens
   * within a second instead, at a random point of it so an office coming back online does not
   * reconnect in one millisecond. The attempt count is kept: if the hub is still away, the
   * backoff goes on growing.
   */
  networkBack(): void {
    const p = this.#phase;
    if (p.kind !== "waiting") return;
    const soon = Math.floor(this.env.random() * ONLINE_RETRY_JITTER_MS);
    if (p.due - this.env.now() <= soon) return;
    this.log.debug?.(`back online: reconnecting in ${soon} ms`);
    this.#wait(p.order, soon);
  }

  stop(): void {
    this.#enter({ kind: "stopped" });
  }

  /** The one transition: releases what the old phase owned and the new one does not, then shows the state. */
  #enter(next: Phase): void {
    const prev = this.#phase;
    // Set first: a transport calling back while being closed is no longer owned.
    this.#phase = next;
    release(prev, next, this.env);
    const shown = shownState(prev, next);
    if (shown) this.host.setState(shown.to, shown.transport);
  }

  /** Reports an error; false when a listener of it changed our course (closed the client, say). */
  #tell(p: Phase, error: ClientError): boolean {
    this.host.report(error);
    return this.#phase === p;
  }

  /** Starts a round: the transports in `order`, each tried until one delivers `connected`. */
  #round(order: TransportKind[]): void {
    if (this.host.subscription().topics.length === 0) {
      this.log.debug?.("no topics subscribed: idle until subscribe()");
      this.#enter({ kind: "idle" });
      return;
    }
    this.#tryNext([...order]);
  }

  #tryNext(rest: TransportKind[]): void {
    for (let kind = rest.shift(); kind !== undefined; kind = rest.shift()) {
      const p: Phase = { kind: "connecting", link: this.#newLink(kind), rest };
      this.#enter(p);
      const error = this.#launch(p.link);
      if (error === null || !this.#tell(p, error)) return;
    }
    // The whole round failed: the next one goes to the next URL, after a backoff.
    this.#urlIndex = (this.#urlIndex + 1) % this.o.urls.length;
    this.#retryLater(this.o.transports);
  }

  #retryLater(order: TransportKind[]): void {
    const delay = backoffDelay(this.#attempt, this.o.backoff, this.env.random);
    this.#attempt++;
    this.log.debug?.(`reconnecting in ${delay} ms (attempt ${this.#attempt})`);
    this.#wait(order, delay);
  }

  #wait(order: TransportKind[], delay: number): void {
    const p: WaitingPhase = {
      kind: "waiting",
      due: this.env.now() + delay,
      order,
      timer: this.env.setTimeout(() => {
        if (this.#phase === p) this.#round(order);
      }, delay),
    };
    this.#enter(p);
  }

  /** Opens the main link again now, with the current subscription, starting with its transport. */
  #reopen(link: Link): void {
    this.#round(this.#preferredFirst(link.kind));
  }

  #newLink(kind: TransportKind): Link {
    const sub = this.host.subscription();
    const base = this.o.urls[this.#urlIndex] ?? "";
    const url = endpointUrl(base, kind, { ...sub, snapshot: this.o.snapshot });
    return createLink(++this.#gen, kind, { base, url }, sub, this.#version);
  }

  /**
   * Starts the transport of a link the current phase already owns (so even a callback made while
   * the factory runs finds it); the error when the factory threw. Arms the open timeout.
   */
  #launch(link: Link): ClientError | null {
    let transport: ReturnType<TransportFactory>;
    try {
      const callbacks = this.#callbacks(link);
      transport = this.factories[link.kind]({ url: link.url, env: this.env, logger: this.log, callbacks });
    } catch (e) {
      stopLink(link, this.env);
      return new ClientError("transport_failed", `could not open ${link.kind}: ${String(e)}`, {
        transport: link.kind,
        cause: e,
      });
    }
    // A transport that failed while being created has been handled (and replaced) by its callback.
    if (!this.#owns(link)) {
      transport.close();
      return null;
    }
    link.transport = transport;
    if (this.o.openTimeoutMs > 0) {
      link.openTimer = this.env.setTimeout(() => this.#openTimedOut(link), this.o.openTimeoutMs);
    }
    return null;
  }

  #owns(link: Link): boolean {
    return linksOf(this.#phase).includes(link);
  }

  /** Callbacks that act only while the current phase owns their link. */
  #callbacks(link: Link): TransportCallbacks {
    return {
      message: (m) => {
        if (!this.#owns(link)) return;
        if (m.type === "connected") return this.#connected(link, m);
        if (m.type === "heartbeat") armOnHeartbeat(link, this.o, this.env, () => this.#dead(link));
        if (this.openLink === link) this.host.message(link, m);
        else this.log.debug?.(`ignored ${m.type} before connected on ${link.kind}`);
      },
      invalid: (error) => {
        if (this.main === link) this.host.report(error);
      },
      activity: () => {
        if (this.#owns(link)) link.watchdog?.touch();
      },
      closed: (info) => {
        if (this.#owns(link)) this.#closed(link, info);
      },
    };
  }

  #connected(link: Link, m: ConnectedMessage): void {
    clearOpenTimer(link, this.env);
    if (link.connected) return; // said once per connection; a repeat changes nothing
    // An SSE stream opened with an older subscription cannot be brought in step: reopen it.
    if (link.kind === "sse" && link.subsVersion !== this.#version) return this.#reopen(link);
    link.connected = true;
    link.connectedAt = this.env.now();
    // A probe taking over: its replay starts at the cursor it was opened with, so the overlap
    // with the fallback it replaces is dropped by seq and nothing is missed.
    if (this.main !== link) this.log.debug?.(`switching to ${link.kind}`);
    startHeartbeat(link, this.o, this.env, () => this.#dead(link));
    this.host.opened(link, m);
    const open: OpenPhase = { kind: "open", link, probe: { kind: "none" } };
    this.#enter(open);
    if (this.#phase === open) this.host.message(link, m);
    if (this.#phase !== open) return; // a listener closed the client or changed its subscription
    this.#sync(link);
    this.#scheduleProbe(open);
  }

  #closed(link: Link, info: TransportClose): void {
    const p = this.#phase;
    if (p.kind === "open" && p.link !== link) {
      this.log.debug?.(`background ${link.kind} attempt failed: ${info.reason}`);
      return this.#probeFailed(p);
    }
    const details = { transport: link.kind, status: info.code ?? info.status };
    const action = classifyClose(info);
    if (action === "fatal") {
      this.#enter({ kind: "stopped" });
      const why = `hub refused the ${link.kind} connection: ${info.reason}`;
      this.host.report(new ClientError("rejected", why, { ...details, fatal: true }));
      this.host.fatal();
      return;
    }
    stopLink(link, this.env);
    const what = link.connected ? "dropped" : "failed to open";
    if (!this.#tell(p, new ClientError("transport_failed", `${link.kind} ${what}: ${info.reason}`, details))) return;
    if (p.kind === "connecting") this.#tryNext(p.rest);
    else this.#dropped(link, action === "now");
  }

  #openTimedOut(link: Link): void {
    link.openTimer = null;
    const p = this.#phase;
    if (link.connected || !this.#owns(link)) return;
    if (p.kind === "open") return this.#probeFailed(p);
    if (p.kind !== "connecting") return;
    stopLink(link, this.env);
    const ms = this.o.openTimeoutMs;
    const error = new ClientError("open_timeout", `${link.kind} sent no "connected" within ${ms} ms`, {
      transport: link.kind,
    });
    if (this.#tell(p, error)) this.#tryNext(p.rest);
  }

  #dead(link: Link): void {
    const p = this.#phase;
    if (p.kind !== "open" || p.link !== link) return;
    stopLink(link, this.env);
    const ms = this.o.deadAfterMs;
    const error = new ClientError("dead_connection", `no traffic on ${link.kind} for ${ms} ms`, { transport: link.kind });
    if (this.#tell(p, error)) this.#dropped(link, false);
  }

  /** An established main link is gone: reconnect, starting with the transport that worked. */
  #dropped(link: Link, immediately: boolean): void {
    this.#attempt = attemptAfterDrop(this.#attempt, link.connectedAt, this.env.now(), this.o.backoff);
    const order = this.#preferredFirst(link.kind);
    if (immediately) this.#round(order);
    else this.#retryLater(order);
  }

  #preferredFirst(kind: TransportKind): TransportKind[] {
    return [kind, ...this.o.transports.filter((k) => k !== kind)];
  }

  /** Brings the hub's view of an open WebSocket's subscription to ours with subscribe/unsubscribe. */
  #sync(link: Link): void {
    if (link.subsVersion === this.#version) return;
    const ours = this.host.subscription();
    for (const msg of subscriptionMessages(link, ours)) link.transport?.send(msg);
    link.topics = [...ours.topics];
    link.filter = ours.filter;
    link.subsVersion = this.#version;
  }

  /** While open on a fallback, try the preferred transport again every preferredRetryMs. */
  #scheduleProbe(open: OpenPhase): void {
    if (this.#phase !== open || open.probe.kind !== "none" || this.o.preferredRetryMs <= 0) return;
    const better = this.o.transports[0];
    if (better === undefined || better === open.link.kind) return;
    const timer = this.env.setTimeout(() => {
      if (this.#phase !== open || open.probe.kind !== "scheduled" || open.probe.timer !== timer) return;
      this.log.debug?.(`trying ${better} in the background`);
      const link = this.#newLink(better);
      open.probe = { kind: "trying", link };
      const error = this.#launch(link);
      if (error === null) return;
      this.log.debug?.(error.message);
      this.#probeFailed(open);
    }, this.o.preferredRetryMs);
    open.probe = { kind: "scheduled", timer };
  }

  #probeFailed(open: OpenPhase): void {
    releaseProbe(open.probe, this.env);
    open.probe = { kind: "none" };
    this.#scheduleProbe(open);
  }
}
