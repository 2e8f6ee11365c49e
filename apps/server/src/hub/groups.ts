/**
 * Fan-out groups: connections with identical (patterns, filter) share one group, one runtime
 * topic (`g:<n>`) and one match test per event, so the cost of an event is per distinct
 * subscription, not per client. Clients that take events frames have groups of their own (one
 * publish serves every member, so every member must read the same framing). Empty groups are
 * deleted.
 */
import type { Filter, TransportKind } from "@tickerwire/protocol";
import { canonicalPatterns, compileMatcher, type EventMatcher, subscriptionKey } from "./matcher.ts";

export interface Group<M> {
  readonly key: string;
  /** The runtime topic of the group's topic-delivered members. */
  readonly topic: string;
  readonly patterns: readonly string[];
  readonly filter: Filter | undefined;
  /** Members take several events per message (events frames). */
  readonly batches: boolean;
  readonly matches: EventMatcher;
  /** Members delivered through the runtime topic, by transport. */
  readonly topicMembers: Map<TransportKind, number>;
  /** Members the hub delivers to one by one. */
  readonly direct: Set<M>;
  /** Members of both kinds. */
  size: number;
}

export class GroupRegistry<M> {
  private readonly byKey = new Map<string, Group<M>>();
  private nextId = 1;

  get size(): number {
    return this.byKey.size;
  }

  values(): IterableIterator<Group<M>> {
    return this.byKey.values();
  }

  /** The group for this subscription, created if needed (the caller then adds the member). */
  acquire(patterns: readonly string[], filter: Filter | undefined, batches = false): Group<M> {
    const key = batches ? `${subscriptionKey(patterns, filter)}|frames` : subscriptionKey(patterns, filter);
    let g = this.byKey.get(key);
    if (!g) {
      const canonical = canonicalPatterns(patterns);
      g = {
        key,
        topic: `g:${this.nextId++}`,
        patterns: canonical,
        filter,
        batches,
        matches: compileMatcher(canonical, filter),
        topicMembers: new Map(),
        direct: new Set(),
        size: 0,
      };
      this.byKey.set(key, g);
    }
    return g;
  }

  addTopicMember(g: Group<M>, transport: TransportKind): void {
    g.topicMembers.set(transport, (g.topicMembers.get(transport) ?? 0) + 1);
    g.size++;
  }

  addDirectMember(g: Group<M>, member: M): void {
    if (g.direct.has(member)) return;
    g.direct.add(member);
    g.size++;
  }

  removeTopicMember(g: Group<M>, transport: TransportKind): void {
    const n = g.topicMembers.get(transport) ?? 0;
    if (n <= 0) return;
    if (n === 1) g.topicMembers.delete(transport);
    else g.topicMembers.set(transport, n - 1);
    this.shrink(g);
  }

  removeDirectMember(g: Group<M>, member: M): void {
    if (g.direct.delete(member)) this.shrink(g);
  }

  private shrink(g: Group<M>): void {
    g.size--;
    if (g.size <= 0 && this.byKey.get(g.key) === g) this.byKey.delete(g.key);
  }
}
