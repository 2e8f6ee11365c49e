/**
 * The five example events of the original system (its "testing scenarios"), as a publisher sends
 * them and as every client must receive their `data` (alerts get `kind`/`severity` filled in from
 * the topic), plus small generators for unique, isolated test events.
 */
import type { HubEvent } from "@tickerwire/protocol";
import { ORIGINAL_EXAMPLES as PUBLISHED, TOPICS } from "@tickerwire/protocol";

export interface Example {
  name: string;
  /** What the original system published (from @tickerwire/protocol, the single source). */
  publish: { readonly topic: string; readonly data: Readonly<Record<string, unknown>> };
  /** What arrives: type, topic and exact data. */
  expected: Pick<HubEvent, "type" | "topic"> & { data: Record<string, unknown> };
}

export const ORIGINAL_EXAMPLES: readonly Example[] = [
  {
    name: "signal",
    publish: PUBLISHED[0]!,
    expected: {
      type: "signal",
      topic: "strategy.RSI_Oversold.signal",
      data: { strategy_name: "RSI_Oversold", action: "BUY", price: 42350.5, confidence: 0.85 },
    },
  },
  {
    name: "trade.executed",
    publish: PUBLISHED[1]!,
    expected: {
      type: "trade",
      topic: "trade.executed",
      data: { trade_id: "123", strategy_name: "Support_Bounce", action: "BUY", entry_price: 42400, quantity: 0.01 },
    },
  },
  {
    name: "trade.closed",
    publish: PUBLISHED[2]!,
    expected: {
      type: "trade_closed",
      topic: "trade.closed",
      data: { trade_id: "123", strategy_name: "Support_Bounce", entry_price: 42400, exit_price: 42550, pnl: 1.5 },
    },
  },
  {
    name: "metrics",
    publish: PUBLISHED[3]!,
    expected: {
      type: "metrics",
      topic: "strategy.RSI_Oversold.metrics",
      data: { strategy_name: "RSI_Oversold", total_trades: 50, win_rate: 0.62, total_profit_loss: 125.5 },
    },
  },
  {
    name: "strategy.promoted",
    publish: PUBLISHED[4]!,
    expected: {
      type: "alert",
      topic: "strategy.promoted",
      data: {
        strategy_name: "Support_Bounce",
        message: "Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.2)",
        kind: "promoted",
        severity: "info",
      },
    },
  },
];

let counter = 0;

/** A strategy name no other test uses, so a test can subscribe to only its own events. */
export function uniqueStrategy(prefix = "T"): string {
  counter++;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/** A valid signal for a strategy; `i` makes each one distinguishable (price 100 + i). */
export function signal(strategy: string, i = 0, confidence = 0.5): { topic: string; data: Record<string, unknown> } {
  return {
    topic: TOPICS.signal(strategy),
    data: { strategy_name: strategy, action: i % 2 === 0 ? "BUY" : "SELL", price: 100 + i, confidence },
  };
}

/** `n` distinguishable signals for one strategy. */
export function signals(strategy: string, n: number): { topic: string; data: Record<string, unknown> }[] {
  return Array.from({ length: n }, (_, i) => signal(strategy, i));
}
