/**
 * Live delivery: sessions join the fan-out group of their (patterns, filter); each event is
 * matched once per group, published once per group to topic members (Bun's `server.publish`)
 * and handed to each direct member (SSE).
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { Broadcaster } from "./connection.ts";
import type { HubCounters } from "./counters.ts";
import { GroupRegistry } from "./groups.ts";
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
    const g = this.groups.acquire(s.patterns, s.filter);
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

  deliver(event: StoredEvent): void {
    const delivered = this.counters.delivered;
    for (const g of this.groups.values()) {
      if (!g.matches(event)) continue;
      if (g.topicMembers.size > 0) {
        // One serialization (event.json), one publish per group, whatever its size.
        const recipients = this.broadcaster.publish(g.topic, event.json);
        if (g.topicMembers.size === 1) {
          for (const t of g.topicMembers.keys()) delivered[t] += recipients;
        } else {
          for (const [t, n] of g.topicMembers) delivered[t] += n;
        }
      }
      for (const s of g.direct) {
        if (s.conn.live.kind === "direct") s.conn.live.deliver(event);
        delivered[s.conn.transport]++;
      }
    }
  }
}
