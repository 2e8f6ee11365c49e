/**
 * One ledger entry's arithmetic: what a close adds (counts, P&L, gross, largest, drawdown of the
 * realized curve, streaks). A win is pnl > 0, a loss pnl < 0, break-even (0) is neither and ends
 * both streaks. Sums start at +0 and only add finite numbers, so no figure is ever -0 or NaN.
 */
import type { LedgerEntry } from "@tickerwire/protocol";

export function emptyEntry(): LedgerEntry {
  return {
    closed_trades: 0,
    wins: 0,
    losses: 0,
    realized_pnl: 0,
    gross_profit: 0,
    gross_loss: 0,
    profit_factor: null,
    largest_win: 0,
    largest_loss: 0,
    peak: 0,
    max_drawdown: 0,
    current_drawdown: 0,
    win_streak: 0,
    loss_streak: 0,
    open_positions: 0,
    unrealized_pnl: 0,
    last_seq: 0,
  };
}

/** gross_profit / gross_loss, or null while there is no loss (or the ratio is not finite). */
export function profitFactor(grossProfit: number, grossLoss: number): number | null {
  if (!(grossLoss > 0)) return null;
  const r = grossProfit / grossLoss;
  return Number.isFinite(r) ? r : null;
}

/** Adds one closed trade to `e`, in place. */
export function addClose(e: LedgerEntry, pnl: number, seq: number): void {
  e.closed_trades++;
  // +0 + -0 is +0, and x + y is -0 only when both are -0: realized_pnl starts at +0, so never -0.
  e.realized_pnl += pnl;
  if (pnl > 0) {
    e.wins++;
    e.gross_profit += pnl;
    if (pnl > e.largest_win) e.largest_win = pnl;
    e.win_streak++;
    e.loss_streak = 0;
  } else if (pnl < 0) {
    e.losses++;
    e.gross_loss -= pnl;
    if (pnl < e.largest_loss) e.largest_loss = pnl;
    e.loss_streak++;
    e.win_streak = 0;
  } else {
    e.win_streak = 0;
    e.loss_streak = 0;
  }
  e.profit_factor = profitFactor(e.gross_profit, e.gross_loss);
  if (e.realized_pnl > e.peak) e.peak = e.realized_pnl;
  // peak >= realized_pnl, so the difference is >= +0.
  e.current_drawdown = e.peak - e.realized_pnl;
  if (e.current_drawdown > e.max_drawdown) e.max_drawdown = e.current_drawdown;
  e.last_seq = seq;
}

/** Unrealized P&L of a position at `mark`: long gains when the mark rises, short when it falls. */
export function unrealized(action: "BUY" | "SELL", entry: number, mark: number, quantity: number): number {
  // `+ 0` turns an underflowed -0 into +0.
  return (action === "BUY" ? (mark - entry) * quantity : (entry - mark) * quantity) + 0;
}
