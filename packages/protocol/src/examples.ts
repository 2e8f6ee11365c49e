/**
 * The five example events of the original system's test scenarios (signal, trade executed, trade
 * closed, metrics, promotion), exactly as its strategy engines published them. Used by the
 * README, the unit tests, the end-to-end tests and the browser tests.
 */
export const ORIGINAL_EXAMPLES = [
  {
    topic: "strategy.RSI_Oversold.signal",
    data: { strategy_name: "RSI_Oversold", action: "BUY", price: 42350.5, confidence: 0.85 },
  },
  {
    topic: "trade.executed",
    data: { trade_id: "123", strategy_name: "Support_Bounce", action: "BUY", entry_price: 42400, quantity: 0.01 },
  },
  {
    topic: "trade.closed",
    data: { trade_id: "123", strategy_name: "Support_Bounce", entry_price: 42400, exit_price: 42550, pnl: 1.5 },
  },
  {
    topic: "strategy.RSI_Oversold.metrics",
    data: { strategy_name: "RSI_Oversold", total_trades: 50, win_rate: 0.62, total_profit_loss: 125.5 },
  },
  {
    topic: "strategy.promoted",
    data: {
      strategy_name: "Support_Bounce",
      message: "Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.2)",
    },
  },
] as const satisfies readonly { topic: string; data: Record<string, unknown> }[];
