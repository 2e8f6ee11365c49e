/**
 * Volume_Spike: when a candle trades `threshold` times its average volume (over the previous
 * `period` candles), follow the candle's direction: BUY on a green candle, SELL on a red one.
 * Confidence grows with how far the volume exceeds the threshold.
 */

import { sma } from "../indicators/sma.ts";
import type { Bar } from "../market/candles.ts";
import { roundConfidence } from "./confidence.ts";
import type { Strategy, StrategySignal } from "./types.ts";

export interface VolumeSpikeOptions {
  period?: number;
  threshold?: number;
}

export function volumeSpike({ period = 20, threshold = 2.5 }: VolumeSpikeOptions = {}): Strategy {
  const warmup = period + 1;
  return {
    name: "Volume_Spike",
    warmup,
    evaluate(bars: readonly Bar[]): StrategySignal | null {
      if (bars.length < warmup) return null;
      const average = sma(
        bars.slice(0, -1).map((b) => b.volume),
        period,
      ).at(-1) as number;
      const c = bars[bars.length - 1] as Bar;
      if (!(average > 0) || c.close === c.open) return null;
      const ratio = c.volume / average;
      if (ratio < threshold) return null;
      const confidence = roundConfidence(0.5 + 0.5 * Math.tanh((ratio - threshold) / threshold));
      return { action: c.close > c.open ? "BUY" : "SELL", confidence };
    },
  };
}
