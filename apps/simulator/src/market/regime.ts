/**
 * Volatility regimes: a market is calm or volatile, and switches with a small probability per
 * tick. A volatile regime multiplies the calm volatility by a factor drawn when it starts.
 */
import type { Random } from "./prng.ts";
import { chance, uniform } from "./prng.ts";

export type RegimeName = "calm" | "volatile";

export interface Regime {
  readonly name: RegimeName;
  /** Volatility multiplier relative to calm (calm = 1). */
  readonly multiplier: number;
}

export interface RegimeConfig {
  /** Probability per tick that a calm market turns volatile. */
  pEnterVolatile: number;
  /** Probability per tick that a volatile market calms down. */
  pExitVolatile: number;
  /** The multiplier of a new volatile regime is drawn uniformly from this range. */
  multiplierRange: readonly [number, number];
}

export const DEFAULT_REGIME: RegimeConfig = {
  pEnterVolatile: 0.0015,
  pExitVolatile: 0.008,
  multiplierRange: [1.8, 5],
};

export const CALM: Regime = { name: "calm", multiplier: 1 };

/** The regime after one tick: the same object when nothing changed, a new one on a switch. */
export function stepRegime(regime: Regime, random: Random, config: RegimeConfig = DEFAULT_REGIME): Regime {
  if (regime.name === "calm") {
    if (!chance(random, config.pEnterVolatile)) return regime;
    const [lo, hi] = config.multiplierRange;
    return { name: "volatile", multiplier: uniform(random, lo, hi) };
  }
  return chance(random, config.pExitVolatile) ? CALM : regime;
}
