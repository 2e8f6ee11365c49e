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
import { linksOf, type OpenPhase, type Phase, release, shownState, type WaitingPhase } from "./connector-phase.ts";
import type { ClientError } from "./errors.ts";
import {
  armOnHeartbeat,
  clearOpenTimer,
  type Link,
  type Subscription,
  startHeartbeat,
  stopLink,
  syncLink,
} from "./link.ts";
import { closedEnd, deadEnd, type LinkEnd, openTimeoutEnd } from "./link-end.ts";
import { LinkOpener } from "./link-opener.ts";
import type { ResolvedOptions } from "./options.ts";
import { Prober } from "./probe.ts";
import { RetryTiming } from "./retry-timing.ts";
import type { TransportClose, TransportFactory } from "./transports/index.ts";
import type { ClientEnv, ClientLogger, ClientState, TransportKind } from "./types.ts";

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

export class Connector {
  #phase: Phase = { kind: "new" };
  /** Bumped by each subscription change: a link with an older `subsVersion` is out of step. */
  #version = 0;
  readonly #links: LinkOpener;
  readonly #retry: RetryTiming;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly env: ClientEnv,
    private readonly log: ClientLogger,
    factories: Record<TransportKind, TransportFactory>,
    private readonly host: ConnectorHost,
  ) {
    this.#retry = new RetryTiming(o.backoff, env);
    this.#links = new LinkOpener(o, env, log, factories, {
      owns: (link) => linksOf(this.#phase).includes(link),
      connected: (link, m) => this.#connected(link, m),
      message: (link, m) => this.#message(link, m),
      invalid: (link, error) => {
        if (this.main === link) host.report(error);
      },
      closed: (link, info) => this.#closed(link, info),
      openTimedOut: (link) => this.#openTimedOut(link),
    });
  }

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
    if (p.kind === "idle" || this.host.subscription().topics.length === 0) {
      this.#round(this.o.transports); // idle without topics, else a round starts
    } else if (p.kind === "waiting") {
      // the next round opens with the new subscription
    } else if (this.o.snapshot || (p.kind === "open" && p.link.kind === "sse")) {
      // A desk state is a view of one subscription (snapshot mode reopens live for a fresh one),
      // and an SSE stream cannot change its query.
      this.#reopen(p.link);
    } else if (p.kind === "open") {
      syncLink(p.link, this.host.subscription(), this.#version);
      p.probe.restart(); // one opened with the old subscription is stale
    } // an opening WebSocket is brought in step when it says `connected`
  }

  /** The device is back online: a retry still far off happens sooner (retry-timing.ts). */
  networkBack(): void {
    const p = this.#phase;
    const soon = p.kind === "waiting" ? this.#retry.sooner(p.due) : null;
    if (p.kind !== "waiting" || soon === null) return;
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
      const error = this.#links.launch(p.link);
      if (error === null || !this.#tell(p, error)) return;
    }
    // The whole round failed: the next one goes to the next URL, after a backoff.
    this.#links.rotate();
    this.#retryLater(this.o.transports);
  }

  #retryLater(order: TransportKind[]): void {
    const delay = this.#retry.next();
    this.log.debug?.(`reconnecting in ${delay} ms (attempt ${this.#retry.attempt})`);
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
    return this.#links.create(kind, this.host.subscription(), this.#version);
  }

  /** Any message but `connected`: the open main link's go to the client. */
  #message(link: Link, m: ServerMessage): void {
    if (m.type === "heartbeat") armOnHeartbeat(link, this.o, this.env, () => this.#dead(link));
    if (this.openLink === link) this.host.message(link, m);
    else this.log.debug?.(`ignored ${m.type} before connected on ${link.kind}`);
  }

  #connected(link: Link, m: ConnectedMessage): void {
    clearOpenTimer(link, this.env);
    if (link.connected) return; // said once per connection; a repeat changes nothing
    // An SSE stream opened with an older subscription cannot be brought in step: reopen it.
    if (link.kind === "sse" && link.subsVersion !== this.#version) {
      this.#reopen(link);
      return;
    }
    link.connected = true;
    link.connectedAt = this.env.now();
    // A probe taking over: its replay starts at the cursor it was opened with, so the overlap
    // with the fallback it replaces is dropped by seq and nothing is missed.
    if (this.main !== link) this.log.debug?.(`switching to ${link.kind}`);
    startHeartbeat(link, this.o, this.env, () => this.#dead(link));
    this.host.opened(link, m);
    const open: OpenPhase = { kind: "open", link, probe: this.#prober(link) };
    this.#enter(open);
    if (this.#phase === open) this.host.message(link, m);
    if (this.#phase !== open) return; // a listener closed the client or changed its subscription
    syncLink(link, this.host.subscription(), this.#version);
    open.probe.schedule();
  }

  #closed(link: Link, info: TransportClose): void {
    const p = this.#phase;
    if (p.kind === "open" && p.link !== link) {
      this.log.debug?.(`background ${link.kind} attempt failed: ${info.reason}`);
      p.probe.restart();
    } else this.#ended(link, closedEnd(link, info));
  }

  #openTimedOut(link: Link): void {
    const p = this.#phase;
    if (p.kind === "open") p.probe.restart();
    else this.#ended(link, openTimeoutEnd(link.kind, this.o.openTimeoutMs));
  }

  #dead(link: Link): void {
    if (this.openLink === link) this.#ended(link, deadEnd(link.kind, this.o.deadAfterMs));
  }

  /** The main link ended: the app is told why, then the round goes on, or we reconnect, or stop. */
  #ended(link: Link, end: LinkEnd): void {
    const p = this.#phase;
    if (end.action === "fatal") {
      this.#enter({ kind: "stopped" });
      this.host.report(end.error);
      this.host.fatal();
      return;
    }
    stopLink(link, this.env);
    if (!this.#tell(p, end.error)) return;
    if (p.kind === "connecting") this.#tryNext(p.rest);
    else this.#dropped(link, end.action === "now");
  }

  /** An established main link is gone: reconnect, starting with the transport that worked. */
  #dropped(link: Link, immediately: boolean): void {
    this.#retry.dropped(link.connectedAt);
    const order = this.#preferredFirst(link.kind);
    if (immediately) this.#round(order);
    else this.#retryLater(order);
  }

  #preferredFirst(kind: TransportKind): TransportKind[] {
    return [kind, ...this.o.transports.filter((k) => k !== kind)];
  }

  /** While open on a fallback, the preferred transport is tried again in the background. */
  #prober(main: Link): Prober {
    const better = this.o.transports[0];
    const target = better !== undefined && better !== main.kind ? better : null;
    return new Prober(target, this.o.preferredRetryMs, this.env, this.log, {
      create: (kind) => this.#newLink(kind),
      launch: (link) => this.#links.launch(link),
    });
  }
}
