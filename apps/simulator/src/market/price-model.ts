/**
 * The price of one symbol: a geometric random walk on the log price with a drift that changes
 * now and then (trends), volatility scaled by the regime, an optional short-lived push (news
 * bursts, see volume.ts) and a weak pull back toward a trend line (so oversold bounces happen).
 * Time is in minutes of simulated time.
 */
import type { Random } from "./prng.ts";
import { chance, normal, uniform } from "./prng.ts";

export interface PriceParams {
  /** Calm volatility of the log price per √minute (0.001 ≈ 0.1% per 1-minute candle). */
  sigma: number;
  /** A new drift is drawn uniformly from ±maxDrift (per minute)... */
  maxDrift: number;
  /** ...with this probability per tick. */
  pDriftChange: number;
  /** Strength of the pull toward the trend line, per minute (0 = pure random walk). */
  meanReversion: number;
}

export interface PriceState {
  readonly logPrice: number;
  /** The trend line the price is pulled toward; it moves with the drift. */
  readonly anchor: number;
  /** Current drift of the log price per minute. */
  readonly drift: number;
}

export function initialPriceState(price: number): PriceState {
  return { logPrice: Math.log(price), anchor: Math.log(price), drift: 0 };
}

/**
 * One step of `dtMin` minutes: x' = x + (μ + push − σ²/2)·dt + κ·(a − x)·dt + σ·√dt·Z, with
 * σ = params.sigma × sigmaMultiplier. The −σ²/2 term keeps the expected price (not log price)
 * growing at μ, as in geometric Brownian motion.
 */
export function stepPrice(
  state: PriceState,
  dtMin: number,
  random: Random,
  params: PriceParams,
  sigmaMultiplier = 1,
  push = 0,
): PriceState {
  const drift = chance(random, params.pDriftChange) ? uniform(random, -params.maxDrift, params.maxDrift) : state.drift;
  const sigma = params.sigma * sigmaMultiplier;
  const z = normal(random);
  const logPrice =
    state.logPrice +
    (drift + push - (sigma * sigma) / 2) * dtMin +
    params.meanReversion * (state.anchor - state.logPrice) * dtMin +
    sigma * Math.sqrt(dtMin) * z;
  return { logPrice, anchor: state.anchor + drift * dtMin, drift };
}
