/**
 * Trend_Following: BUY when the fast moving average crosses above the slow one (golden cross),
 * SELL on the opposite (death cross). Confidence follows the slow average's slope over the last
 * few candles: a cross along an established trend is worth more than one against it.
 */

import { lastCross } from "../indicators/crossover.ts";
import { sma } from "../indicators/sma.ts";
import type { Bar } from "../market/candles.ts";
import { fromStrength } from "./confidence.ts";
import type { Strategy, StrategySignal } from "./types.ts";

export interface TrendFollowingOptions {
  fast?: number;
  slow?: number;
  /** Candles over which the slow average's slope is measured. */
  slopeLookback?: number;
  /** Slope (fraction of price over the lookback) that counts as "strong". */
  scale?: number;
}

export function trendFollowing({
  fast = 10,
  slow = 30,
  slopeLookback = 5,
  scale = 0.001,
}: TrendFollowingOptions = {}): Strategy {
  const warmup = slow + slopeLookback;
  return {
    name: "Trend_Following",
    warmup,
    evaluate(bars: readonly Bar[]): StrategySignal | null {
      if (bars.length < warmup) return null;
      const closes = bars.map((b) => b.close);
      const f = sma(closes, fast);
      const s = sma(closes, slow);
      const cross = lastCross(f, s);
      if (!cross) return null;
      const last = s[s.length - 1] as number;
      const earlier = s[s.length - 1 - slopeLookback] as number;
      const slope = (last - earlier) / earlier;
      return cross === "up"
        ? { action: "BUY", confidence: fromStrength(slope, scale) }
        : { action: "SELL", confidence: fromStrength(-slope, scale) };
    },
  };
}
