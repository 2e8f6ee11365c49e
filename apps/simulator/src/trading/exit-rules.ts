/** When an open position is closed by the market: take-profit, stop-loss or maximum holding time. */
import type { Action } from "../strategies/types.ts";

export interface ExitRules {
  /** Close with a profit once the price moved this fraction in our favour (0.006 = 0.6%). */
  takeProfit: number;
  /** Close with a loss once the price moved this fraction against us. */
  stopLoss: number;
  /** Close whatever the price after this long (simulated ms). */
  maxHoldMs: number;
}

export type ExitReason = "take_profit" | "stop_loss" | "max_hold" | "opposite_signal";

export interface Holding {
  action: Action;
  entryPrice: number;
  openedAt: number;
}

/** Why the position should be closed at this price and time, or null to keep it. */
export function exitReason(p: Holding, price: number, now: number, rules: ExitRules): ExitReason | null {
  const move = (p.action === "BUY" ? price - p.entryPrice : p.entryPrice - price) / p.entryPrice;
  if (move >= rules.takeProfit) return "take_profit";
  if (move <= -rules.stopLoss) return "stop_loss";
  if (now - p.openedAt >= rules.maxHoldMs) return "max_hold";
  return null;
}
