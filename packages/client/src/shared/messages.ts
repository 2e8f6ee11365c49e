/**
 * What tabs sharing a connection say to each other over their BroadcastChannel. These wrap
 * protocol's messages (events, connected, replayed) and never restate them; they are the SDK's
 * own tab-to-tab protocol, versioned through the channel name (channel-key.ts). Everything here
 * is structured-clone safe: plain objects only (a ClientError travels as `WireError`).
 */
import type { ConnectedMessage, ErrorCode, HubEvent, Issue, ReplayedMessage } from "@tickerwire/protocol";
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

type Body =
  /** A follower (new, or after a leader change) asks the leader for what it missed after `cursor`. */
  | { kind: "hello"; cursor: Cursor | null }
  /** The leader's answer to one follower's hello. */
  | {
      kind: "welcome";
      to: string;
      view: LeaderView;
      connected: ConnectedMessage | null;
      events: HubEvent[];
      complete: boolean;
    }
  /** A tab just got the lock and now runs the connection. */
  | { kind: "leader" }
  /** The leader is leaving on purpose (close or subscription change); another tab takes over. */
  | { kind: "bye" }
  | { kind: "event"; epoch: string | null; event: HubEvent; view: LeaderView }
  | { kind: "view"; view: LeaderView }
  | { kind: "connected"; message: ConnectedMessage; view: LeaderView }
  | { kind: "replayed"; message: ReplayedMessage; view: LeaderView }
  | { kind: "error"; error: WireError };

export type ChannelBody = Body;
export type ChannelMessage = Body & { from: string };
/** The messages of the leader's stream, which a follower applies in order. */
export type StreamMessage = Extract<ChannelMessage, { kind: "event" | "connected" | "replayed" }>;

const KINDS = new Set(["hello", "welcome", "leader", "bye", "event", "view", "connected", "replayed", "error"]);

/** A cheap shape check: peers run this same SDK version (the channel name says so). */
export function isChannelMessage(data: unknown): data is ChannelMessage {
  if (typeof data !== "object" || data === null) return false;
  const m = data as { kind?: unknown; from?: unknown };
  return typeof m.kind === "string" && KINDS.has(m.kind) && typeof m.from === "string";
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
