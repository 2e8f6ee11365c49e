/**
 * Delivery classes: what a hub may do with an event for a client that falls behind. Critical
 * events (trades, closures, alerts) are never dropped for a connected client; conflatable ones
 * (metrics per strategy, candles per symbol and interval) may be replaced by a newer value of the
 * same stream; ordered ones (signals) are kept, in order, like critical ones. Pure.
 */
import type { EventType } from "./topics.ts";

export type DeliveryClass = "critical" | "conflatable" | "ordered";

/** The class of each event type (the README's delivery-guarantees table). */
export const DELIVERY_CLASSES: Readonly<Record<EventType, DeliveryClass>> = {
  trade: "critical",
  trade_closed: "critical",
  alert: "critical",
  metrics: "conflatable",
  candle: "conflatable",
  signal: "ordered",
};

/**
 * @example deliveryClass({ type: "metrics" }) // "conflatable"
 */
export function deliveryClass(event: { type: EventType }): DeliveryClass {
  return DELIVERY_CLASSES[event.type];
}

/** The part of an event `conflationKey` reads (any `HubEvent` fits). */
export type ConflatableShape =
  | { type: "metrics"; data: { strategy_name: string } }
  | { type: "candle"; data: { symbol: string; interval: string } }
  | { type: Exclude<EventType, "metrics" | "candle"> };

/**
 * The stream a conflatable event belongs to — a newer event with the same key supersedes it — or
 * null for events that must each be delivered.
 * @example conflationKey(candleEvent) // "candle:BTC-USDT:1m"
 */
export function conflationKey(event: ConflatableShape): string | null {
  switch (event.type) {
    case "metrics":
      return `metrics:${event.data.strategy_name}`;
    case "candle":
      return `candle:${event.data.symbol}:${event.data.interval}`;
    default:
      return null;
  }
}
