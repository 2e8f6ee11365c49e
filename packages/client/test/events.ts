/** Wire events and control messages for tests, typed by protocol (never hand-written twins). */
import { createDeskState } from "@tickerwire/desk";
import type { ConnectedMessage, HubEvent, ReplayedMessage, SnapshotMessage } from "@tickerwire/protocol";

export function alertEvent(seq: number, timestamp: string, message = `alert ${seq}`): HubEvent {
  return {
    type: "alert",
    seq,
    topic: "system.alert",
    timestamp,
    data: { message, severity: "info", kind: "system" },
  };
}

export function signalEvent(seq: number, timestamp: string, strategy = "RSI_Oversold", confidence = 0.85): HubEvent {
  return {
    type: "signal",
    seq,
    topic: `strategy.${strategy}.signal`,
    timestamp,
    data: { strategy_name: strategy, action: "BUY", price: 42350.5, confidence },
  };
}

export function connectedMessage(p: {
  epoch: string;
  currentSeq: number;
  topics: string[];
  serverTime: string;
  transport: "ws" | "sse";
  sessionId?: string;
}): ConnectedMessage {
  return {
    type: "connected",
    session_id: p.sessionId ?? `s-${Math.random().toString(36).slice(2, 8)}`,
    server_time: p.serverTime,
    epoch: p.epoch,
    current_seq: p.currentSeq,
    topics: p.topics,
    transport: p.transport,
  };
}

export function replayedMessage(p: {
  count: number;
  truncated: boolean;
  from: number;
  to: number;
  epoch: string;
}): ReplayedMessage {
  return { type: "replayed", count: p.count, truncated: p.truncated, from_seq: p.from, to_seq: p.to, epoch: p.epoch };
}

/** The desk state at `seq` (an empty desk: the cursor rules only look at epoch and seq). */
export function snapshotMessage(p: { epoch: string; seq: number; timestamp?: string }): SnapshotMessage {
  const timestamp = p.timestamp ?? "2026-01-19T10:30:00.000Z";
  return { type: "snapshot", epoch: p.epoch, seq: p.seq, timestamp, state: createDeskState() };
}
