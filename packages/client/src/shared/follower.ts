/**
 * A follower: a tab that shows the leader's connection. It says `hello` with its cursor; the
 * leader's `welcome` brings what it missed (or says it must catch up from the hub, catch-up.ts).
 * Until then the leader's stream is held back, then applied in order, so every event is
 * delivered once, in seq order — also when the leader changes (a new leader gets a new hello).
 *
 * The leader relays only to followers it has heard lately, so a follower says `here` every
 * HEARTBEAT_MS (and when a batch arrives after that long: timers of hidden tabs are throttled,
 * messages are not), and `gone` when it stops. Should the leader skip it anyway, the relay
 * positions jump and the follower says hello again: the welcome brings what it missed.
 */
import type { Cursor } from "../dedupe.ts";
import { CatchUp } from "./catch-up.ts";
import type { BatchMessage, ChannelMessage, RelayItem, StreamItem } from "./messages.ts";
import { fromWireError } from "./messages.ts";
import type { Role, RoleContext } from "./role.ts";

/** A hello nobody answered (sent before the leader's channel existed, say) is repeated this often. */
export const HELLO_RETRY_MS = 1000;
/** Held-back stream items beyond this: stop waiting and accept the gap (said as `truncated`). */
export const PENDING_LIMIT = 20_000;
/** A follower tells its leader it still listens this often (well within audience.ts FOLLOWER_TTL_MS). */
export const HEARTBEAT_MS = 5000;

type Phase = "waiting" | "catching-up" | "following";
type Welcome = Extract<ChannelMessage, { kind: "welcome" }>;
type Held = { from: string; item: StreamItem };

export class Follower implements Role {
  readonly kind = "follower";
  #phase: Phase = "waiting";
  #pending: Held[] = [];
  /** The leader we follow (from `leader` or `welcome`); null until we know. */
  #leader: string | null = null;
  #catchUp: CatchUp | null = null;
  /** A new leader or a gap while catching up: say hello again when done. */
  #helloAfterCatchUp = false;
  /** The leader's relay position we expect next; null until its welcome. */
  #next: number | null = null;
  #lastHere = Number.NEGATIVE_INFINITY;
  readonly #heartbeat: unknown;
  /** The cursor of our first hello: a join with a cursor is a resume, and ends with `replayed`. */
  #joinedWith: Cursor | null | undefined = undefined;
  #helloTimer: unknown = null;
  #stopped = false;

  constructor(private readonly ctx: RoleContext) {
    this.#hello();
    this.#heartbeat = ctx.env.setInterval(() => this.#here(), HEARTBEAT_MS);
  }

