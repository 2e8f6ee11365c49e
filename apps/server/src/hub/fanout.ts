/**
 * Live delivery: sessions join the fan-out group of their (patterns, filter, framing); each event
 * is matched once per group, published once per group to topic members (Bun's `server.publish`)
 * and handed to each direct member (SSE). A group whose members take events frames gets the
 * events of one bus batch that match it as one frame: one publish, one message for each browser.
 */
import type { StoredEvent } from "@tickerwire/bus";
import { encodeEventsFrame } from "@tickerwire/protocol";
import type { Broadcaster } from "./connection.ts";
import type { HubCounters } from "./counters.ts";
import { type Group, GroupRegistry } from "./groups.ts";
import type { Session } from "./session.ts";

export class FanOut {
  readonly groups = new GroupRegistry<Session>();

  constructor(
    private readonly broadcaster: Broadcaster,
    private readonly counters: HubCounters,
  ) {}

  /** Adds a live session to its group (none when it has no patterns). */
  join(s: Session): void {
    if (s.closed || s.group || s.patterns.length === 0) return;
    const g = this.groups.acquire(s.patterns, s.filter, s.conn.batches === true);
    if (s.conn.live.kind === "topic") {
      s.conn.live.join(g.topic);
      this.groups.addTopicMember(g, s.conn.transport);
    } else {
      this.groups.addDirectMember(g, s);
    }
    s.joined(g);
  }

  leave(s: Session): void {
    const g = s.group;
    if (!g) return;
    s.left();
    if (s.conn.live.kind === "topic") {
      s.conn.live.leave(g.topic);
      this.groups.removeTopicMember(g, s.conn.transport);
    } else {
      this.groups.removeDirectMember(g, s);
    }
  }

  /** One bus batch, in seq order: each group's matching events, framed for groups that take frames. */
  deliverBatch(events: readonly StoredEvent[]): void {
    for (const g of this.groups.values()) {
      if (!g.batches || g.topicMembers.size === 0 || events.length === 1) {
        for (const e of events) if (g.matches(e)) this.toGroup(g, e.json, 1, e);
        continue;
      }
      let jsons: string[] = [];
      for (const e of events) {
        if (!g.matches(e)) continue;
        jsons.push(e.json);
        if (jsons.length === MAX_FRAME_EVENTS) {
          this.toGroup(g, encodeEventsFrame(jsons), jsons.length, null);
          jsons = [];
        }
      }
      if (jsons.length > 1) this.toGroup(g, encodeEventsFrame(jsons), jsons.length, null);
      else if (jsons.length === 1) this.toGroup(g, jsons[0] as string, 1, null);
    }
  }

  deliver(event: StoredEvent): void {
    for (const g of this.groups.values()) if (g.matches(event)) this.toGroup(g, event.json, 1, event);
  }

  /**
   * Publishes `message` (one event, or a frame of `count`) to the group's topic members; `event`,
   * when given, is also handed to each direct member (framing groups have none: SSE takes no frames).
   */
  private toGroup(g: Group<Session>, message: string, count: number, event: StoredEvent | null): void {
    const delivered = this.counters.delivered;
    if (g.topicMembers.size > 0) {
      // One serialization, one publish per group, whatever its size.
      const recipients = this.broadcaster.publish(g.topic, message);
      if (g.topicMembers.size === 1) {
        for (const t of g.topicMembers.keys()) delivered[t] += recipients * count;
      } else {
        for (const [t, n] of g.topicMembers) delivered[t] += n * count;
      }
    }
    if (!event) return;
    for (const s of g.direct) {
      if (s.conn.live.kind === "direct") s.conn.live.deliver(event);
      delivered[s.conn.transport]++;
    }
  }
}

/** Events per frame at most (a bus batch can hold several publishes of 1,000). */
export const MAX_FRAME_EVENTS = 500;
