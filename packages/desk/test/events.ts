/**
 * Event builders for the desk's tests and bench: a numbered stream of valid wire events with
 * timestamps from a given start, one event per call.
 */
import type {
  AlertEvent,
  CandleEvent,
  HubEvent,
  MetricsEvent,
  SignalEvent,
  TradeClosedEvent,
  TradeEvent,
} from "@tickerwire/protocol";

export const T0 = Date.parse("2026-01-19T10:00:00.000Z");

/** Builds events with increasing seqs; `at` sets the timestamp (ms) of the next events. */
export class EventMaker {
  seq = 0;
  constructor(public t = T0) {}

  at(t: number): this {
    this.t = t;
    return this;
  }

  #env(): { seq: number; timestamp: string } {
    return { seq: ++this.seq, timestamp: new Date(this.t).toISOString() };
  }

  signal(strategy: string, price: number, opts: { symbol?: string; confidence?: number } = {}): SignalEvent {
    const data: SignalEvent["data"] = {
      strategy_name: strategy,
      action: "BUY",
      price,
      confidence: opts.confidence ?? 0.8,
    };
    if (opts.symbol !== undefined) data.symbol = opts.symbol;
    return { type: "signal", ...this.#env(), topic: `strategy.${strategy}.signal`, data };
  }

  trade(
    id: string,
    strategy: string,
    opts: { action?: "BUY" | "SELL"; price?: number; quantity?: number; symbol?: string } = {},
  ): TradeEvent {
    const data: TradeEvent["data"] = {
      trade_id: id,
      strategy_name: strategy,
      action: opts.action ?? "BUY",
      entry_price: opts.price ?? 100,
      quantity: opts.quantity ?? 1,
    };
    if (opts.symbol !== undefined) data.symbol = opts.symbol;
    return { type: "trade", ...this.#env(), topic: "trade.executed", data };
  }

  closed(id: string, strategy: string, pnl: number, opts: { symbol?: string } = {}): TradeClosedEvent {
    const data: TradeClosedEvent["data"] = {
      trade_id: id,
      strategy_name: strategy,
      entry_price: 100,
      exit_price: 101,
      pnl,
    };
    if (opts.symbol !== undefined) data.symbol = opts.symbol;
    return { type: "trade_closed", ...this.#env(), topic: "trade.closed", data };
  }

  candle(symbol: string, close: number, opts: { interval?: string; start?: number } = {}): CandleEvent {
    const interval = opts.interval ?? "1m";
    const start = new Date(opts.start ?? this.t - (this.t % 60_000)).toISOString();
    return {
      type: "candle",
      ...this.#env(),
      topic: `market.${symbol}.${interval}`,
      data: { symbol, interval, open: close, high: close, low: close, close, volume: 1, start },
    };
  }

  metrics(strategy: string, pnl = 0): MetricsEvent {
    return {
      type: "metrics",
      ...this.#env(),
      topic: `strategy.${strategy}.metrics`,
      data: { strategy_name: strategy, total_trades: 1, win_rate: 0.5, total_profit_loss: pnl },
    };
  }

  alert(message: string, opts: { strategy?: string; kind?: "promoted" | "rollback" | "system" } = {}): AlertEvent {
    const kind = opts.kind ?? "system";
    const topic = kind === "system" ? "system.alert" : `strategy.${kind}`;
    const data: AlertEvent["data"] = { message, severity: "info", kind };
    if (opts.strategy !== undefined) data.strategy_name = opts.strategy;
    return { type: "alert", ...this.#env(), topic, data };
  }
}

export type { HubEvent };
