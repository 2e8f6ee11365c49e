/**
 * A follower: a tab that shows the leader's connection. It says `hello` with its cursor; the
 * leader's `welcome` brings what it missed (or says it must catch up from the hub, catch-up.ts).
 * Until then the leader's stream is held back, then applied in order, so every event is
 * delivered once, in seq order — also when the leader changes (a new leader gets a new hello).
 */
import type { Cursor } from "../dedupe.ts";
import { CatchUp } from "./catch-up.ts";
import type { ChannelMessage, StreamMessage } from "./messages.ts";
import { fromWireError } from "./messages.ts";
import type { Role, RoleContext } from "./role.ts";

/** A hello nobody answered (sent before the leader's channel existed, say) is repeated this often. */
export const HELLO_RETRY_MS = 1000;
/** Held-back stream messages beyond this: stop waiting and accept the gap (said as `truncated`). */
export const PENDING_LIMIT = 20_000;

type Phase = "waiting" | "catching-up" | "following";
type Welcome = Extract<ChannelMessage, { kind: "welcome" }>;

export class Follower implements Role {
  readonly kind = "follower";
  #phase: Phase = "waiting";
  #pending: StreamMessage[] = [];
  /** The leader we follow (from `leader` or `welcome`); null until we know. */
  #leader: string | null = null;
  #catchUp: CatchUp | null = null;
  #leaderChangedMeanwhile = false;
  /** The cursor of our first hello: a join with a cursor is a resume, and ends with `replayed`. */
  #joinedWith: Cursor | null | undefined = undefined;
  #helloTimer: unknown = null;
  #stopped = false;

  constructor(private readonly ctx: RoleContext) {
    this.#hello();
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
        // The new leader resumed from its own cursor: ask it for anything we lack below that.
        if (this.#phase === "catching-up") this.#leaderChangedMeanwhile = true;
        else this.#hello();
        return;
      case "bye":
        if (this.#leader === null || m.from === this.#leader) {
          core.show({ state: "reconnecting", transport: null, latencyMs: null, sessionId: null });
        }
        return;
      case "view":
        if (this.#leader !== null && m.from !== this.#leader) return;
        core.show(m.view);
        if (m.view.state === "closed") core.fatal();
        return;
      case "error":
        core.error(fromWireError(m.error));
        return;
      case "event":
      case "connected":
      case "replayed":
        if (this.#phase === "following") this.#apply(m);
        else this.#hold(m);
        return;
      case "hello":
        return; // for the leader
    }
  }

  stop(): void {
    this.#stopped = true;
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
    core.show(m.view);
    if (core.cursor === null) core.adoptCursor(m.view.cursor);
    if (m.connected) core.announce(m.connected);
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
    if (this.#leaderChangedMeanwhile) {
      this.#leaderChangedMeanwhile = false;
      this.#hello(); // keeps what is held back: the new leader's welcome comes first
    } else {
      this.#follow();
    }
  }

  #follow(): void {
    this.#phase = "following";
    const held = this.#pending;
    this.#pending = [];
    for (const m of held) this.#apply(m);
  }

  #apply(m: StreamMessage): void {
    const { core } = this.ctx;
    if (m.kind === "event") {
      const ours = core.cursor?.epoch ?? null;
      // An event of another history (a stale leader's, around an epoch change) is not ours.
      if (ours === null || m.epoch === null || m.epoch === ours) core.deliver(m.event);
    } else if (m.kind === "connected") {
      core.connected(m.message);
    } else {
      core.replayed(m.message);
    }
    if (this.#leader === null || m.from === this.#leader) core.show(m.view);
  }

  #hold(m: StreamMessage): void {
    this.#pending.push(m);
    if (this.#pending.length <= PENDING_LIMIT) return;
    this.ctx.log.warn?.("shared client: the leader's stream outran our catch-up; accepting the gap");
    this.#catchUp?.stop();
    this.#catchUp = null;
    this.#clearHelloTimer();
    this.#acceptGap();
    this.#follow();
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
