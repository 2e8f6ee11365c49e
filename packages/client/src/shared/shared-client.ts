/**
 * The HubClient of a tab that shares its hub connection with the other tabs of the browser (see
 * connect-shared.ts). The app-facing object is the same ClientCore as a plain client's (state,
 * cursor and de-duplication, listeners); here is its driver, whose Membership decides where
 * events come from: its own connection (leader) or the leader's broadcasts (follower). A change
 * of subscription moves the tab to another group.
 */
import { connect } from "../client.ts";
import { ClientCore, type CoreAccess, type Driver } from "../client-core.ts";
import { resolveOptions } from "../options.ts";
import type { ClientLogger, ClientOptions, ClientRole, SharedClientOptions, SharedHubClient } from "../types.ts";
import { channelName } from "./channel-key.ts";
import { Membership, type MembershipOptions } from "./membership.ts";
import type { LeaderView } from "./messages.ts";
import type { SharedCore } from "./role.ts";
import { TabCursor } from "./tab-cursor.ts";

export type SharedEnv = MembershipOptions["env"];

/** After the hub refused us for good, a leader keeps the lock this long so followers hear it first. */
export const REFUSAL_HOLD_MS = 1000;

export function sharedClient(
  options: SharedClientOptions,
  env: SharedEnv,
  locks: MembershipOptions["locks"],
  id: string,
): SharedHubClient {
  const { options: o, problems } = resolveOptions(options);
  const log = options.logger ?? {};
  const cursor = new TabCursor(o.resume, log);
  const core = { topics: o.topics, filter: o.filter, snapshot: o.snapshot, cursor, log, now: env.now, problems };
  return new ClientCore(core, (access) => new Shared(options, o.urls, env, locks, log, id, access));
}

class Shared implements Driver {
  readonly #core: CoreAccess<TabCursor>;
  #member: Membership | null = null;
  /** The role played last, kept when the tab leaves its group (on close). */
  #role: ClientRole = "follower";
  /** The leader's latency as its last view said (a leader reads its own connection's). */
  #latency: number | null = null;

  constructor(
    private readonly options: SharedClientOptions,
    private readonly urls: string[],
    private readonly env: SharedEnv,
    private readonly locks: MembershipOptions["locks"],
    private readonly log: ClientLogger,
    private readonly id: string,
    core: CoreAccess<TabCursor>,
  ) {
    this.#core = core;
  }

  get role(): ClientRole {
    return this.#member?.role ?? this.#role;
  }

  get latencyMs(): number | null {
    const lead = this.#member?.leaderView();
    return lead ? lead.latencyMs : this.#latency;
  }

  start(): void {
    this.#join();
  }

  /** Tabs share a connection only with the same subscription: a change moves this tab to another group. */
  subscriptionChanged(): void {
    this.#leave(0);
    this.#join();
  }

  stop(): void {
    this.#leave(0);
  }

  #leave(holdLockMs: number): void {
    this.#role = this.role;
    this.#member?.leave(holdLockMs);
    this.#member = null;
  }

  #join(): void {
    const core = this.#core;
    if (core.state === "closed") return;
    const { topics, filter } = core.subscription();
    if (topics.length === 0) {
      this.log.debug?.("no topics subscribed: idle until subscribe()");
      core.setState("idle", null);
      return;
    }
    // Moving to another group: the new group's connection is not open yet.
    if (core.state === "open") core.setState("reconnecting", null);
    core.cursor.restart();
    this.#member = new Membership({
      name: channelName(this.urls, topics, filter, this.options.channelName),
      id: this.id,
      core: this.#roleCore(),
      env: this.env,
      locks: this.locks,
      log: this.log,
      open: (extra) => this.#open(extra),
    });
  }

  /** What the roles may call. */
  #roleCore(): SharedCore {
    const core = this.#core;
    const cursor = core.cursor;
    return {
      get cursor() {
        return cursor.value;
      },
      recent: cursor.recent,
      deliver: (e) => core.deliver(e),
      connected: (m) => {
        cursor.connected(m);
        core.announce(m);
      },
      announce: (m) => core.announce(m),
      replayed: (m) => core.replayed(m),
      snapshots: core.snapshots,
      snapshot: (m) => core.snapshot(m),
      adoptCursor: (c) => cursor.adopt(c),
      show: (view) => this.#show(view),
      error: (e) => core.error(e),
      // Not from inside the role's callback: the role is still running.
      fatal: () =>
        queueMicrotask(() => {
          this.#leave(REFUSAL_HOLD_MS);
          core.close();
        }),
    };
  }

  #show(view: Omit<LeaderView, "cursor">): void {
    const core = this.#core;
    if (core.state === "closed") return;
    this.#latency = view.latencyMs;
    if (view.sessionId !== null) core.session(view.sessionId);
    // A tab taking over shows "reconnecting", not a fresh "connecting", once it has been open.
    const wasOpen = core.state === "open" || core.state === "reconnecting";
    const to = view.state === "connecting" && wasOpen ? "reconnecting" : view.state;
    if (to !== "closed") core.setState(to, view.transport);
  }

  /** A real connection for this tab's subscription, resuming from its cursor. */
  #open(extra: Partial<ClientOptions> = {}) {
    const { channelName: _, ...plain } = this.options;
    const { topics, filter } = this.#core.subscription();
    const c = this.#core.cursor.value;
    return connect({
      ...plain,
      topics,
      filter,
      resume: c === null ? undefined : { ...(c.epoch === null ? {} : { epoch: c.epoch }), seq: c.seq },
      env: this.env,
      ...extra,
    });
  }
}
