/**
 * Wire events for tests, validated by the protocol schema so they are exactly what the hub
 * sends. `originalExamples` are the five example events of the original system's test plan.
 */
import { HubEvent } from "@tickerwire/protocol";

export const T0 = Date.parse("2026-01-19T10:30:45.123Z");

let nextSeq = 1;
/** Restarts seq numbering (call in beforeEach). */
export function resetSeq(seq = 1): void {
  nextSeq = seq;
}

/** Builds a valid wire event; seq and timestamp default to the next seq and T0 + seq seconds. */
export function ev(
  type: HubEvent["type"],
  topic: string,
  data: Record<string, unknown>,
  over: { seq?: number; timestamp?: string } = {},
): HubEvent {
  const seq = over.seq ?? nextSeq++;
  const timestamp = over.timestamp ?? new Date(T0 + (seq - 1) * 1000).toISOString();
  return HubEvent.parse({ type, seq, topic, timestamp, data });
}

export const signal = (strategy: string, action: "BUY" | "SELL", price: number, confidence: number, extra = {}) =>
  ev("signal", `strategy.${strategy}.signal`, { strategy_name: strategy, action, price, confidence, ...extra });

export const executed = (trade_id: string, strategy = "Support_Bounce", extra = {}) =>
  ev("trade", "trade.executed", {
    trade_id,
    strategy_name: strategy,
    action: "BUY",
    entry_price: 42400,
    quantity: 0.01,
    ...extra,
  });

export const closed = (trade_id: string, pnl: number, strategy = "Support_Bounce", over = {}) =>
  ev(
    "trade_closed",
    "trade.closed",
    { trade_id, strategy_name: strategy, entry_price: 42400, exit_price: 42550, pnl },
    over,
  );

export const metrics = (strategy: string, total_trades: number, win_rate: number, pnl: number, extra = {}) =>
  ev("metrics", `strategy.${strategy}.metrics`, {
    strategy_name: strategy,
    total_trades,
    win_rate,
    total_profit_loss: pnl,
    ...extra,
  });

export const alert = (
  kind: "promoted" | "rollback" | "system",
  severity: "info" | "warning" | "critical",
  message: string,
  extra = {},
  over: { seq?: number; timestamp?: string } = {},
) => {
  const topic = kind === "system" ? "system.alert" : `strategy.${kind}`;
  return ev("alert", topic, { message, kind, severity, ...extra }, over);
};

export const candle = (
  symbol: string,
  interval: string,
  startIso: string,
  o: number,
  h: number,
  l: number,
  c: number,
) =>
  ev("candle", `market.${symbol}.${interval}`, {
    symbol,
    interval,
    open: o,
    high: h,
    low: l,
    close: c,
    volume: 1,
    start: startIso,
  });

/** The original system's five test events, in its order (seq 1..5, one second apart from T0). */
export function originalExamples(): HubEvent[] {
  resetSeq();
  return [
    signal("RSI_Oversold", "BUY", 42350.5, 0.85),
    executed("123"),
    closed("123", 1.5),
    metrics("RSI_Oversold", 50, 0.62, 125.5),
    alert("promoted", "info", "Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.2)", {
      strategy_name: "Support_Bounce",
    }),
  ];
}
