/** Capped newest-first lists, the shape of every event panel. Pure: inputs are never mutated. */

/** The default number of items a panel keeps (the original dashboard showed the latest 50). */
export const PANEL_CAP = 50;

/**
 * Puts `added` (oldest first, as they arrived) in front of `list` (newest first) and keeps the
 * newest `cap`. Only the tail of a huge batch is looked at, so a burst costs O(cap).
 * @example prependCapped([2, 1], [3, 4], 3) // [4, 3, 2]
 */
export function prependCapped<T>(list: readonly T[], added: readonly T[], cap = PANEL_CAP): T[] {
  if (added.length === 0) return list.slice(0, cap);
  const fresh = added.slice(Math.max(0, added.length - cap)).reverse();
  return fresh.length >= cap ? fresh : fresh.concat(list.slice(0, cap - fresh.length));
}
