/**
 * The trade lifecycle: a signal opens a position (one per strategy and symbol); it is closed by
 * take-profit, stop-loss, maximum holding time, or a signal in the other direction (which only
 * closes; the next signal may open again).
 */
import { roundPrice, roundTo } from "../market/rounding.ts";
import type { Action, StrategyName } from "../strategies/types.ts";
import type { ExitReason, ExitRules } from "./exit-rules.ts";
import { exitReason } from "./exit-rules.ts";
import { tradePnl, tradeReturn } from "./pnl.ts";

export interface Position {
  tradeId: string;
  strategy: StrategyName;
  symbol: string;
  action: Action;
  entryPrice: number;
  quantity: number;
  openedAt: number;
}

export interface ClosedTrade extends Position {
  exitPrice: number;
  closedAt: number;
  /** In quote currency, rounded to cents: the number the hub and the dashboard add up. */
  pnl: number;
  /** pnl / (entry × qty), for the Sharpe ratio. */
  return: number;
  reason: ExitReason;
}

export interface PositionBookOptions {
  rules: ExitRules;
  /** Capital per trade in quote currency; quantity = notional / price. */
  notional: number;
  /** Trade ids are `<prefix>-<n>`. */
  idPrefix: string;
}

export interface SignalOutcome {
  opened: Position | null;
  closed: ClosedTrade | null;
}

export class PositionBook {
  private readonly open = new Map<string, Position>();
  private count = 0;

  constructor(private readonly options: PositionBookOptions) {}

  /** Open positions, in the order they were opened. */
  positions(): Position[] {
    return [...this.open.values()];
  }

  /** A signal: opens a position when none is open, closes one held in the other direction. */
  onSignal(strategy: StrategyName, symbol: string, action: Action, price: number, time: number): SignalOutcome {
    const key = `${strategy}|${symbol}`;
    const held = this.open.get(key);
    if (held) {
      if (held.action === action) return { opened: null, closed: null };
      return { opened: null, closed: this.close(key, held, price, time, "opposite_signal") };
    }
    const quantity = roundTo(this.options.notional / price, 6);
    if (!(quantity > 0)) return { opened: null, closed: null };
    this.count++;
    const position: Position = {
      tradeId: `${this.options.idPrefix}-${this.count}`,
      strategy,
      symbol,
      action,
      entryPrice: roundPrice(price),
      quantity,
      openedAt: time,
    };
    this.open.set(key, position);
    return { opened: position, closed: null };
  }

  /** A new price for a symbol: closes the positions whose exit rules fire. */
  onPrice(symbol: string, price: number, time: number): ClosedTrade[] {
    const closed: ClosedTrade[] = [];
    for (const [key, p] of this.open) {
      if (p.symbol !== symbol) continue;
      const reason = exitReason(p, price, time, this.options.rules);
      if (reason) closed.push(this.close(key, p, price, time, reason));
    }
    return closed;
  }

  private close(key: string, p: Position, price: number, time: number, reason: ExitReason): ClosedTrade {
    this.open.delete(key);
    const exitPrice = roundPrice(price);
    return {
      ...p,
      exitPrice,
      closedAt: time,
      pnl: roundTo(tradePnl(p.action, p.entryPrice, exitPrice, p.quantity), 2),
      return: tradeReturn(p.action, p.entryPrice, exitPrice),
      reason,
    };
  }
}
