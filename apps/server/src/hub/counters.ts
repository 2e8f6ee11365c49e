/** Plain running totals the hub keeps (cheap to bump per event); /metrics and /health read them. */
import type { TransportKind } from "@tickerwire/protocol";

type PerTransport = Record<TransportKind, number>;

export interface HubCounters {
  opened: PerTransport;
  closed: PerTransport;
  /** Events sent to clients: live fan-out (group publishes × members) plus replays. */
  delivered: PerTransport;
  /** Connections dropped because they could not keep up. */
  slowDisconnects: PerTransport;
  /** Of those, the ones the hub told `lagged` (backlog past the hard limit) before closing them. */
  laggedDisconnects: PerTransport;
  /** Times a connection fell behind its soft limit and moved to the slow lane (WS) or started conflating (SSE). */
  slowLaneEntries: PerTransport;
  /** Conflatable events replaced by a newer one of their stream before a slow client got them. */
  conflated: PerTransport;
  replays: number;
  replayedEvents: number;
  /** Desk-state snapshots sent (`snapshot=1`: on connect, or instead of a replay history no longer covers). */
  snapshots: PerTransport;
}

export function createCounters(): HubCounters {
  const zero = (): PerTransport => ({ ws: 0, sse: 0 });
  return {
    opened: zero(),
    closed: zero(),
    delivered: zero(),
    slowDisconnects: zero(),
    laggedDisconnects: zero(),
    slowLaneEntries: zero(),
    conflated: zero(),
    replays: 0,
    replayedEvents: 0,
    snapshots: zero(),
  };
}
