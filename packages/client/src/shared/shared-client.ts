/**
 * The HubClient of a tab that shares its hub connection with the other tabs of the browser (see
 * connect-shared.ts). It owns what the app sees — state, cursor and de-duplication, listeners —
 * exactly like a plain client, while its Membership decides where events come from: its own
 * connection (leader) or the leader's broadcasts (follower).
 */
import type { ConnectedMessage, Filter, HubEvent } from "@tickerwire/protocol";
import { connect } from "../client.ts";
import type { ClientError } from "../errors.ts";
import { resolveOptions } from "../options.ts";
import { Outlet } from "../outlet.ts";
import { createStateMachine, type StateMachine } from "../state.ts";
import { filterChange, type Sub, type SubChange, subscribeChange, unsubscribeChange } from "../subscription-change.ts";
import type {
  ClientEvents,
  ClientLogger,
  ClientOptions,
  ClientRole,
  ClientState,
  SharedClientOptions,
  SharedHubClient,
  TransportKind,
} from "../types.ts";
import { channelName } from "./channel-key.ts";
import { Membership, type MembershipOptions } from "./membership.ts";
import type { LeaderView } from "./messages.ts";
import type { SharedCore } from "./role.ts";
import { TabCursor } from "./tab-cursor.ts";

export type SharedEnv = MembershipOptions["env"];

/** After the hub refused us for good, a leader keeps the lock this long so followers hear it first. */
export const REFUSAL_HOLD_MS = 1000;

export class SharedClient implements SharedHubClient {
  readonly #options: SharedClientOptions;
  readonly #env: SharedEnv;
  readonly #locks: MembershipOptions["locks"];
  readonly #log: ClientLogger;
  readonly #out: Outlet;
  readonly #sm: StateMachine;
  readonly #id: string;
  readonly #urls: string[];
  #topics: string[];
  #filter: Filter | undefined;
  readonly #snapshots: boolean;
  readonly #cursor: TabCursor;
  #member: Membership | null = null;
  #role: ClientRole = "follower";
  #latency: number | null = null;
  #sessionId: string | null = null;
  #lastEventAt: number | null = null;

  constructor(options: SharedClientOptions, env: SharedEnv, locks: MembershipOptions["locks"], id: string) {
    const { options: o, problems } = resolveOptions(options);
    this.#options = options;
    this.#env = env;
    this.#locks = locks;
    this.#id = id;
    this.#log = options.logger ?? {};
    this.#out = new Outlet(this.#log);
    this.#sm = createStateMachine("connecting", (change) => this.#out.emit("state", change));
    this.#urls = o.urls;
    this.#topics = o.topics;
    this.#filter = o.filter;
    this.#snapshots = o.snapshot;
    this.#cursor = new TabCursor(o.resume, this.#log);
    queueMicrotask(() => {
      for (const p of problems) this.#error(p);
      this.#join();
    });
  }

  get role(): ClientRole {
    return this.#member?.role ?? this.#role;
  }
  get state(): ClientState {
    return this.#sm.state;
  }
  get transport(): TransportKind | null {
    return this.#sm.transport;
  }
  get latencyMs(): number | null {
    const lead = this.#member?.leaderView();
    return lead ? lead.latencyMs : this.#latency;
  }
  get lastSeq(): number {
    return this.#cursor.value?.seq ?? 0;
  }
  get epoch(): string | null {
    return this.#cursor.value?.epoch ?? null;
  }
  get sessionId(): string | null {
    const lead = this.#member?.leaderView();
    return lead?.sessionId ?? this.#sessionId;
  }
  get lastEventAt(): number | null {
    return this.#lastEventAt;
  }
  on<K extends keyof ClientEvents>(kind: K, cb: (value: ClientEvents[K]) => void): () => void {
    return this.#out.on(kind, cb);
  }

  /** Tabs share a connection only with the same subscription: a change moves this tab to another group. */
  subscribe(topics: string[], filter?: Filter): void {
    this.#change(subscribeChange(this.#sub(), topics, filter));
  }

  unsubscribe(topics: string[]): void {
    this.#change(unsubscribeChange(this.#sub(), topics));
  }

