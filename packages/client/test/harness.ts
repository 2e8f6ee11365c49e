/** One scenario's world: a fake clock, a mock hub on msw, and a client whose every output is recorded. */
import type { ConnectedMessage, HubEvent, ReplayedMessage } from "@tickerwire/protocol";
import { type ClientError, type ClientOptions, connect, type HubClient, type StateChange } from "../src/index.ts";
import { FakeClock } from "./fake-clock.ts";
import { MockHub, serveHubs } from "./mock-hub.ts";

export interface Recorded<C extends HubClient = HubClient> {
  client: C;
  events: HubEvent[];
  states: StateChange[];
  errors: ClientError[];
  connected: ConnectedMessage[];
  replayed: ReplayedMessage[];
}

export function record<C extends HubClient>(client: C): Recorded<C> {
  const r: Recorded<C> = { client, events: [], states: [], errors: [], connected: [], replayed: [] };
  client.on("event", (e) => r.events.push(e));
  client.on("state", (s) => r.states.push(s));
  client.on("error", (e) => r.errors.push(e));
  client.on("connected", (m) => r.connected.push(m));
  client.on("replayed", (m) => r.replayed.push(m));
  return r;
}

export class World {
  readonly clock = new FakeClock();
  readonly hubs: MockHub[];
  readonly server;
  readonly #clients: HubClient[] = [];

  constructor(bases: string[] = ["http://hub.test"]) {
    this.hubs = bases.map((b) => new MockHub(this.clock, b));
    this.server = serveHubs(...this.hubs);
    this.server.listen({ onUnhandledRequest: "error" });
  }

  get hub(): MockHub {
    return this.hubs[0] as MockHub;
  }

  /** A recorded client on the fake clock; `random` defaults to 0.5 (so jittered delays are half the ceiling). */
  connect(options: Partial<ClientOptions> = {}, random?: () => number): Recorded {
    const client = connect({
      url: this.hubs.map((h) => h.base),
      ...options,
      env: { ...this.clock.env(random), ...options.env },
    });
    this.#clients.push(client);
    return record(client);
  }

  dispose(): void {
    for (const c of this.#clients) c.close();
    this.server.close();
  }
}

export const seqs = (events: HubEvent[]) => events.map((e) => e.seq);
