/** Valid publishable events for tests, built from the protocol's topic table. */
import { type PublishableEvent, TOPICS } from "@tickerwire/protocol";

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
