/**
 * Which list items play the slide-in animation: those that arrived in a small group. When a
 * refresh brings many new items at once (a burst, or history replayed on load) they appear
 * without animation — dozens of simultaneous animations were the most expensive part of a
 * frame under load. An item's choice is made once, when it first shows, and kept.
 */
import { useRef } from "preact/hooks";

/** New items per refresh up to which they animate. */
export const MAX_ANIMATED = 3;

export function useEntering(items: readonly { seq: number }[], max = MAX_ANIMATED): ReadonlySet<number> {
  const state = useRef<{ lastSeq: number; animated: Set<number> } | null>(null);
  if (state.current === null) {
    // First render: whatever is there already is not "arriving".
    state.current = { lastSeq: items.reduce((m, e) => Math.max(m, e.seq), 0), animated: new Set() };
    return state.current.animated;
  }
  const s = state.current;
  const fresh = items.filter((e) => e.seq > s.lastSeq);
  const animated = new Set<number>();
  for (const e of items) if (s.animated.has(e.seq)) animated.add(e.seq); // forget what left the list
  if (fresh.length <= max) for (const e of fresh) animated.add(e.seq);
  for (const e of fresh) s.lastSeq = Math.max(s.lastSeq, e.seq);
  s.animated = animated;
  return animated;
}
