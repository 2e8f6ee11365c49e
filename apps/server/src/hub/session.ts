/**
 * The hub's state for one connection: what it subscribed to, and where its live events come
 * from — one `Phase`, changed only through the methods below:
 *
 *   live (in its fan-out group, or between groups) ──► slow (own queue) ──► live
 *        └──────────────► catching-up (buffer) ──► live          any ──► closed
 *
 * `generation` is bumped by every catch-up start and by close: a replay that sees a newer one
 * has been superseded and stops.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { Filter } from "@tickerwire/protocol";
import type { Connection } from "./connection.ts";
import type { Group } from "./groups.ts";
import { compileMatcher, type EventMatcher } from "./matcher.ts";
import type { SlowQueue } from "./slow-queue.ts";

/** Live events that arrived while the session was replaying history. */
export interface CatchUpBuffer {
  events: StoredEvent[];
  bytes: number;
  /** The buffer was emptied because it grew too big: page history once more before going live. */
  overflowed: boolean;
}

export type Phase =
  /** Gets live events from its group (null: between groups, or no patterns). */
  | { kind: "live"; group: Group<Session> | null }
  /** WebSocket behind its soft limit: out of its group, its events queue here (slow-lane.ts). */
  | { kind: "slow"; queue: SlowQueue }
  /** Replaying history: out of any group, live events matching it are buffered (catch-up.ts). */
  | { kind: "catching-up"; buffer: CatchUpBuffer }
  | { kind: "closed" };

/** A catch-up buffer bigger than this share of the connection's buffer limit is dropped and re-read from history. */
const CATCH_UP_SHARE = 4;
const CATCH_UP_MAX_EVENTS = 10_000;

/** A transition the session's phase does not allow (a bug in the hub, never client input). */
export class PhaseError extends Error {
  override readonly name = "PhaseError";
}

export class Session {
  patterns: string[];
  filter: Filter | undefined;
  generation = 0;
  #phase: Phase = { kind: "live", group: null };
  private matcher: EventMatcher | null = null;

  constructor(
    readonly id: string,
    readonly conn: Connection,
    patterns: readonly string[],
    filter: Filter | undefined,
  ) {
    this.patterns = [...new Set(patterns)];
    this.filter = filter;
  }

  get phase(): Readonly<Phase> {
    return this.#phase;
  }
  get closed(): boolean {
    return this.#phase.kind === "closed";
  }
  /** The live group it is in, if any. */
  get group(): Group<Session> | null {
    return this.#phase.kind === "live" ? this.#phase.group : null;
  }
  /** Its slow-lane queue while slow. */
  get slow(): SlowQueue | null {
    return this.#phase.kind === "slow" ? this.#phase.queue : null;
  }
  /** Its buffer of live events while catching up. */
  get catchUp(): CatchUpBuffer | null {
    return this.#phase.kind === "catching-up" ? this.#phase.buffer : null;
  }

  /** Joined a fan-out group (fanout.ts), from live-between-groups. */
  joined(group: Group<Session>): void {
    this.#expect("live", "join a group");
    if (this.group) throw new PhaseError(`session ${this.id} is already in a group`);
    this.#phase = { kind: "live", group };
  }

  /** Left its fan-out group (fanout.ts): live, between groups. */
  left(): void {
    this.#expect("live", "leave a group");
    this.#phase = { kind: "live", group: null };
  }

  /** Into the slow lane, out of any group. */
  enterSlow(queue: SlowQueue): void {
    this.#expect("live", "become slow");
    if (this.group) throw new PhaseError(`session ${this.id} must leave its group before it becomes slow`);
    this.#phase = { kind: "slow", queue };
  }

  /** Out of the slow lane (its queue is dropped or was flushed): live, between groups. */
  leaveSlow(): void {
    if (this.#phase.kind !== "slow") return;
    this.#phase = { kind: "live", group: null };
  }

  /** Starts a catch-up (a resume): a fresh buffer; any earlier catch-up is superseded. */
  beginCatchUp(): number {
    if (this.closed || this.group || this.slow) {
      throw new PhaseError(
        `session ${this.id} cannot catch up while ${this.#phase.kind}${this.group ? " in a group" : ""}`,
      );
    }
    this.generation++;
    this.#phase = { kind: "catching-up", buffer: { events: [], bytes: 0, overflowed: false } };
    return this.generation;
  }

  /** The catch-up handed over everything it buffered: live, between groups (it joins next). */
  endCatchUp(): void {
    this.#expect("catching-up", "end a catch-up");
    this.#phase = { kind: "live", group: null };
  }

  /** Closed for good (whatever it was doing: the caller has left its group and lane first). */
  close(): void {
    if (this.closed) return;
    this.generation++;
    this.#phase = { kind: "closed" };
  }

  /**
   * The session's own predicate, compiled on first use: only replay buffering and the slow lane
   * need it (live delivery matches once per group), so an idle session never pays for it.
   */
  get matches(): EventMatcher {
    this.matcher ??= compileMatcher(this.patterns, this.filter);
    return this.matcher;
  }

  /** While catching up: keeps a live event that matches, or drops the buffer when it grows too big. */
  bufferLive(event: StoredEvent): void {
    const buf = this.catchUp;
    if (!buf || !this.matches(event)) return;
    buf.events.push(event);
    buf.bytes += event.json.length;
    if (buf.bytes > this.conn.bufferLimit / CATCH_UP_SHARE || buf.events.length > CATCH_UP_MAX_EVENTS) {
      // The events are durable: the replay reads them from history once more instead.
      buf.events = [];
      buf.bytes = 0;
      buf.overflowed = true;
    }
  }

  setSubscription(patterns: readonly string[], filter: Filter | undefined): void {
    this.patterns = [...new Set(patterns)];
    this.filter = filter;
    this.matcher = null;
  }

  #expect(kind: Phase["kind"], what: string): void {
    if (this.#phase.kind !== kind) throw new PhaseError(`session ${this.id} cannot ${what} while ${this.#phase.kind}`);
  }
}
