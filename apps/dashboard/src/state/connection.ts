/**
 * Connection status for the status bar: state and transport pushed by the SDK's `state` events,
 * the rest (latency, last seq, last event time) read from the client on every applied batch and
 * on a 1 s tick that also moves the "5s ago" clock.
 */
import { batch, type ReadonlySignal, signal } from "@preact/signals";
import type { ClientState, HubClient, TransportKind } from "@tickerwire/client";

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

export interface ConnectionModel {
  readonly state: ReadonlySignal<ClientState>;
  readonly transport: ReadonlySignal<TransportKind | null>;
  readonly latencyMs: ReadonlySignal<number | null>;
  readonly lastSeq: ReadonlySignal<number>;
  readonly lastEventAt: ReadonlySignal<number | null>;
  /** Wall clock, advanced every tick, for relative times. */
  readonly now: ReadonlySignal<number>;
  /** Re-reads the client's live numbers. */
  refresh(): void;
  dispose(): void;
}

export function createConnectionModel(client: HubClient, clock: Clock = systemClock, tickMs = 1000): ConnectionModel {
  const state = signal<ClientState>(client.state);
  const transport = signal<TransportKind | null>(client.transport);
  const latencyMs = signal<number | null>(client.latencyMs);
  const lastSeq = signal(client.lastSeq);
  const lastEventAt = signal<number | null>(client.lastEventAt);
  const now = signal(clock.now());

  function refresh(): void {
    batch(() => {
      latencyMs.value = client.latencyMs;
      lastSeq.value = client.lastSeq;
      lastEventAt.value = client.lastEventAt;
    });
  }
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
    lastSeq,
    lastEventAt,
    now,
    refresh,
    dispose() {
      offState();
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
    case "closed":
      return "Disconnected";
  }
}

export function transportWords(kind: TransportKind | null): string {
  if (kind === "ws") return "WebSocket";
  if (kind === "sse") return "SSE";
  return "—";
}
