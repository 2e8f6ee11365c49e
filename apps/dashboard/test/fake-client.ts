/**
 * A HubClient the tests drive by hand: set its fields, `emit` what the SDK would emit, and read
 * back what the dashboard asked of it (filters, subscriptions, close).
 */
import type { ClientEvents, ClientState, HubClient, TransportKind } from "@tickerwire/client";
import type { Filter, HubEvent } from "@tickerwire/protocol";

type Kind = keyof ClientEvents;
type Listeners = { [K in Kind]: Set<(payload: ClientEvents[K]) => void> };
export class FakeClient implements HubClient {
  state: ClientState = "connecting";
  transport: TransportKind | null = null;
  latencyMs: number | null = null;
  lastSeq = 0;
  epoch: string | null = null;
  sessionId: string | null = null;
  lastEventAt: number | null = null;
  readonly filters: (Filter | undefined)[] = [];
  readonly subscriptions: { topics: string[]; filter?: Filter }[] = [];
  closed = false;
  private readonly listeners: Listeners = {
    event: new Set(),
    state: new Set(),
    connected: new Set(),
    replayed: new Set(),
    snapshot: new Set(),
    error: new Set(),
  };

  on<K extends Kind>(kind: K, cb: (payload: ClientEvents[K]) => void): () => void {
    const set = this.listeners[kind] as Set<(payload: ClientEvents[K]) => void>;
    set.add(cb);
    return () => set.delete(cb);
  }

  /** Emits like the SDK would; `event` also advances lastSeq and lastEventAt. */
  emit<K extends Kind>(kind: K, payload: ClientEvents[K]): void {
    if (kind === "event") {
      this.lastSeq = (payload as ClientEvents["event"]).seq;
      this.lastEventAt = Date.now();
    }
    for (const cb of this.listeners[kind] as Set<(payload: ClientEvents[K]) => void>) cb(payload);
  }

  /** Moves to a state and tells the listeners, as the SDK's single setState does. */
  setState(to: ClientState, transport: TransportKind | null = this.transport): void {
    const from = this.state;
    this.state = to;
    this.transport = transport;
    this.emit("state", { from, to, transport });
  }

  listenerCount(kind: Kind): number {
    return this.listeners[kind].size;
  }

  subscribe(topics: string[], filter?: Filter): void {
    this.subscriptions.push(filter ? { topics, filter } : { topics });
  }
  unsubscribe(_topics: string[]): void {}
  setFilter(filter: Filter | undefined): void {
    this.filters.push(filter);
  }
  events(): AsyncIterableIterator<HubEvent> {
    throw new Error("FakeClient.events is not used by the dashboard");
  }
  [Symbol.asyncIterator](): AsyncIterator<HubEvent> {
    return this.events();
  }
  close(): void {
    this.closed = true;
    this.setState("closed", null);
  }
}
