/**
 * The five example events of the original system (signal, trade executed, trade closed, metrics,
 * promotion), as a strategy engine would publish them. Used by docs, tests and the README's curl.
 */
export const ORIGINAL_EXAMPLES = [
  {
    topic: "strategy.RSI_Oversold.signal",
    data: { strategy_name: "RSI_Oversold", action: "BUY", price: 42350.5, confidence: 0.85 },
  },
  {
    topic: "trade.executed",
    data: { trade_id: "T-1001", strategy_name: "RSI_Oversold", action: "BUY", entry_price: 42350.5, quantity: 0.5 },
  },
  {
    topic: "trade.closed",
    data: { trade_id: "T-1001", strategy_name: "RSI_Oversold", entry_price: 42350.5, exit_price: 42850.5, pnl: 250 },
  },
  {
    topic: "strategy.RSI_Oversold.metrics",
    data: { strategy_name: "RSI_Oversold", total_trades: 100, win_rate: 0.65, total_profit_loss: 1520.75 },
  },
  {
    topic: "strategy.promoted",
    data: {
      strategy_name: "RSI_Oversold",
      message: "Strategy promoted to LIVE (100 trades, 65.0% win rate, Sharpe 1.20)",
    },
  },
] as const satisfies readonly { topic: string; data: Record<string, unknown> }[];
