/**
 * Auto-graduate thresholds. The defaults are deliberately low so that `bun run dev` shows a
 * promotion within a few minutes; a real desk would ask for hundreds of trades.
 */

export interface GraduateThresholds {
  /** Promotion: at least this many trades in the sandbox... */
  minTrades: number;
  /** ...with at least this win rate (0..1)... */
  minWinRate: number;
  /** ...and at least this Sharpe ratio of per-trade returns. */
  minSharpe: number;
  /** Rollback is judged on the last `rollbackWindow` trades while live... */
  rollbackWindow: number;
  /** ...when the win rate falls below this... */
  rollbackMinWinRate: number;
  /** ...or the Sharpe ratio below this. */
  rollbackMinSharpe: number;
}

export const DEFAULT_THRESHOLDS: GraduateThresholds = {
  minTrades: 10,
  minWinRate: 0.5,
  minSharpe: 0.05,
  rollbackWindow: 12,
  rollbackMinWinRate: 0.35,
  rollbackMinSharpe: -0.3,
};
