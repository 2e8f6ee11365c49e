/**
 * MACD_Divergence: BUY when the MACD line crosses above its signal line, SELL when it crosses
 * below. A cross far on the "wrong" side of zero (a BUY while MACD is well below zero) is the
 * stronger reversal, so confidence grows with that distance relative to the price.
 */

import { lastCross } from "../indicators/crossover.ts";
import { macd } from "../indicators/macd.ts";
import type { Bar } from "../market/candles.ts";
import { fromStrength } from "./confidence.ts";
import type { Strategy, StrategySignal } from "./types.ts";

export interface MacdDivergenceOptions {
  fast?: number;
  slow?: number;
  signal?: number;
  /** MACD distance from zero, as a fraction of the price, that counts as "strong". */
  scale?: number;
}

export function macdDivergence({
  fast = 12,
  slow = 26,
  signal = 9,
  scale = 0.001,
}: MacdDivergenceOptions = {}): Strategy {
  const warmup = slow + signal + 1;
  return {
    name: "MACD_Divergence",
    warmup,
    evaluate(bars: readonly Bar[]): StrategySignal | null {
      if (bars.length < warmup) return null;
      const m = macd(
        bars.map((b) => b.close),
        fast,
        slow,
        signal,
      );
      const cross = lastCross(m.macd, m.signal);
      if (!cross) return null;
      const close = (bars[bars.length - 1] as Bar).close;
      const distance = (m.macd[m.macd.length - 1] as number) / close;
      return cross === "up"
        ? { action: "BUY", confidence: fromStrength(-distance, scale) }
        : { action: "SELL", confidence: fromStrength(distance, scale) };
    },
  };
}
