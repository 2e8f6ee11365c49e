/**
 * Aggregation of ticks into OHLCV candles of a fixed interval. A candle opens at the previous
 * close (no gaps) and closes when the first tick of the next interval arrives.
 */
import type { CandleData } from "@tickerwire/protocol";
import { floorTo } from "./interval.ts";

/** A candle before it is addressed to a topic: the protocol's candle fields, `start` in epoch ms. */
export type Bar = Omit<CandleData, "symbol" | "interval" | "start"> & { start: number };

export interface Tick {
  time: number;
  price: number;
  volume: number;
}

export interface Aggregated {
  /** The candle the tick went into. */
  bar: Bar;
  /** The candle this tick closed, if it was the first of a new interval. */
  closed: Bar | null;
}

export function aggregateTick(current: Bar | null, tick: Tick, intervalMs: number): Aggregated {
  const start = floorTo(tick.time, intervalMs);
  if (current && current.start === start) {
    return {
      bar: {
        ...current,
        high: Math.max(current.high, tick.price),
        low: Math.min(current.low, tick.price),
        close: tick.price,
        volume: current.volume + tick.volume,
      },
      closed: null,
    };
  }
  const open = current ? current.close : tick.price;
  return {
    bar: {
      start,
      open,
      high: Math.max(open, tick.price),
      low: Math.min(open, tick.price),
      close: tick.price,
      volume: tick.volume,
    },
    closed: current,
  };
}
