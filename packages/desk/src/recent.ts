/** The newest events of a kind, newest first, at most `cap` (the events themselves, not copies). */
export function pushRecent<T>(list: T[], item: T, cap: number): void {
  list.unshift(item);
  if (list.length > cap) list.length = cap;
}
