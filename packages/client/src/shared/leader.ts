/**
 * The leader: the one tab of a group with a real hub connection. It delivers to its own app like
 * a plain client and relays every event, state change, `connected`, `replayed` and error to the
 * followers — in batches, and only while some follower listens (relay.ts, audience.ts) — and
 * answers each follower's `hello` with what it missed (from its recent events).
 */
import type { ConnectedMessage, HubEvent, SnapshotMessage } from "@tickerwire/protocol";
import type { Cursor } from "../dedupe.ts";
import type { HubClient } from "../types.ts";
import { Audience } from "./audience.ts";
import type { ChannelMessage, LeaderView } from "./messages.ts";
import { toWireError } from "./messages.ts";
import { Relay } from "./relay.ts";
import type { Role, RoleContext } from "./role.ts";

/** How often a changed view (mostly the latency figure, which moves with pongs) is rebroadcast. */
export const VIEW_INTERVAL_MS = 2000;

export class Leader implements Role {
  readonly kind = "leader";
  readonly #ctx: RoleContext;
  readonly #client: HubClient;
  readonly #offs: (() => void)[];
  readonly #viewTimer: unknown;
  readonly #audience = new Audience();
  readonly #relay: Relay;
  #lastConnected: ConnectedMessage | null = null;
  /** Snapshot mode: the latest desk state our connection got (a new follower may start from it). */
  #lastSnapshot: SnapshotMessage | null = null;
  #lastView = "";
  #stopped = false;

  constructor(ctx: RoleContext) {
    this.#ctx = ctx;
    const { core, env } = ctx;
    this.#relay = new Relay({
      post: (batch) => ctx.post(batch),
      listening: () => this.#audience.any(env.now()),
      now: env.now,
      defer: env.defer,
    });
    const relay = this.#relay;
    // Resumes from this tab's own cursor: whatever the previous leader did not get to us, the hub
    // replays, and what we already have is dropped by seq.
    this.#client = ctx.open();
    const c = this.#client;
    this.#offs = [
      c.on("event", (event) => {
        if (core.deliver(event)) relay.push({ kind: "event", epoch: core.cursor?.epoch ?? null, event });
      }),
      c.on("state", (change) => {
        if (change.to === "closed") {
          // Only a refusal closes it (we detach before closing it ourselves): end the group.
          this.#broadcastView();
          relay.flush();
          core.fatal();
          return;
        }
        core.show(this.view());
        this.#broadcastView();
      }),
      c.on("connected", (message) => {
        this.#lastConnected = message;
        core.connected(message);
        relay.push({ kind: "connected", message, view: this.view() });
      }),
      c.on("replayed", (message) => {
        core.replayed(message);
        relay.push({ kind: "replayed", message, view: this.view() });
      }),
      c.on("snapshot", (message) => {
        this.#lastSnapshot = message;
        core.snapshot(message);
        relay.push({ kind: "snapshot", message });
      }),
      c.on("error", (error) => {
        core.error(error);
        relay.push({ kind: "error", error: toWireError(error) });
      }),
    ];
    // Followers show "reconnecting" until this connection is open (also after a silent crash).
    core.show(this.view());
    this.#broadcastView();
    this.#viewTimer = env.setInterval(() => this.#broadcastView(), VIEW_INTERVAL_MS);
  }

  /** The connection as followers should show it. */
  view(): LeaderView {
    const c = this.#client;
    return {
      state: c.state,
      transport: c.transport,
      latencyMs: c.latencyMs,
      sessionId: c.sessionId,
      cursor: this.#ctx.core.cursor,
    };
  }

  get latencyMs(): number | null {
    return this.#client.latencyMs;
  }

  get sessionId(): string | null {
    return this.#client.sessionId;
  }

  handle(m: ChannelMessage): void {
    if (this.#stopped) return;
    const now = this.#ctx.env.now();
    if (m.kind === "here") this.#audience.seen(m.from, now);
    else if (m.kind === "gone") this.#audience.gone(m.from);
    else if (m.kind === "hello") {
      this.#audience.seen(m.from, now);
      // What is batched was delivered here already: post it first, so the welcome's position is
      // past every item posted before it (the follower holds those back and drops repeats by seq).
      this.#relay.flush();
      this.#ctx.post({
        kind: "welcome",
        to: m.from,
        view: this.view(),
        connected: this.#lastConnected,
        ...this.#catchUpFor(m.cursor),
        position: this.#relay.position,
      });
    }
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#ctx.env.clearInterval(this.#viewTimer);
    for (const off of this.#offs) off();
    this.#client.close();
    this.#relay.flush();
    this.#relay.stop();
    this.#ctx.post({ kind: "bye" });
  }

  /**
   * What a follower at `cursor` missed. In snapshot mode a fresh follower (no cursor), or one our
   * buffer cannot serve, starts from our latest snapshot when the buffer still holds everything
   * after it; otherwise the follower asks the hub itself (`complete: false`).
   */
  #catchUpFor(cursor: Cursor | null): { snapshot: SnapshotMessage | null; events: HubEvent[]; complete: boolean } {
    const { core } = this.#ctx;
    const epoch = core.cursor?.epoch ?? null;
    const plain = core.recent.since(cursor, epoch);
    if (!core.snapshots) return { snapshot: null, ...plain };
    if (cursor !== null && plain.complete) return { snapshot: null, ...plain };
    const snap = this.#lastSnapshot;
    if (snap && snap.epoch === epoch) {
      const after = core.recent.since({ epoch: snap.epoch, seq: snap.seq }, epoch);
      if (after.complete) return { snapshot: snap, ...after };
    }
    return { snapshot: null, events: [], complete: false };
  }

  #broadcastView(): void {
    if (this.#stopped) return;
    const view = this.view();
    const key = JSON.stringify(view);
    if (key === this.#lastView) return;
    this.#lastView = key;
    this.#relay.push({ kind: "view", view });
  }
}
