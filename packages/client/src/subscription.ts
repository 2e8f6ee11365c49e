/**
 * What to tell the hub so a WebSocket's subscription matches ours: `subscribe` adds patterns and
 * replaces the filter, `unsubscribe` removes patterns (the README's protocol section). Pure, so it is tested alone.
 */
import { type Filter, filterKey, type SubscribeMessage, type UnsubscribeMessage } from "@tickerwire/protocol";

export interface SubscriptionState {
  topics: readonly string[];
  filter: Filter | undefined;
}

export function subscriptionMessages(
  hub: SubscriptionState,
  ours: SubscriptionState,
): (SubscribeMessage | UnsubscribeMessage)[] {
  const added = ours.topics.filter((p) => !hub.topics.includes(p));
  const removed = hub.topics.filter((p) => !ours.topics.includes(p));
  const filterChanged = filterKey(hub.filter) !== filterKey(ours.filter);
  const out: (SubscribeMessage | UnsubscribeMessage)[] = [];
  // A subscribe needs at least one pattern; with none left there is nothing to filter anyway.
  if (added.length > 0 || (filterChanged && ours.topics.length > 0)) {
    // `filter` always goes along ({} clears it), so the hub's filter is always ours.
    const topics = added.length > 0 ? added : [...ours.topics];
    out.push({ type: "subscribe", topics, filter: ours.filter ?? {} });
  }
  if (removed.length > 0) out.push({ type: "unsubscribe", topics: removed });
  return out;
}
