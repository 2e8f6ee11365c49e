/**
 * Display formats shared by every panel: money (`$1,234.56` / `-$12.00`), percentages, prices,
 * quantities, clock times and "5s ago". Pure functions; the clock is a parameter.
 */

const grouped2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const qty = new Intl.NumberFormat("en-US", { maximumFractionDigits: 8, useGrouping: false });
const clock = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** `$1,234.56`, `-$12.00`; a value that rounds to zero is `$0.00` (never `-$0.00`). */
export function formatMoney(value: number): string {
  const text = grouped2.format(Math.abs(value));
  return value < 0 && text !== "0.00" ? `-$${text}` : `$${text}`;
}

/** A 0..1 ratio as a percentage: `formatPercent(2 / 3)` is `66.67%`. */
export function formatPercent(ratio: number, digits = 2): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Quantities keep their precision (crypto sizes like 0.00012345) without trailing zeros. */
export function formatQuantity(value: number): string {
  return qty.format(value);
}

/** Optional ratios (Sharpe, profit factor) with two decimals, or an em dash when absent. */
export function formatRatio(value: number | undefined): string {
  return value === undefined ? "—" : value.toFixed(2);
}

/** Local wall-clock time `HH:MM:SS` of an ISO timestamp. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : clock.format(d);
}

/** How long ago `at` was, coarsely: `just now`, `12s ago`, `3m ago`, `2h ago`, `4d ago`. */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return "—";
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 1) return "just now";
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** A latency estimate in whole milliseconds (`<1 ms` below half a one), or an em dash before the first measurement. */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  return ms < 0.5 ? "<1 ms" : `${Math.round(ms)} ms`;
}

/** CSS class for a signed amount: profits green, losses tomato. Zero counts as positive. */
export function signClass(value: number): "positive" | "negative" {
  return value < 0 ? "negative" : "positive";
}
