/**
 * RSI_Oversold: BUY when RSI(14) drops below 30 (oversold), SELL when it rises above 70
 * (overbought). Fires on the candle that enters the zone, not on every candle inside it.
 * Confidence grows with depth into the zone: 0.5 at the threshold, 1 at RSI 0 (or 100).
 */

import { rsi } from "../indicators/rsi.ts";
import type { Bar } from "../market/candles.ts";
import { roundConfidence } from "./confidence.ts";
import type { Strategy, StrategySignal } from "./types.ts";

export interface RsiOversoldOptions {
  period?: number;
  oversold?: number;
  overbought?: number;
}

export function rsiOversold({ period = 14, oversold = 30, overbought = 70 }: RsiOversoldOptions = {}): Strategy {
  return {
    name: "RSI_Oversold",
    warmup: period + 2,
    evaluate(bars: readonly Bar[]): StrategySignal | null {
      if (bars.length < period + 2) return null;
      const r = rsi(
        bars.map((b) => b.close),
        period,
      );
      const now = r[r.length - 1] as number;
      const before = r[r.length - 2] as number;
      if (now < oversold && !(before < oversold)) {
        return { action: "BUY", confidence: roundConfidence(0.5 + (0.5 * (oversold - now)) / oversold) };
      }
      if (now > overbought && !(before > overbought)) {
        return { action: "SELL", confidence: roundConfidence(0.5 + (0.5 * (now - overbought)) / (100 - overbought)) };
      }
      return null;
    },
  };
}
