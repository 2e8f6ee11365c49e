/**
 * Candle series per `symbol.interval`, ordered by start time. A market feed re-publishes the
 * candle in progress with the same `start` as it fills, so a candle with a known start replaces
 * the old one instead of adding a bar.
 */
import type { CandleData } from "@tickerwire/protocol";

/** Bars kept per series; the chart shows the recent past, not the whole day. */
export const CANDLE_CAP = 500;

export interface Candle {
  /** Start of the bar, ms since the epoch (parsed once from `data.start`). */
  startMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The key a series is stored and selected under, e.g. `BTC-USDT.1m`. */
export function candleKey(c: Pick<CandleData, "symbol" | "interval">): string {
  return `${c.symbol}.${c.interval}`;
}

export function toCandle(c: CandleData): Candle {
  return { startMs: Date.parse(c.start), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
}

/**
 * Inserts or replaces `bar` in the start-ordered `series` and keeps the newest `cap` bars.
 * Returns a new array; the common cases (update the last bar, append one) touch only the tail.
 */
export function mergeCandle(series: readonly Candle[], bar: Candle, cap = CANDLE_CAP): Candle[] {
  const out = series.slice();
  let i = out.length - 1;
  while (i >= 0 && (out[i] as Candle).startMs > bar.startMs) i--;
  if (i >= 0 && (out[i] as Candle).startMs === bar.startMs) out[i] = bar;
  else out.splice(i + 1, 0, bar);
  return out.length > cap ? out.slice(out.length - cap) : out;
}
