/**
 * P&L per UTC day of the close's event timestamp, oldest day first, for the last `days` calendar
 * days counted back from the newest day seen. A close dated before that window (a publisher's
 * clock far behind) is not recorded; the caller counts it.
 */
import type { DailyEntry } from "@tickerwire/protocol";

const DAY_MS = 86_400_000;

/** The oldest day kept when `newest` is the newest day. */
export function windowStart(newest: string, days: number): string {
  const t = Date.parse(newest) - (days - 1) * DAY_MS;
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : "";
}

function credit(d: DailyEntry, pnl: number): void {
  d.pnl += pnl;
  d.trades++;
  if (pnl > 0) d.wins++;
}

function entry(day: string, pnl: number): DailyEntry {
  return { day, pnl: pnl + 0, trades: 1, wins: pnl > 0 ? 1 : 0 };
}

/**
 * Adds a close to `list` in place. `timestamp` is an event timestamp (`YYYY-MM-DDT...Z`).
 * Returns false when the day is older than the window (nothing recorded).
 */
export function addDaily(list: DailyEntry[], days: number, timestamp: string, pnl: number): boolean {
  const last = list[list.length - 1];
  // The common case allocates nothing: the close falls on the newest day.
  if (last !== undefined && timestamp.startsWith(last.day)) {
    credit(last, pnl);
    return true;
  }
  const day = timestamp.slice(0, 10);
  if (last === undefined || day > last.day) {
    list.push(entry(day, pnl));
    const start = windowStart(day, days);
    let drop = 0;
    while (drop < list.length && (list[drop] as DailyEntry).day < start) drop++;
    if (drop > 0) list.splice(0, drop);
    return true;
  }
  if (day < windowStart(last.day, days)) return false;
  let i = list.length - 1;
  while (i >= 0 && (list[i] as DailyEntry).day > day) i--;
  const at = list[i];
  if (at !== undefined && at.day === day) credit(at, pnl);
  else list.splice(i + 1, 0, entry(day, pnl));
  return true;
}
