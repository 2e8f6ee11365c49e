/**
 * One symbol's simulated market: each tick moves the regime, the price and the volume, and feeds
 * the candle aggregator. Deterministic for a (seed, symbol): other symbols never share its draws.
 */
import type { Bar } from "./candles.ts";
import { aggregateTick } from "./candles.ts";
import type { PriceState } from "./price-model.ts";
import { initialPriceState, stepPrice } from "./price-model.ts";
import type { Random } from "./prng.ts";
import { deriveSeed, mulberry32 } from "./prng.ts";
import type { Regime, RegimeConfig } from "./regime.ts";
import { CALM, DEFAULT_REGIME, stepRegime } from "./regime.ts";
import { roundPrice } from "./rounding.ts";
import type { SymbolProfile } from "./symbols.ts";
import { profileFor } from "./symbols.ts";
import type { VolumeState } from "./volume.ts";
import { NO_BURST, stepVolume } from "./volume.ts";

export interface MarketTick {
  time: number;
  price: number;
  volume: number;
  /** Set on the tick where the volatility regime switched. */
  regimeChange: { from: Regime; to: Regime } | null;
  /** The candle this tick closed, if any. */
  closed: Bar | null;
}

export interface SymbolMarketOptions {
  seed: number;
  intervalMs: number;
  regime?: RegimeConfig;
  /** Push on the log price per minute during a volume burst, in units of the calm sigma. */
  burstPush?: number;
}

export class SymbolMarket {
  readonly profile: SymbolProfile;
  private readonly random: Random;
  private price: PriceState;
  private regime: Regime = CALM;
  private volume: VolumeState = NO_BURST;
  private bar: Bar | null = null;

  constructor(
    readonly symbol: string,
    private readonly options: SymbolMarketOptions,
  ) {
    this.random = mulberry32(deriveSeed(options.seed, `market:${symbol}`));
    this.profile = profileFor(symbol, this.random);
    this.price = initialPriceState(this.profile.initialPrice);
  }

  get currentRegime(): Regime {
    return this.regime;
  }

  /** Advances `dtMin` simulated minutes, ending at `time` (epoch ms). */
  step(time: number, dtMin: number): MarketTick {
    const before = this.regime;
    this.regime = stepRegime(before, this.random, this.options.regime ?? DEFAULT_REGIME);
    const vol = stepVolume(this.volume, dtMin, this.random, this.profile.volume, this.regime.multiplier);
    this.volume = vol.state;
    const push =
      this.volume.burstLeft > 0
        ? this.volume.burstDirection * (this.options.burstPush ?? 0.6) * this.profile.price.sigma
        : 0;
    this.price = stepPrice(this.price, dtMin, this.random, this.profile.price, this.regime.multiplier, push);
    const price = roundPrice(Math.exp(this.price.logPrice));
    const { bar, closed } = aggregateTick(this.bar, { time, price, volume: vol.volume }, this.options.intervalMs);
    this.bar = bar;
    return {
      time,
      price,
      volume: vol.volume,
      regimeChange: before === this.regime ? null : { from: before, to: this.regime },
      closed,
    };
  }
}