  setFilter(filter: Filter | undefined): void {
    this.#change(filterChange(this.#sub(), filter));
  }

  events(): AsyncIterableIterator<HubEvent> {
    return this.#out.events();
  }

  [Symbol.asyncIterator](): AsyncIterator<HubEvent> {
    return this.events();
  }

  close(): void {
    this.#close(0);
  }

  /** What the roles may call; kept off the public object so the app cannot call it. */
  #core(): SharedCore {
    const cursor = this.#cursor;
    return {
      get cursor() {
        return cursor.value;
      },
      recent: cursor.recent,
      deliver: (e) => this.#deliver(e),
      connected: (m) => {
        cursor.connected(m);
        this.#announce(m);
      },
      announce: (m) => this.#announce(m),
      replayed: (m) => {
        cursor.replayed(m);
        this.#out.emit("replayed", m);
      },
      snapshots: this.#snapshots,
      snapshot: (m) => {
        if (this.state === "closed") return;
        cursor.snapshot(m);
        this.#out.emit("snapshot", m);
      },
      adoptCursor: (c) => cursor.adopt(c),
      show: (view) => this.#show(view),
      error: (e) => this.#error(e),
      // Not from inside the role's callback: the role is still running.
      fatal: () => queueMicrotask(() => this.#close(REFUSAL_HOLD_MS)),
    };
  }

  #close(holdLockMs: number): void {
    if (this.state === "closed") return;
    this.#role = this.role;
    this.#member?.leave(holdLockMs);
    this.#member = null;
    this.#sm.set("closed", null);
    this.#out.end();
  }

  #deliver(e: HubEvent): boolean {
    if (this.state === "closed" || !this.#cursor.accept(e)) return false;
    this.#lastEventAt = this.#env.now();
    this.#out.event(e);
    return true;
  }

  #announce(m: ConnectedMessage): void {
    this.#sessionId = m.session_id;
    this.#out.emit("connected", m);
  }

  #show(view: Omit<LeaderView, "cursor">): void {
    if (this.state === "closed") return;
    this.#latency = view.latencyMs;
    if (view.sessionId !== null) this.#sessionId = view.sessionId;
    // A tab taking over shows "reconnecting", not a fresh "connecting", once it has been open.
    const to = view.state === "connecting" && this.state !== "connecting" ? "reconnecting" : view.state;
    if (to !== "closed") this.#sm.set(to, view.transport);
  }

  #error(e: ClientError): void {
    this.#log.debug?.(`${e.code}: ${e.message}`);
    this.#out.emit("error", e);
  }

  #join(): void {
    if (this.state === "closed") return;
    if (this.#topics.length === 0) {
      this.#log.debug?.("no topics subscribed: idle until subscribe()");
      return;
    }
    this.#cursor.restart();
    this.#member = new Membership({
      name: channelName(this.#urls, this.#topics, this.#filter, this.#options.channelName),
      id: this.#id,
      core: this.#core(),
      env: this.#env,
      locks: this.#locks,
      log: this.#log,
      open: (extra) => this.#open(extra),
    });
  }

  #sub(): Sub {
    return { topics: this.#topics, filter: this.#filter };
  }

  #change({ next, errors }: SubChange): void {
    if (this.state === "closed") return;
    for (const e of errors) this.#error(e);
    if (!next) return;
    this.#topics = next.topics;
    this.#filter = next.filter;
    // A desk state is a view of one subscription: the new group's connection brings a fresh one.
    if (this.#snapshots) this.#cursor.forget();
    this.#rejoin();
  }

  #rejoin(): void {
    this.#member?.leave();
    this.#member = null;
    if (this.state === "open") this.#sm.set("reconnecting", null);
    this.#join();
  }

  /** A real connection for this tab's subscription, resuming from its cursor. */
  #open(extra: Partial<ClientOptions> = {}) {
    const { channelName: _, ...plain } = this.#options;
    const c = this.#cursor.value;
    return connect({
      ...plain,
      topics: this.#topics,
      filter: this.#filter,
      resume: c === null ? undefined : { ...(c.epoch === null ? {} : { epoch: c.epoch }), seq: c.seq },
      env: this.#env,
      ...extra,
    });
  }
}
