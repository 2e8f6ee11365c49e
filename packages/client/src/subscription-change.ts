/**
 * What `subscribe`, `unsubscribe` and `setFilter` do to a client's subscription, pure and shared
 * by the plain and the tab-sharing client: invalid patterns or filters are reported (not thrown)
 * and the rest applied; `next` is null when nothing changed, so the caller does nothing.
 */
import { type Filter, filterKey } from "@tickerwire/protocol";
import type { ClientError } from "./errors.ts";
import { checkFilter, checkPatterns } from "./options.ts";

export interface Sub {
  topics: string[];
  filter: Filter | undefined;
}

export interface SubChange {
  next: Sub | null;
  errors: ClientError[];
}

const sameTopics = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

const changed = (cur: Sub, next: Sub, errors: ClientError[]): SubChange => ({
  next: sameTopics(next.topics, cur.topics) && filterKey(next.filter) === filterKey(cur.filter) ? null : next,
  errors,
});

/** Adds patterns; a given filter replaces ours (an invalid one is reported and ignored). */
export function subscribeChange(cur: Sub, topics: readonly string[], filter?: Filter): SubChange {
  const errors: ClientError[] = [];
  const { valid, error } = checkPatterns(topics);
  if (error) errors.push(error);
  let nextFilter = cur.filter;
  if (filter !== undefined) {
    const checked = checkFilter(filter);
    if (checked.error) errors.push(checked.error);
    else nextFilter = checked.filter;
  }
  const added = valid.filter((t) => !cur.topics.includes(t));
  return changed(cur, { topics: [...cur.topics, ...added], filter: nextFilter }, errors);
}

export function unsubscribeChange(cur: Sub, topics: readonly string[]): SubChange {
  return changed(cur, { topics: cur.topics.filter((t) => !topics.includes(t)), filter: cur.filter }, []);
}

/** Replaces the filter (undefined clears it); an invalid one is reported and changes nothing. */
export function filterChange(cur: Sub, filter: Filter | undefined): SubChange {
  const checked = checkFilter(filter);
  if (checked.error) return { next: null, errors: [checked.error] };
  return changed(cur, { topics: cur.topics, filter: checked.filter }, []);
}
