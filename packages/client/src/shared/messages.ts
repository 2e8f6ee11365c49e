/**
 * What tabs sharing a connection say to each other over their BroadcastChannel. These wrap
 * protocol's messages (events, connected, replayed) and never restate them; they are the SDK's
 * own tab-to-tab protocol, versioned through the channel name (channel-key.ts). Everything here
 * is structured-clone safe: plain objects only (a ClientError travels as `WireError`).
 */
import type {
  ConnectedMessage,
  ErrorCode,
  HubEvent,
  Issue,
  ReplayedMessage,
  SnapshotMessage,
} from "@tickerwire/protocol";
import type { Cursor } from "../dedupe.ts";
import { ClientError, type ClientErrorCode, type ClientErrorLevel } from "../errors.ts";
import type { ClientState, TransportKind } from "../types.ts";

/** The leader's connection as followers present it (each follower keeps its own cursor). */
export interface LeaderView {
  state: ClientState;
  transport: TransportKind | null;
  latencyMs: number | null;
  sessionId: string | null;
  cursor: Cursor | null;
}

export interface WireError {
  code: ClientErrorCode;
  message: string;
  level: ClientErrorLevel;
  transport?: TransportKind;
  status?: number;
  serverCode?: ErrorCode;
  issues: Issue[];
  fatal: boolean;
}

/** What the leader relays to its followers, in order, batched (relay.ts). */
export type RelayItem =
  | { kind: "event"; epoch: string | null; event: HubEvent }
  | { kind: "view"; view: LeaderView }
  | { kind: "connected"; message: ConnectedMessage; view: LeaderView }
  | { kind: "replayed"; message: ReplayedMessage; view: LeaderView }
  /** The leader's connection got the desk state (snapshot mode): followers replace theirs. */
  | { kind: "snapshot"; message: SnapshotMessage }
  | { kind: "error"; error: WireError };

type Body =
  /** A follower (new, or after a leader change or a gap) asks the leader for what it missed after `cursor`. */
  | { kind: "hello"; cursor: Cursor | null }
  /** A follower's heartbeat: it still listens (audience.ts). */
  | { kind: "here" }
  /** A follower leaves the group: the leader may stop relaying. */
  | { kind: "gone" }
  /** The leader's answer to one follower's hello. */
  | {
      kind: "welcome";
      to: string;
      view: LeaderView;
      connected: ConnectedMessage | null;
      /** Snapshot mode: the leader's latest desk state, to apply before `events` (those after its seq). */
      snapshot: SnapshotMessage | null;
      events: HubEvent[];
      complete: boolean;
      /** The relay position of the leader's next item: a later batch starting beyond it means a gap. */
      position: number;
    }
  /** A tab just got the lock and now runs the connection. */
  | { kind: "leader" }
  /** The leader is leaving on purpose (close or subscription change); another tab takes over. */
  | { kind: "bye" }
  /** Relay items from `first` on (positions count items the leader skipped when nobody listened). */
  | { kind: "batch"; first: number; items: RelayItem[] };

export type ChannelBody = Body;
export type ChannelMessage = Body & { from: string };
export type BatchMessage = Extract<ChannelMessage, { kind: "batch" }>;
/** The items of the leader's stream a follower holds back until it is caught up, applied in order. */
export type StreamItem = Extract<RelayItem, { kind: "event" | "connected" | "replayed" | "snapshot" }>;

const KINDS = new Set(["hello", "here", "gone", "welcome", "leader", "bye", "batch"]);

/** A cheap shape check: peers run this same SDK version (the channel name says so). */
export function isChannelMessage(data: unknown): data is ChannelMessage {
  if (typeof data !== "object" || data === null) return false;
  const m = data as { kind?: unknown; from?: unknown; items?: unknown };
  if (typeof m.kind !== "string" || !KINDS.has(m.kind) || typeof m.from !== "string") return false;
  return m.kind !== "batch" || Array.isArray(m.items);
}

export function toWireError(e: ClientError): WireError {
  return {
    code: e.code,
    message: e.message,
    level: e.level,
    ...(e.transport ? { transport: e.transport } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.serverCode ? { serverCode: e.serverCode } : {}),
    issues: e.issues,
    fatal: e.fatal,
  };
}

export function fromWireError(w: WireError): ClientError {
  return new ClientError(w.code, w.message, {
    level: w.level,
    transport: w.transport,
    status: w.status,
    serverCode: w.serverCode,
    issues: w.issues,
    fatal: w.fatal,
  });
}
