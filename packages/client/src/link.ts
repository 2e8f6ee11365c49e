/**
 * One connection attempt: a transport plus what the client tracks about it (generation, the
 * subscription the hub has for it, its timers). Creating and tearing one down lives here;
 * deciding what to open when, and whether a link is the main one or a probe, is the Connector's.
 */
import type { Filter } from "@tickerwire/protocol";
import type { Cursor } from "./dedupe.ts";
import { createWatchdog, startPinger, type Watchdog } from "./heartbeat.ts";
import { subscriptionMessages } from "./subscription.ts";
import type { Transport } from "./transports/index.ts";
import type { ClientEnv, TransportKind } from "./types.ts";

/** What a link is opened with: the client's subscription and the cursor to resume after. */
export interface Subscription {
  topics: string[];
  filter: Filter | undefined;
  /** null = no cursor yet: connect live. */
  cursor: Cursor | null;
}

export interface Link {
  /** Generation number: callbacks carrying an older one than the current link's are stale. */
  readonly gen: number;
  readonly kind: TransportKind;
  /** The hub base URL this link was opened against (one of the failover list). */
  readonly base: string;
  /** The endpoint it was opened at (subscription and cursor in the query). */
  readonly url: string;
  /** Null until the factory returned, and again once stopped. */
  transport: Transport | null;
  connected: boolean;
  connectedAt: number;
  /** True when opened with a cursor: the hub replays, then sends `replayed`. */
  readonly resumed: boolean;
  /** The subscription the hub has for this link (as opened, then as synced): only the Connector writes these. */
  topics: string[];
  filter: Filter | undefined;
  subsVersion: number;
  openTimer: unknown;
  watchdog: Watchdog | null;
  stopPinger: (() => void) | null;
}

export function createLink(
  gen: number,
  kind: TransportKind,
  at: { base: string; url: string },
  sub: Subscription,
  subsVersion: number,
): Link {
  return {
    gen,
    kind,
    base: at.base,
    url: at.url,
    transport: null,
    connected: false,
    connectedAt: 0,
    resumed: sub.cursor !== null,
    topics: [...sub.topics],
    filter: sub.filter,
    subsVersion,
    openTimer: null,
    watchdog: null,
    stopPinger: null,
  };
}

/**
 * Liveness for an open link. WebSocket: app pings every pingIntervalMs (their pongs are traffic).
 * SSE: the hub's `: heartbeat` comments, when the EventSource lets us see them (the `eventsource`
 * package), else its `event: heartbeat` messages (see `armOnHeartbeat`). Without either, a quiet
 * subscription would look dead, so the watchdog is only armed when keep-alive is visible.
 */
export function startHeartbeat(
  link: Link,
  o: { deadAfterMs: number; pingIntervalMs: number },
  env: ClientEnv,
  onDead: () => void,
): void {
  const pinging = link.kind === "ws" && o.pingIntervalMs > 0;
  if (o.deadAfterMs > 0 && (pinging || link.transport?.seesKeepAlive)) {
    link.watchdog = createWatchdog(o.deadAfterMs, env, onDead);
  }
  if (pinging) {
    link.stopPinger = startPinger(o.pingIntervalMs, env, (t) => link.transport?.send({ type: "ping", t }));
  }
}

/**
 * A `heartbeat` event proves this hub keeps the stream alive with messages every EventSource can
 * see (a browser's native one hides comments), so from then on silence means a dead connection.
 * Arming on the first one, not at connect, keeps an older hub that sends only comments from being
 * declared dead every deadAfterMs.
 */
export function armOnHeartbeat(link: Link, o: { deadAfterMs: number }, env: ClientEnv, onDead: () => void): void {
  if (link.watchdog || !link.connected || o.deadAfterMs <= 0) return;
  link.watchdog = createWatchdog(o.deadAfterMs, env, onDead);
}

/**
 * Brings the hub's view of an open WebSocket's subscription to `ours` (subscription.ts's
 * subscribe/unsubscribe messages) and records it as version `version`; nothing when the link is
 * at that version already. The Connector calls it: SSE links are reopened instead.
 */
export function syncLink(link: Link, ours: Subscription, version: number): void {
  if (link.subsVersion === version) return;
  for (const msg of subscriptionMessages(link, ours)) link.transport?.send(msg);
  link.topics = [...ours.topics];
  link.filter = ours.filter;
  link.subsVersion = version;
}

export function clearOpenTimer(link: Link, env: ClientEnv): void {
  if (link.openTimer !== null) env.clearTimeout(link.openTimer);
  link.openTimer = null;
}

/** Stops every timer the link owns and closes its transport (which then calls back nothing); once. */
export function stopLink(link: Link, env: ClientEnv): void {
  clearOpenTimer(link, env);
  link.watchdog?.stop();
  link.watchdog = null;
  link.stopPinger?.();
  link.stopPinger = null;
  const transport = link.transport;
  link.transport = null;
  transport?.close();
}
