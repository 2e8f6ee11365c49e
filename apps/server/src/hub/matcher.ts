/** One predicate per subscription: topic patterns plus filter, compiled once, tested per event. */
import type { StoredEvent } from "@tickerwire/bus";
import { compilePatterns, type Filter, filterKey, isEmptyFilter, matchesFilter } from "@tickerwire/protocol";

export type EventMatcher = (event: StoredEvent) => boolean;

export function compileMatcher(patterns: readonly string[], filter: Filter | undefined): EventMatcher {
  if (patterns.length === 0) return () => false;
  const topic = compilePatterns(patterns);
  if (isEmptyFilter(filter)) return (e) => topic(e.topic);
  return (e) => topic(e.topic) && matchesFilter(filter, e);
}

/** The canonical patterns of a subscription: deduplicated and sorted, so equal sets compare equal. */
export function canonicalPatterns(patterns: readonly string[]): string[] {
  return [...new Set(patterns)].sort();
}

/** Subscriptions with the same key receive exactly the same events and can share one fan-out group. */
export function subscriptionKey(patterns: readonly string[], filter: Filter | undefined): string {
  return `${canonicalPatterns(patterns).join(",")}|${filterKey(filter)}`;
}
