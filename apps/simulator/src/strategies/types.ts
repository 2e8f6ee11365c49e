/** The one interface every strategy implements: closed candles in, maybe a BUY/SELL signal out. */
import type { SignalData, STRATEGIES } from "@tickerwire/protocol";
import type { Bar } from "../market/candles.ts";

export type StrategyName = (typeof STRATEGIES)[number];
export type Action = SignalData["action"];

export interface StrategySignal {
  action: Action;
  /** 0..1, derived from the indicator that fired. */
  confidence: number;
}

export interface Strategy {
  readonly name: StrategyName;
  /** How many closed candles it needs before it can signal. */
  readonly warmup: number;
  /** Looks at the closed candles of one symbol (oldest first; the last one just closed). Pure. */
  evaluate(bars: readonly Bar[]): StrategySignal | null;
}
