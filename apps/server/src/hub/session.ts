/** The hub's state for one connection: what it subscribed to, its group, and its catch-up buffer. */
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

/** A catch-up buffer bigger than this share of the connection's buffer limit is dropped and re-read from history. */
const CATCH_UP_SHARE = 4;
const CATCH_UP_MAX_EVENTS = 10_000;

export class Session {
  patterns: string[];
  filter: Filter | undefined;
  group: Group<Session> | null = null;
  /** Non-null while replaying: the session is not in a group and buffers live events here. */
  catchUp: CatchUpBuffer | null = null;
  /** Non-null while in the slow lane: the session is not in a group and its live events queue here. */
  slow: SlowQueue | null = null;
  /** Bumped by every resume and by close: a replay that sees a newer generation stops. */
  generation = 0;
  closed = false;
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
}
