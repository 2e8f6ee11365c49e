/**
 * What a webhook POSTs for an event: `json`, the event exactly as every client receives it (its
 * wire JSON, so `seq` and `type` are inside); or `slack`, `{"text": "..."}` (one line a person
 * reads), which Slack and many chat tools accept on an incoming webhook.
 */
import type { StoredEvent } from "@tickerwire/bus";

export type WebhookFormat = "json" | "slack";

/** One readable line for an event. */
export function eventLine(e: StoredEvent): string {
  const at = `#${e.seq}`;
  switch (e.type) {
    case "alert": {
      const d = e.data;
      const about = [d.rule_id && `rule ${d.rule_id}`, d.strategy_name, d.engine && `engine ${d.engine}`]
        .filter(Boolean)
        .join(", ");
      return `[${d.severity.toUpperCase()}] ${d.message}${about ? ` (${about})` : ""} ${at}`;
    }
    case "trade_closed":
      return `${e.data.strategy_name} closed ${e.data.trade_id}: P&L ${e.data.pnl} ${at}`;
    case "trade":
      return `${e.data.strategy_name} ${e.data.action} ${e.data.quantity} at ${e.data.entry_price} (${e.data.trade_id}) ${at}`;
    case "signal":
      return `${e.data.strategy_name} ${e.data.action} at ${e.data.price}, confidence ${e.data.confidence} ${at}`;
    case "metrics":
      return `${e.data.strategy_name}: ${e.data.total_trades} trades, win rate ${e.data.win_rate}, P&L ${e.data.total_profit_loss} ${at}`;
    case "candle":
      return `${e.data.symbol} ${e.data.interval} close ${e.data.close} ${at}`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

export function webhookBody(e: StoredEvent, format: WebhookFormat): string {
  return format === "json" ? e.json : JSON.stringify({ text: eventLine(e) });
}
