/**
 * Connection status for the status bar: state and transport pushed by the SDK's `state` events,
 * the rest (latency, last seq, last event time) read from the client when the session refreshes
 * it and on a 1 s tick that also moves the "5s ago" clock. Latency is the median delivery delay
 * of recent live events (delivery-latency.ts); while there are none, the SDK's smoothed figure.
 */
import { batch, type ReadonlySignal, signal } from "@preact/signals";
import type { ClientState, HubClient, TransportKind } from "@tickerwire/client";
import { DeliveryLatency } from "./delivery-latency.ts";

export interface Clock {
  now(): number;
  setInterval(cb: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (cb, ms) => setInterval(cb, ms),
  clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
};

/**
 * What the latency figure measures: `delivery` = our median of live events' delivery delay;
 * `ping` = the SDK's smoothed WebSocket ping round trip / 2; `lag` = the SDK's smoothed SSE
 * delivery lag.
 */
export type LatencySource = "delivery" | "ping" | "lag";

export interface ConnectionModel {
  readonly state: ReadonlySignal<ClientState>;
  readonly transport: ReadonlySignal<TransportKind | null>;
  readonly latencyMs: ReadonlySignal<number | null>;
  /** What `latencyMs` measures (null while there is no figure). */
  readonly latencySource: ReadonlySignal<LatencySource | null>;
  readonly lastSeq: ReadonlySignal<number>;
  readonly lastEventAt: ReadonlySignal<number | null>;
  /** Wall clock, advanced every tick, for relative times. */
  readonly now: ReadonlySignal<number>;
  /** Re-reads the client's live numbers. */
  refresh(): void;
  dispose(): void;
}

export function createConnectionModel(
  client: HubClient,
  clock: Clock = systemClock,
  tickMs = 1000,
  delivery: DeliveryLatency = new DeliveryLatency(),
): ConnectionModel {
  const state = signal<ClientState>(client.state);
  const transport = signal<TransportKind | null>(client.transport);
  const latencyMs = signal<number | null>(null);
  const latencySource = signal<LatencySource | null>(null);
  const lastSeq = signal(client.lastSeq);
  const lastEventAt = signal<number | null>(client.lastEventAt);
  const now = signal(clock.now());

  function refresh(): void {
    batch(() => {
      const measured = delivery.median(clock.now());
      const sdk = client.latencyMs;
      latencyMs.value = measured ?? sdk;
      latencySource.value =
        measured !== null ? "delivery" : sdk === null ? null : client.transport === "sse" ? "lag" : "ping";
      lastSeq.value = client.lastSeq;
      lastEventAt.value = client.lastEventAt;
    });
  }
  refresh();
  // Timed on arrival (the SDK's callback), not when the frame batcher applies the event.
  const offEvent = client.on("event", (e) => delivery.event(e.seq, e.timestamp, clock.now()));
  const offConnected = client.on("connected", (m) => delivery.connected(m.server_time, m.current_seq, clock.now()));
  const offState = client.on("state", (change) => {
    batch(() => {
      state.value = change.to;
      transport.value = change.transport;
      refresh();
    });
  });
  const timer = clock.setInterval(() => {
    batch(() => {
      now.value = clock.now();
      refresh();
    });
  }, tickMs);

  return {
    state,
    transport,
    latencyMs,
    latencySource,
    lastSeq,
    lastEventAt,
    now,
    refresh,
    dispose() {
      offState();
      offEvent();
      offConnected();
      clock.clearInterval(timer);
    },
  };
}

/** The status words: what a person reads in the status bar. */
export function statusWords(state: ClientState): string {
  switch (state) {
    case "open":
      return "Connected";
    case "connecting":
      return "Connecting…";
    case "reconnecting":
      return "Reconnecting…";
    case "idle":
      return "Idle: no topics";
    case "closed":
      return "Disconnected";
  }
}

export function transportWords(kind: TransportKind | null): string {
  if (kind === "ws") return "WebSocket";
  if (kind === "sse") return "SSE";
  return "—";
}

/** The latency figure's tooltip: what it measures, in words. */
export function latencyWords(source: LatencySource | null): string {
  switch (source) {
    case "delivery":
      return "Median delivery latency of recent live events: from the hub stamping an event to this tab receiving it";
    case "ping":
      return "WebSocket ping round trip ÷ 2, smoothed (no live events recently)";
    case "lag":
      return "Delivery lag of recent events over SSE, smoothed";
    case null:
      return "Latency: no measurement yet";
  }
}
