/** Profit and loss of one trade. */
import type { Action } from "../strategies/types.ts";

/** (exit − entry) × qty for a BUY (long), (entry − exit) × qty for a SELL (short). */
export function tradePnl(action: Action, entryPrice: number, exitPrice: number, quantity: number): number {
  return (action === "BUY" ? exitPrice - entryPrice : entryPrice - exitPrice) * quantity;
}

/** The trade's return on the capital it used: pnl / (entry × qty). */
export function tradeReturn(action: Action, entryPrice: number, exitPrice: number): number {
  return (action === "BUY" ? exitPrice - entryPrice : entryPrice - exitPrice) / entryPrice;
}
