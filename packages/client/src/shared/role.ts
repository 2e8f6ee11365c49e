/**
 * The contract between a shared client and the role it currently plays in its group (leader or
 * follower): the client owns what the app sees (cursor, state, listeners); a role decides where
 * events come from (its own hub connection, or the leader's broadcasts).
 */
import type { ConnectedMessage, HubEvent, ReplayedMessage, SnapshotMessage } from "@tickerwire/protocol";
import type { Cursor } from "../dedupe.ts";
import type { ClientError } from "../errors.ts";
import type { ClientEnv, ClientLogger, ClientOptions, HubClient } from "../types.ts";
import type { ChannelBody, ChannelMessage, LeaderView } from "./messages.ts";
import type { RecentEvents } from "./recent.ts";

export interface SharedCore {
  readonly cursor: Cursor | null;
  readonly recent: RecentEvents;
  /** Delivers once, in seq order (drops seq ≤ cursor); true when it was new. */
  deliver(e: HubEvent): boolean;
  /** A hub `connected`: sets or checks the cursor like a plain client, then tells the app. */
  connected(m: ConnectedMessage): void;
  /** Tells the app about a connection without touching the cursor (a follower's first look). */
  announce(m: ConnectedMessage): void;
  replayed(m: ReplayedMessage): void;
  /** `snapshot: true` was asked for: the group's connections start from the desk state. */
  readonly snapshots: boolean;
  /** A desk-state snapshot: the cursor moves to its seq, then the app is told. */
  snapshot(m: SnapshotMessage): void;
  /** A fresh tab takes the leader's cursor as its live starting point. */
  adoptCursor(cursor: Cursor | null): void;
  /** Shows the leader's connection: state, transport, latency, session. */
  show(view: Omit<LeaderView, "cursor">): void;
  error(e: ClientError): void;
  /** The hub refused the subscription for good: the client closes. */
  fatal(): void;
}

export interface RoleContext {
  readonly id: string;
  readonly core: SharedCore;
  readonly env: ClientEnv;
  readonly log: ClientLogger;
  post(body: ChannelBody): void;
  /** A real connection with this group's subscription, resuming from the core's cursor. */
  open(extra?: Partial<ClientOptions>): HubClient;
}

export interface Role {
  readonly kind: "leader" | "follower";
  handle(m: ChannelMessage): void;
  /** Stops for good: no more callbacks into the core. */
  stop(): void;
}
