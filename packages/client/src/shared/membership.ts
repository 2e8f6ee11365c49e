/**
 * One tab's membership of one group: its BroadcastChannel and its place in the Web Lock queue of
 * the same name. It starts as a follower; when the lock is granted (at once for the first tab,
 * else when the leader's tab closes — the browser releases a dead tab's locks) it becomes the
 * leader and holds the lock until it leaves.
 */
import type { BroadcastChannelLike, ClientEnv, ClientLogger, ClientOptions, HubClient } from "../types.ts";
import { Follower } from "./follower.ts";
import { Leader } from "./leader.ts";
import { type ChannelBody, isChannelMessage, type LeaderView } from "./messages.ts";
import type { Role, RoleContext, SharedCore } from "./role.ts";

export interface MembershipOptions {
  name: string;
  id: string;
  core: SharedCore;
  env: ClientEnv & { BroadcastChannel: NonNullable<ClientEnv["BroadcastChannel"]> };
  locks: NonNullable<ClientEnv["locks"]>;
  log: ClientLogger;
  open(extra?: Partial<ClientOptions>): HubClient;
}

export class Membership {
  readonly #o: MembershipOptions;
  readonly #ctx: RoleContext;
  readonly #channel: BroadcastChannelLike;
  readonly #abort = new AbortController();
  #release: (() => void) | null = null;
  #role: Role;
  #left = false;

  constructor(o: MembershipOptions) {
    this.#o = o;
    this.#channel = new o.env.BroadcastChannel(o.name);
    this.#ctx = {
      id: o.id,
      core: o.core,
      env: o.env,
      log: o.log,
      post: (body) => this.#post(body),
      open: o.open,
    };
    this.#channel.onmessage = (e) => this.#receive(e.data);
    this.#role = new Follower(this.#ctx);
    o.locks
      .request(o.name, { mode: "exclusive", signal: this.#abort.signal }, () => this.#granted())
      .catch((e: unknown) => {
        // Leaving while still queued aborts the request: expected.
        if (!this.#left) o.log.warn?.("shared client: lock request failed", e);
      });
  }

  get role(): Role["kind"] {
    return this.#role.kind;
  }

  /** The connection as the leader sees it right now; null while following. */
  leaderView(): LeaderView | null {
    return this.#role instanceof Leader ? this.#role.view() : null;
  }

  /**
   * Leaves the group: a leader stops its connection and says bye, then the lock goes to the next
   * tab — after `holdLockMs` when the hub refused us, so the followers hear that (and close)
   * before one of them takes over and gets refused in turn.
   */
  leave(holdLockMs = 0): void {
    if (this.#left) return;
    this.#role.stop();
    this.#left = true;
    this.#channel.onmessage = null;
    this.#channel.close();
    this.#abort.abort();
    const release = this.#release;
    this.#release = null;
    if (!release) return;
    if (holdLockMs > 0) this.#o.env.setTimeout(release, holdLockMs);
    else release();
  }

  /** Holds the lock (the returned promise) until we leave. */
  #granted(): Promise<void> {
    if (this.#left) return Promise.resolve();
    return new Promise((resolve) => {
      this.#release = resolve;
      this.#role.stop();
      this.#o.log.debug?.(`shared client: leading ${this.#o.name}`);
      // Announced first: followers take views only from the leader they know.
      this.#post({ kind: "leader" });
      this.#role = new Leader(this.#ctx);
    });
  }

  #receive(data: unknown): void {
    if (this.#left || !isChannelMessage(data) || data.from === this.#o.id) return;
    if (data.kind === "welcome" && data.to !== this.#o.id) return;
    this.#role.handle(data);
  }

  #post(body: ChannelBody): void {
    if (this.#left) return;
    try {
      this.#channel.postMessage({ ...body, from: this.#o.id });
    } catch (e) {
      this.#o.log.warn?.("shared client: could not post to the other tabs", e);
    }
  }
}
