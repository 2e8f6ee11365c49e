/**
 * What the charts are given, and how a new version of a series reaches the chart. The chart
 * library wants one point per time (seconds) in strictly increasing order, so several trades
 * closed within one second collapse into the last running total of that second.
 */
import type { Bar } from "@tickerwire/protocol";
import type { EquityPoint } from "../state/desk-view.ts";

/** A point with a time in whole seconds (the chart's `UTCTimestamp`). */
export interface TimePoint {
  time: number;
}
export interface LinePoint extends TimePoint {
  value: number;
}
/** The cumulative P&L line and, below it, how far it is under its peak (≤ 0). */
export interface EquityChartPoint extends LinePoint {
  drawdown: number;
}
export interface CandlePoint extends TimePoint {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Keeps the last point of each second; a point earlier than its predecessor joins its second. */
function collapse<P extends TimePoint>(points: Iterable<P>): P[] {
  const out: P[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && p.time <= last.time) out[out.length - 1] = { ...p, time: last.time };
    else out.push(p);
  }
  return out;
}

export function toEquityPoints(series: readonly EquityPoint[]): EquityChartPoint[] {
  return collapse(series.map((p) => ({ time: Math.floor(p.timeMs / 1000), value: p.value, drawdown: p.drawdown })));
}

export function toCandlePoints(candles: readonly Bar[]): CandlePoint[] {
  return collapse(
    candles.map((c) => ({
      time: Math.floor(c.start_ms / 1000),
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
    })),
  );
}

export type SeriesPlan<P> = { kind: "none" } | { kind: "set"; points: P[] } | { kind: "update"; points: P[] };

/**
 * How to bring a chart from `drawn` (what it shows) to `next`: `update` the tail when `next`
 * only changes the last drawn point and/or adds newer ones (the live case, cheap), else `set`
 * everything (first draw, another series, history rewritten).
 */
export function planSeries<P extends TimePoint>(drawn: readonly P[] | null, next: readonly P[]): SeriesPlan<P> {
  if (drawn === null || drawn.length === 0)
    return next.length === 0 ? { kind: "none" } : { kind: "set", points: [...next] };
  const last = drawn[drawn.length - 1] as P;
  let i = next.length - 1;
  while (i >= 0 && (next[i] as P).time > last.time) i--;
  if (i < 0 || (next[i] as P).time !== last.time) return { kind: "set", points: [...next] };
  // A correction just before the live point (a late bar) cannot be drawn with `update`.
  const before = drawn[drawn.length - 2];
  if (before && i > 0 && !shallowEqual(next[i - 1] as P, before)) return { kind: "set", points: [...next] };
  const tail = next.slice(i);
  if (tail.length === 1 && shallowEqual(tail[0] as P, last)) return { kind: "none" };
  return { kind: "update", points: tail };
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a) as (keyof typeof a)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
