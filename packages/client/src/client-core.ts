/**
 * The HubClient the app holds, whichever way its events arrive. What the app sees lives here
 * once: the state (one machine, state.ts), the subscription and its changes, the resume cursor
 * and de-duplication (cursor.ts), listeners and iterators (outlet.ts). Where events come from is
 * a Driver's business — a connection of its own (client.ts) or a group of tabs sharing one
 * (shared/shared-client.ts) — and a driver changes the core only through `CoreAccess`, which is
 * never on the object the app holds.
 */
import type { ConnectedMessage, Filter, HubEvent, ReplayedMessage, SnapshotMessage } from "@tickerwire/protocol";
import type { ClientCursor } from "./cursor.ts";
import type { ClientError } from "./errors.ts";
import { Outlet } from "./outlet.ts";
import { createStateMachine, type StateMachine } from "./state.ts";
import { filterChange, type Sub, type SubChange, subscribeChange, unsubscribeChange } from "./subscription-change.ts";
import type { ClientEvents, ClientLogger, ClientRole, ClientState, SharedHubClient, TransportKind } from "./types.ts";

/** Where a client's events come from. */
export interface Driver {
  readonly role: ClientRole;
  readonly latencyMs: number | null;
  /** Called once, on the microtask after construction, so listeners added at once see everything. */
  start(): void;
  /** Topics or filter changed; in snapshot mode the cursor has been forgotten already. */
  subscriptionChanged(): void;
  /** Stops for good (may be called more than once); the core says `closed` after it. */
  stop(): void;
}

/** What a driver may do to the core. */
export interface CoreAccess<C extends ClientCursor> {
  readonly cursor: C;
  readonly state: ClientState;
  readonly snapshots: boolean;
  subscription(): Sub;
  setState(to: ClientState, transport: TransportKind | null): void;
  /** Delivers once, in seq order (the cursor drops seq ≤ its own); true when it was new. */
  deliver(e: HubEvent): boolean;
  /** The hub session the app sees (its connection's, or its leader's). */
  session(id: string): void;
  /** Tells the app about a connection (`on("connected")`); the cursor is the driver's call. */
  announce(m: ConnectedMessage): void;
  replayed(m: ReplayedMessage): void;
  snapshot(m: SnapshotMessage): void;
  error(e: ClientError): void;
  /** The hub refused us for good: the client closes. */
  close(): void;
}

export interface CoreOptions<C extends ClientCursor> {
  topics: string[];
  filter: Filter | undefined;
  /** `snapshot: true`: a desk state is a view of one subscription, so a change forgets the cursor. */
  snapshot: boolean;
  cursor: C;
  log: ClientLogger;
  now(): number;
  /** Option problems to report as errors once listeners are attached. */
  problems: ClientError[];
}

export class ClientCore<C extends ClientCursor = ClientCursor> implements SharedHubClient {
  readonly #out: Outlet;
  readonly #sm: StateMachine;
  readonly #cursor: C;
  readonly #log: ClientLogger;
  readonly #now: () => number;
  readonly #snapshot: boolean;
  readonly #driver: Driver;
  #sub: Sub;
  #sessionId: string | null = null;
  #lastEventAt: number | null = null;

  constructor(o: CoreOptions<C>, makeDriver: (core: CoreAccess<C>) => Driver) {
    this.#log = o.log;
    this.#out = new Outlet(o.log);
    this.#sm = createStateMachine("connecting", (change) => this.#out.emit("state", change));
    this.#cursor = o.cursor;
    this.#now = o.now;
    this.#snapshot = o.snapshot;
    this.#sub = { topics: o.topics, filter: o.filter };
    this.#driver = makeDriver(this.#access());
    queueMicrotask(() => {
      for (const p of o.problems) this.#error(p);
      if (this.state !== "closed") this.#driver.start();
    });
  }

  get role(): ClientRole {
    return this.#driver.role;
  }
  get state(): ClientState {
    return this.#sm.state;
  }
  get transport(): TransportKind | null {
    return this.#sm.transport;
  }
  get latencyMs(): number | null {
    return this.#driver.latencyMs;
  }
  get lastSeq(): number {
    return this.#cursor.value?.seq ?? 0;
  }
  get epoch(): string | null {
    return this.#cursor.value?.epoch ?? null;
  }
  get sessionId(): string | null {
    return this.#sessionId;
  }
  get lastEventAt(): number | null {
    return this.#lastEventAt;
  }

  on<K extends keyof ClientEvents>(kind: K, cb: (value: ClientEvents[K]) => void): () => void {
    return this.#out.on(kind, cb);
  }

  subscribe(topics: string[], filter?: Filter): void {
    this.#change(subscribeChange(this.#sub, topics, filter));
  }

  unsubscribe(topics: string[]): void {
    this.#change(unsubscribeChange(this.#sub, topics));
  }

  setFilter(filter: Filter | undefined): void {
    this.#change(filterChange(this.#sub, filter));
  }

  events(): AsyncIterableIterator<HubEvent> {
    return this.#out.events();
  }

  [Symbol.asyncIterator](): AsyncIterator<HubEvent> {
    return this.events();
  }

  close(): void {
    if (this.state === "closed") return;
    this.#driver.stop();
    this.#sm.set("closed", null);
    this.#out.end();
  }

  #change({ next, errors }: SubChange): void {
    if (this.state === "closed") return;
    for (const e of errors) this.#error(e);
    if (!next) return;
    this.#sub = next;
    if (this.#snapshot) this.#cursor.forget();
    this.#driver.subscriptionChanged();
  }

  #error(e: ClientError): void {
    this.#log.debug?.(`${e.code}: ${e.message}`);
    this.#out.emit("error", e);
  }

  /** Built once; closed over so the app's object carries none of it. */
  #access(): CoreAccess<C> {
    const core = this;
    const out = this.#out;
    return {
      cursor: this.#cursor,
      get state() {
        return core.state;
      },
      snapshots: this.#snapshot,
      subscription: () => this.#sub,
      setState: (to, transport) => this.#sm.set(to, transport),
      deliver: (e) => {
        if (this.state === "closed" || !this.#cursor.accept(e)) return false;
        this.#lastEventAt = this.#now();
        out.event(e);
        return true;
      },
      session: (id) => {
        this.#sessionId = id;
      },
      announce: (m) => {
        this.#sessionId = m.session_id;
        out.emit("connected", m);
      },
      replayed: (m) => {
        this.#cursor.replayed(m);
        out.emit("replayed", m);
      },
      snapshot: (m) => {
        if (this.state === "closed") return;
        this.#cursor.snapshot(m);
        out.emit("snapshot", m);
      },
      error: (e) => this.#error(e),
      close: () => this.close(),
    };
  }
}
