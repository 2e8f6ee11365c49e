/**
 * Support_Bounce: BUY when a candle dips to the recent support (the lowest low of the previous
 * `period` candles) and closes back up above it; SELL on the mirror image at resistance (the
 * highest high). Confidence is the share of the candle's range in the rejection wick.
 */

import { rollingHigh, rollingLow } from "../indicators/support.ts";
import type { Bar } from "../market/candles.ts";
import { roundConfidence } from "./confidence.ts";
import type { Strategy, StrategySignal } from "./types.ts";

export interface SupportBounceOptions {
  period?: number;
  /** How close (fraction of price) the low must come to support to count as a touch. */
  tolerance?: number;
}

export function supportBounce({ period = 20, tolerance = 0.001 }: SupportBounceOptions = {}): Strategy {
  const warmup = period + 1;
  return {
    name: "Support_Bounce",
    warmup,
    evaluate(bars: readonly Bar[]): StrategySignal | null {
      if (bars.length < warmup) return null;
      const before = bars.slice(0, -1);
      const support = rollingLow(
        before.map((b) => b.low),
        period,
      ).at(-1) as number;
      const resistance = rollingHigh(
        before.map((b) => b.high),
        period,
      ).at(-1) as number;
      const c = bars[bars.length - 1] as Bar;
      const range = c.high - c.low;
      if (range <= 0) return null;
      if (c.low <= support * (1 + tolerance) && c.close > support && c.close > c.open) {
        const wick = (Math.min(c.open, c.close) - c.low) / range;
        return { action: "BUY", confidence: roundConfidence(0.5 + 0.5 * wick) };
      }
      if (c.high >= resistance * (1 - tolerance) && c.close < resistance && c.close < c.open) {
        const wick = (c.high - Math.max(c.open, c.close)) / range;
        return { action: "SELL", confidence: roundConfidence(0.5 + 0.5 * wick) };
      }
      return null;
    },
  };
}
