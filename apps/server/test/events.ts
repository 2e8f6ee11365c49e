/** Valid publishable events for tests, built from the protocol's topic table. */
import type { StoredEvent } from "@tickerwire/bus";
import { encodeEvent, type HubEvent, type PublishableEvent, TOPICS } from "@tickerwire/protocol";

export function signal(strategy = "RSI_Oversold", confidence = 0.85, action: "BUY" | "SELL" = "BUY"): PublishableEvent {
  return {
    type: "signal",
    topic: TOPICS.signal(strategy),
    data: { strategy_name: strategy, action, price: 42350.5, confidence },
  };
}

export function trade(id = "t-1", strategy = "MACD_Divergence"): PublishableEvent {
  return {
    type: "trade",
    topic: TOPICS.tradeExecuted,
    data: { trade_id: id, strategy_name: strategy, action: "BUY", entry_price: 100, quantity: 1 },
  };
}

export function systemAlert(message = "disk almost full"): PublishableEvent {
  return { type: "alert", topic: TOPICS.systemAlert, data: { message, severity: "warning", kind: "system" } };
}

/** `{topic, data}` bodies as a publisher POSTs them. */
export function body(e: PublishableEvent): { topic: string; data: unknown } {
  return { topic: e.topic, data: e.data };
}

export function metrics(strategy = "RSI_Oversold", totalTrades = 1): PublishableEvent {
  return {
    type: "metrics",
    topic: TOPICS.metrics(strategy),
    data: { strategy_name: strategy, total_trades: totalTrades, win_rate: 0.5, total_profit_loss: 1 },
  };
}

export function candle(symbol = "BTC-USDT", interval = "1m", close = 100): PublishableEvent {
  return {
    type: "candle",
    topic: TOPICS.candle(symbol, interval),
    data: {
      symbol,
      interval,
      open: 100,
      high: Math.max(100, close),
      low: Math.min(100, close),
      close,
      volume: 1,
      start: "2026-01-19T10:30:00.000Z",
    },
  };
}

/** An event as the bus would have stored it with `seq` (for hub unit tests without a bus). */
export function stored(seq: number, e: PublishableEvent): StoredEvent {
  const event = { ...e, seq, timestamp: new Date(1_768_818_645_000 + seq).toISOString() } as HubEvent;
  return { ...event, json: encodeEvent(event) };
}
