/**
 * The `snapshot` example of the API documents: the desk state the protocol's example events fold
 * to, as the hub serves it (packages/desk's example test checks it is exactly that fold). Kept
 * apart from api-examples.ts because it is a whole desk state.
 */
import type { SnapshotMessage } from "./desk-state.ts";

/** The one closed trade of the examples (Support_Bounce, +1.50): the total and its strategy alike. */
const LEDGER = {
  closed_trades: 1,
  wins: 1,
  losses: 0,
  realized_pnl: 1.5,
  gross_profit: 1.5,
  gross_loss: 0,
  profit_factor: null,
  largest_win: 1.5,
  largest_loss: 0,
  peak: 1.5,
  max_drawdown: 0,
  current_drawdown: 0,
  win_streak: 1,
  loss_streak: 0,
  open_positions: 0,
  unrealized_pnl: 0,
  last_seq: 1044,
} as const;

/** The example snapshot, stamped with the examples' epoch and time (literal types kept for the schemas' checks). */
export function exampleSnapshot<E extends string, T extends string>(epoch: E, time: T) {
  return {
    type: "snapshot",
    epoch,
    seq: 1048,
    timestamp: time,
    state: {
      version: 1,
      seq: 1048,
      limits: {
        strategies: 1000,
        positions: 10000,
        symbols: 10000,
        series: 256,
        bars: 120,
        recent: 50,
        equity_points: 2000,
        strategy_points: 200,
        days: 90,
      },
      ledger: {
        total: LEDGER,
        by_strategy: { Support_Bounce: LEDGER },
      },
      positions: [],
      marks: {
        "BTC-USDT": {
          price: 42388,
          source: "candle",
          seq: 1047,
        },
      },
      metrics: {
        RSI_Oversold: {
          strategy_name: "RSI_Oversold",
          total_trades: 50,
          win_rate: 0.62,
          total_profit_loss: 125.5,
          seq: 1045,
          timestamp: time,
        },
      },
      candles: {
        "BTC-USDT.1m": [
          {
            start_ms: 1768818600000,
            open: 42350.5,
            high: 42410,
            low: 42301.25,
            close: 42388,
            volume: 12.5,
          },
        ],
      },
      equity: [[1044, 1768818645123, 1.5]],
      equity_sampling: {
        stride: 1,
        skipped: 0,
      },
      daily: [
        {
          day: "2026-01-19",
          pnl: 1.5,
          trades: 1,
          wins: 1,
        },
      ],
      recent: {
        signal: [
          {
            type: "signal",
            seq: 1042,
            topic: "strategy.RSI_Oversold.signal",
            timestamp: time,
            data: {
              strategy_name: "RSI_Oversold",
              action: "BUY",
              price: 42350.5,
              confidence: 0.85,
            },
          },
        ],
        trade: [
          {
            type: "trade_closed",
            seq: 1044,
            topic: "trade.closed",
            timestamp: time,
            data: {
              trade_id: "123",
              strategy_name: "Support_Bounce",
              entry_price: 42400,
              exit_price: 42550,
              pnl: 1.5,
            },
          },
          {
            type: "trade",
            seq: 1043,
            topic: "trade.executed",
            timestamp: time,
            data: {
              trade_id: "123",
              strategy_name: "Support_Bounce",
              action: "BUY",
              entry_price: 42400,
              quantity: 0.01,
            },
          },
        ],
        alert: [
          {
            type: "alert",
            seq: 1048,
            topic: "strategy.rollback",
            timestamp: time,
            data: {
              message: "Rolled back to v3 after a 12% drawdown",
              strategy_name: "Volume_Spike",
              severity: "warning",
              kind: "rollback",
              version: 3,
            },
          },
          {
            type: "alert",
            seq: 1046,
            topic: "strategy.promoted",
            timestamp: time,
            data: {
              message: "Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.2)",
              strategy_name: "Support_Bounce",
              severity: "info",
              kind: "promoted",
            },
          },
        ],
      },
      counts: {
        events: 7,
        by_type: {
          signal: 1,
          trade: 1,
          trade_closed: 1,
          metrics: 1,
          alert: 2,
          candle: 1,
        },
      },
      overflow: {
        strategies: 0,
        positions: 0,
        symbols: 0,
        series: 0,
        metrics: 0,
      },
      anomalies: {
        duplicate_open: 0,
        unknown_close: 0,
        strategy_mismatch: 0,
        late_close: 0,
      },
    },
  } as const satisfies SnapshotMessage;
}
