/**
 * Per-symbol market parameters. The three default symbols have hand-picked starting prices and
 * volatilities; any other symbol gets plausible ones drawn from the seed.
 */
import type { PriceParams } from "./price-model.ts";
import type { Random } from "./prng.ts";
import { uniform } from "./prng.ts";
import type { VolumeParams } from "./volume.ts";

export const DEFAULT_SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT"] as const;

export interface SymbolProfile {
  initialPrice: number;
  price: PriceParams;
  volume: VolumeParams;
}

const KNOWN: Record<string, { initialPrice: number; sigma: number; basePerMinute: number }> = {
  "BTC-USDT": { initialPrice: 42_000, sigma: 0.0011, basePerMinute: 12 },
  "ETH-USDT": { initialPrice: 2_300, sigma: 0.0014, basePerMinute: 150 },
  "SOL-USDT": { initialPrice: 95, sigma: 0.002, basePerMinute: 4_000 },
};

export function profileFor(symbol: string, random: Random): SymbolProfile {
  const known = KNOWN[symbol];
  const initialPrice = known?.initialPrice ?? Math.round(uniform(random, 5, 500) * 100) / 100;
  const sigma = known?.sigma ?? uniform(random, 0.001, 0.0025);
  return {
    initialPrice,
    price: { sigma, maxDrift: sigma * 0.15, pDriftChange: 0.004, meanReversion: 0.004 },
    volume: {
      basePerMinute: known?.basePerMinute ?? Math.round(100_000 / initialPrice),
      noise: 0.35,
      pBurst: 0.006,
      burstTicks: [6, 24],
      burstMultiplier: [3, 9],
    },
  };
}
