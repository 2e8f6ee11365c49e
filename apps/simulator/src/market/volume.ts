/**
 * Traded volume per tick: a base rate, higher in volatile regimes, log-normal noise, and
 * occasional bursts (several ticks of heavy trading with a directional push on the price, like
 * news) that make volume spikes visible at the candle level.
 */
import type { Random } from "./prng.ts";
import { chance, normal, uniform } from "./prng.ts";

export interface VolumeParams {
  /** Mean volume per minute in calm conditions (units of the base asset). */
  basePerMinute: number;
  /** Log-normal noise of each tick's volume. */
  noise: number;
  /** Probability per tick that a burst starts. */
  pBurst: number;
  /** A burst lasts a whole number of ticks in this range. */
  burstTicks: readonly [number, number];
  /** Volume multiplier during a burst. */
  burstMultiplier: readonly [number, number];
}

export interface VolumeState {
  /** Ticks left in the current burst (0 = none). */
  readonly burstLeft: number;
  readonly burstMultiplier: number;
  /** Direction the burst pushes the price: +1 up, −1 down. */
  readonly burstDirection: 1 | -1;
}

export const NO_BURST: VolumeState = { burstLeft: 0, burstMultiplier: 1, burstDirection: 1 };

export interface VolumeTick {
  state: VolumeState;
  volume: number;
}

/** Volume of one tick of `dtMin` minutes; `activity` scales it (e.g. the regime multiplier). */
export function stepVolume(
  state: VolumeState,
  dtMin: number,
  random: Random,
  params: VolumeParams,
  activity = 1,
): VolumeTick {
  let next = state.burstLeft > 0 ? { ...state, burstLeft: state.burstLeft - 1 } : state;
  if (next.burstLeft === 0 && chance(random, params.pBurst)) {
    const [t0, t1] = params.burstTicks;
    const [m0, m1] = params.burstMultiplier;
    next = {
      burstLeft: Math.round(uniform(random, t0, t1)),
      burstMultiplier: uniform(random, m0, m1),
      burstDirection: random() < 0.5 ? -1 : 1,
    };
  }
  const burst = next.burstLeft > 0 ? next.burstMultiplier : 1;
  // exp(noise·Z − noise²/2) has mean 1, so the noise does not change the average volume.
  const lognormal = Math.exp(params.noise * normal(random) - (params.noise * params.noise) / 2);
  const volume = params.basePerMinute * dtMin * Math.sqrt(activity) * burst * lognormal;
  return { state: next, volume };
}
