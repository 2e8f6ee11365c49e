/** The five strategies of the original system, by name. */
import { STRATEGIES } from "@tickerwire/protocol";
import { macdDivergence } from "./macd-divergence.ts";
import { rsiOversold } from "./rsi-oversold.ts";
import { supportBounce } from "./support-bounce.ts";
import { trendFollowing } from "./trend-following.ts";
import type { Strategy, StrategyName } from "./types.ts";
import { volumeSpike } from "./volume-spike.ts";

const FACTORIES: Record<StrategyName, () => Strategy> = {
  RSI_Oversold: () => rsiOversold(),
  MACD_Divergence: () => macdDivergence(),
  Trend_Following: () => trendFollowing(),
  Support_Bounce: () => supportBounce(),
  Volume_Spike: () => volumeSpike(),
};

export const STRATEGY_NAMES: readonly StrategyName[] = STRATEGIES;

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/** A strategy with its default parameters. */
export function createStrategy(name: StrategyName): Strategy {
  return FACTORIES[name]();
}
