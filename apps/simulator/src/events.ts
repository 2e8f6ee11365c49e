/**
 * Turns simulator objects into protocol events (`{type, topic, data}`, as `bus.publish` takes
 * them; the HTTP publisher sends `{topic, data}`). Topic names come from the protocol's table.
 */
import type { AlertData, PublishableEvent } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";
import type { Bar } from "./market/candles.ts";
import { roundTo } from "./market/rounding.ts";
import type { StrategyName, StrategySignal } from "./strategies/types.ts";
import type { StrategyStats } from "./trading/metrics.ts";
import type { ClosedTrade, Position } from "./trading/positions.ts";

export type EventOfType<T extends PublishableEvent["type"]> = Extract<PublishableEvent, { type: T }>;

export function candleEvent(symbol: string, interval: string, bar: Bar): EventOfType<"candle"> {
  return {
    type: "candle",
    topic: TOPICS.candle(symbol, interval),
    data: {
      symbol,
      interval,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: roundTo(bar.volume, 4),
      start: new Date(bar.start).toISOString(),
    },
  };
}

export function signalEvent(
  strategy: StrategyName,
  symbol: string,
  signal: StrategySignal,
  price: number,
): EventOfType<"signal"> {
  return {
    type: "signal",
    topic: TOPICS.signal(strategy),
    data: { strategy_name: strategy, action: signal.action, price, confidence: signal.confidence, symbol },
  };
}

export function tradeExecutedEvent(p: Position): EventOfType<"trade"> {
  return {
    type: "trade",
    topic: TOPICS.tradeExecuted,
    data: {
      trade_id: p.tradeId,
      strategy_name: p.strategy,
      action: p.action,
      entry_price: p.entryPrice,
      quantity: p.quantity,
      symbol: p.symbol,
    },
  };
}

export function tradeClosedEvent(t: ClosedTrade): EventOfType<"trade_closed"> {
  return {
    type: "trade_closed",
    topic: TOPICS.tradeClosed,
    data: {
      trade_id: t.tradeId,
      strategy_name: t.strategy,
      entry_price: t.entryPrice,
      exit_price: t.exitPrice,
      pnl: t.pnl,
      quantity: t.quantity,
      symbol: t.symbol,
    },
  };
}

export function metricsEvent(strategy: StrategyName, s: StrategyStats): EventOfType<"metrics"> {
  const data: EventOfType<"metrics">["data"] = {
    strategy_name: strategy,
    total_trades: s.totalTrades,
    win_rate: roundTo(s.winRate, 4),
    total_profit_loss: roundTo(s.totalPnl, 2),
  };
  if (s.sharpe !== undefined) data.sharpe_ratio = roundTo(s.sharpe, 3);
  if (s.profitFactor !== undefined) data.profit_factor = roundTo(s.profitFactor, 3);
  return { type: "metrics", topic: TOPICS.metrics(strategy), data };
}

const ALERT_TOPIC = { promoted: TOPICS.promoted, rollback: TOPICS.rollback, system: TOPICS.systemAlert } as const;

/** An alert on the topic its kind belongs to. */
export function alertEvent(data: AlertData): EventOfType<"alert"> {
  return { type: "alert", topic: ALERT_TOPIC[data.kind], data };
}

/** `{topic, data}`: what `POST /api/v1/events` takes (the hub derives the type from the topic). */
export function toPublishItem(e: PublishableEvent): { topic: string; data: PublishableEvent["data"] } {
  return { topic: e.topic, data: e.data };
}