  handle(m: ChannelMessage): void {
    if (this.#stopped) return;
    const { core } = this.ctx;
    switch (m.kind) {
      case "welcome":
        if (this.#phase === "waiting" && (this.#leader === null || m.from === this.#leader)) this.#welcome(m);
        return;
      case "leader":
        if (m.from === this.#leader) return;
        this.#leader = m.from;
        this.#next = null;
        // What the new leader's first view would say (it relays nothing until it hears us).
        core.show({ state: "connecting", transport: null, latencyMs: null, sessionId: null });
        // The new leader resumed from its own cursor: ask it for anything we lack below that.
        if (this.#phase === "catching-up") this.#helloAfterCatchUp = true;
        else this.#hello();
        return;
      case "bye":
        if (this.#leader === null || m.from === this.#leader) {
          core.show({ state: "reconnecting", transport: null, latencyMs: null, sessionId: null });
        }
        return;
      case "batch":
        this.#batch(m);
        return;
      case "hello":
      case "here":
      case "gone":
        return; // for the leader
    }
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.ctx.post({ kind: "gone" });
    this.ctx.env.clearInterval(this.#heartbeat);
    this.#clearHelloTimer();
    this.#catchUp?.stop();
    this.#catchUp = null;
    this.#pending = [];
  }

  #hello(): void {
    this.#phase = "waiting";
    this.#clearHelloTimer();
    const cursor = this.ctx.core.cursor;
    if (this.#joinedWith === undefined) this.#joinedWith = cursor;
    this.#lastHere = this.ctx.env.now(); // a hello counts as a heartbeat
    this.ctx.post({ kind: "hello", cursor });
    this.#helloTimer = this.ctx.env.setTimeout(() => {
      this.#helloTimer = null;
      if (!this.#stopped && this.#phase === "waiting") this.#hello();
    }, HELLO_RETRY_MS);
  }

  #welcome(m: Welcome): void {
    const { core } = this.ctx;
    this.#clearHelloTimer();
    this.#leader = m.from;
    this.#next = m.position;
    core.show(m.view);
    // Snapshot mode: a fresh tab starts from a desk state (the welcome's, or the hub's), never
    // from the leader's bare cursor, which would leave it without everything before it.
    if (core.cursor === null && !core.snapshots) core.adoptCursor(m.view.cursor);
    if (m.connected) core.announce(m.connected);
    if (m.snapshot) core.snapshot(m.snapshot);
    if (m.view.state === "closed") {
      core.fatal();
      return;
    }
    if (!m.complete) {
      this.#phase = "catching-up";
      this.#catchUp = new CatchUp(this.ctx, (ok) => this.#caughtUp(ok));
      return;
    }
    let count = 0;
    for (const e of m.events) if (core.deliver(e)) count++;
    const first = this.#joinedWith;
    this.#joinedWith = null;
    const cursor = core.cursor;
    if (first && cursor) {
      // Joined with a cursor: as a plain client's resume would, say the catch-up is done.
      const epoch = cursor.epoch ?? m.view.cursor?.epoch ?? "";
      core.replayed({ type: "replayed", count, truncated: false, from_seq: first.seq, to_seq: cursor.seq, epoch });
    }
    this.#follow();
  }

  #caughtUp(ok: boolean): void {
    this.#catchUp = null;
    this.#joinedWith = null;
    if (!ok) this.#acceptGap();
    if (this.#helloAfterCatchUp) {
      this.#helloAfterCatchUp = false;
      this.#hello(); // keeps what is held back: the new leader's welcome comes first
    } else {
      this.#follow();
    }
  }

  #follow(): void {
    this.#phase = "following";
    const held = this.#pending;
    this.#pending = [];
    for (const h of held) this.#apply(h.item, h.from);
  }

  #batch(m: BatchMessage): void {
    if (this.ctx.env.now() - this.#lastHere >= HEARTBEAT_MS) this.#here();
    if (m.from === this.#leader && this.#next !== null) {
      if (m.first > this.#next) this.#gap(m.first - this.#next);
      this.#next = Math.max(this.#next, m.first + m.items.length);
    }
    for (const item of m.items) {
      if (this.#stopped) return;
      if (isStreamItem(item) && this.#phase !== "following") this.#hold(item, m.from);
      else this.#apply(item, m.from);
    }
  }

  /** The leader skipped us (it had not heard us for a while): ask again, holding the stream back. */
  #gap(missed: number): void {
    this.ctx.log.debug?.(`shared client: ${missed} relayed messages missed; asking the leader again`);
    this.#next = null;
    if (this.#phase === "catching-up") this.#helloAfterCatchUp = true;
    else this.#hello();
  }

  #apply(item: RelayItem, from: string): void {
    const { core } = this.ctx;
    const fromLeader = this.#leader === null || from === this.#leader;
    switch (item.kind) {
      case "event": {
        const ours = core.cursor?.epoch ?? null;
        // An event of another history (a stale leader's, around an epoch change) is not ours.
        if (ours === null || item.epoch === null || item.epoch === ours) core.deliver(item.event);
        return;
      }
      case "connected":
        core.connected(item.message);
        if (fromLeader) core.show(item.view);
        return;
      case "replayed":
        core.replayed(item.message);
        if (fromLeader) core.show(item.view);
        return;
      case "snapshot":
        if (fromLeader) core.snapshot(item.message);
        return;
      case "view":
        if (!fromLeader) return;
        core.show(item.view);
        if (item.view.state === "closed") core.fatal();
        return;
      case "error":
        core.error(fromWireError(item.error));
        return;
    }
  }

  #hold(item: StreamItem, from: string): void {
    this.#pending.push({ from, item });
    if (this.#pending.length <= PENDING_LIMIT) return;
    this.ctx.log.warn?.("shared client: the leader's stream outran our catch-up; accepting the gap");
    this.#catchUp?.stop();
    this.#catchUp = null;
    this.#clearHelloTimer();
    this.#acceptGap();
    this.#follow();
  }

  #here(): void {
    if (this.#stopped) return;
    this.#lastHere = this.ctx.env.now();
    this.ctx.post({ kind: "here" });
  }

  /** What we missed cannot be had: say so (`truncated`, as the hub would) and go on from here. */
  #acceptGap(): void {
    const { core } = this.ctx;
    const seq = core.cursor?.seq ?? 0;
    const epoch = core.cursor?.epoch ?? "";
    core.replayed({ type: "replayed", count: 0, truncated: true, from_seq: seq, to_seq: seq, epoch });
  }

  #clearHelloTimer(): void {
    if (this.#helloTimer !== null) this.ctx.env.clearTimeout(this.#helloTimer);
    this.#helloTimer = null;
  }
}

function isStreamItem(item: RelayItem): item is StreamItem {
  return item.kind === "event" || item.kind === "connected" || item.kind === "replayed" || item.kind === "snapshot";
}
