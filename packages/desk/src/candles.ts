/**
 * Candle series: the newest `limits.bars` bars per `SYMBOL.interval`, oldest first. A feed
 * re-publishes the bar in progress with the same start as it fills, so a bar with a known start
 * replaces that bar (in place); a bar older than a full window is dropped.
 */
import type { Bar, CandleEvent, DeskState } from "@tickerwire/protocol";
import { type DeskIndex, seriesOf } from "./desk-index.ts";
import { isoMs } from "./iso-time.ts";

export function addCandle(state: DeskState, ix: DeskIndex, e: CandleEvent): void {
  const d = e.data;
  const bySymbol = seriesOf(ix, d.symbol);
  let slot = bySymbol.get(d.interval);
  if (slot === undefined) {
    if (ix.seriesCount >= state.limits.series) {
      state.overflow.series++;
      return;
    }
    slot = { bars: [], start: "", startMs: 0 };
    bySymbol.set(d.interval, slot);
    ix.seriesCount++;
    state.candles[`${d.symbol}.${d.interval}`] = slot.bars;
  }
  if (d.start !== slot.start) {
    slot.start = d.start;
    slot.startMs = isoMs(d.start);
  }
  mergeBar(slot.bars, slot.startMs, d, state.limits.bars);
}

type Ohlcv = Pick<Bar, "open" | "high" | "low" | "close" | "volume">;

function assign(bar: Bar, d: Ohlcv): void {
  bar.open = d.open;
  bar.high = d.high;
  bar.low = d.low;
  bar.close = d.close;
  bar.volume = d.volume;
}

function newBar(start: number, d: Ohlcv): Bar {
  return { start_ms: start, open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume };
}

/** Inserts or replaces the bar starting at `start` in the start-ordered `bars`, keeping `cap`. */
export function mergeBar(bars: Bar[], start: number, d: Ohlcv, cap: number): void {
  let i = bars.length - 1;
  const last = bars[i];
  if (last !== undefined && last.start_ms === start) {
    assign(last, d);
    return;
  }
  if (last === undefined || last.start_ms < start) {
    bars.push(newBar(start, d));
    if (bars.length > cap) bars.shift();
    return;
  }
  while (i >= 0 && (bars[i] as Bar).start_ms > start) i--;
  const at = bars[i];
  if (at !== undefined && at.start_ms === start) assign(at, d);
  else if (i >= 0 || bars.length < cap) {
    // (A bar older than the whole window of a full series is dropped.)
    bars.splice(i + 1, 0, newBar(start, d));
    if (bars.length > cap) bars.shift();
  }
}
