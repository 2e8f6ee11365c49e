/**
 * What the panels show, read from the desk state: plain copies (the fold changes the state's
 * objects in place, so a component must never hold on to them), in the order a person reads
 * them. Pure functions of the state; the figures are the ledger's own, never recomputed here.
 */
import {
  type Bar,
  type DailyEntry,
  type DeskState,
  type LedgerEntry,
  type MetricsEntry,
  type MetricsEvent,
  OTHER_STRATEGIES,
  type Position,
} from "@tickerwire/protocol";

/** The P&L summary cards. A win is a close with pnl > 0 (break-even is not a win). */
export interface Summary {
  realizedPnl: number;
  /** Marked-to-market P&L of the open positions (those without a price yet count 0). */
  unrealizedPnl: number;
  /** Realized + unrealized: where the desk stands now. */
  totalPnl: number;
  closedTrades: number;
  /** wins / closed trades, 0..1; 0 before the first close. */
  winRate: number;
  openPositions: number;
  /** Of the realized equity curve. */
  maxDrawdown: number;
  currentDrawdown: number;
}

export function summarize(state: DeskState): Summary {
  const t = state.ledger.total;
  return {
    realizedPnl: t.realized_pnl,
    unrealizedPnl: t.unrealized_pnl,
    totalPnl: t.realized_pnl + t.unrealized_pnl,
    closedTrades: t.closed_trades,
    winRate: winRate(t),
    openPositions: t.open_positions,
    maxDrawdown: t.max_drawdown,
    currentDrawdown: t.current_drawdown,
  };
}

function winRate(e: LedgerEntry): number {
  return e.closed_trades > 0 ? e.wins / e.closed_trades : 0;
}

/** One row of the per-strategy P&L table. */
export interface StrategyRow {
  /** The ledger key: a strategy name, or OTHER_STRATEGIES for those past the state's cap. */
  id: string;
  name: string;
  closedTrades: number;
  winRate: number;
  realizedPnl: number;
  unrealizedPnl: number;
  totalPnl: number;
  /** Gross profit / gross loss; null while the strategy has no losing trade. */
  profitFactor: number | null;
  maxDrawdown: number;
  openPositions: number;
}

/** What the `~other` ledger entry is called on screen. */
export const OTHER_LABEL = "Other strategies";

/** Strategies by name (stable while figures move), the `~other` entry last. */
export function strategyRows(state: DeskState): StrategyRow[] {
  const keys = Object.keys(state.ledger.by_strategy).sort((a, b) =>
    a === OTHER_STRATEGIES ? 1 : b === OTHER_STRATEGIES ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return keys.map((key) => {
    const e = state.ledger.by_strategy[key] as LedgerEntry;
    return {
      id: key,
      name: key === OTHER_STRATEGIES ? OTHER_LABEL : key,
      closedTrades: e.closed_trades,
      winRate: winRate(e),
      realizedPnl: e.realized_pnl,
      unrealizedPnl: e.unrealized_pnl,
      totalPnl: e.realized_pnl + e.unrealized_pnl,
      profitFactor: e.profit_factor,
      maxDrawdown: e.max_drawdown,
      openPositions: e.open_positions,
    };
  });
}

/** One open position as the positions table shows it. */
export type PositionRow = Readonly<Position>;

/** Rows the positions table renders at most (the count says how many are open in all). */
export const POSITIONS_SHOWN = 100;

/** The newest `cap` open positions, newest first, and how many are open. */
export function positionRows(state: DeskState, cap = POSITIONS_SHOWN): { rows: PositionRow[]; open: number } {
  const all = state.positions;
  const rows: PositionRow[] = [];
  for (let i = all.length - 1; i >= 0 && rows.length < cap; i--) rows.push({ ...(all[i] as Position) });
  return { rows, open: all.length };
}

/** P&L per UTC day, newest day first. */
export function dailyRows(state: DeskState): DailyEntry[] {
  const out: DailyEntry[] = [];
  for (let i = state.daily.length - 1; i >= 0; i--) out.push({ ...(state.daily[i] as DailyEntry) });
  return out;
}

/** A point of the cumulative P&L chart: realized P&L after a close, and how far below its peak. */
export interface EquityPoint {
  timeMs: number;
  value: number;
  /** value − the highest value so far (≤ 0; the curve starts at 0). */
  drawdown: number;
}

/**
 * The realized equity curve (thinned by the fold to at most `limits.equity_points`, its last
 * point the exact current value) with its drawdown. The drawdown is that of the kept points: a
 * dip between two of them is not drawn, while the summary's max drawdown is the ledger's exact one.
 */
export function equitySeries(state: DeskState): EquityPoint[] {
  let peak = 0;
  return state.equity.map(([, t, value]) => {
    if (value > peak) peak = value;
    return { timeMs: t, value, drawdown: value - peak };
  });
}

/** Candle series keys (`SYMBOL.interval`), sorted. */
export function candleKeys(state: DeskState): string[] {
  return Object.keys(state.candles).sort();
}

/** Copies of one series' bars, oldest first (none for an unknown key). */
export function candleBars(state: DeskState, key: string | null): Bar[] {
  const bars = key === null ? undefined : state.candles[key];
  return bars ? bars.map((b) => ({ ...b })) : [];
}

/** The latest metrics of a strategy as the event that carried them (the metrics panel's row). */
export function metricsEvent(name: string, m: MetricsEntry): MetricsEvent {
  const { seq, timestamp, ...data } = m;
  return { type: "metrics", seq, timestamp, topic: `strategy.${name}.metrics`, data };
}

/** Strategy names anywhere in the state: ledger, metrics, positions, recent signals. */
export function strategiesIn(state: DeskState): Set<string> {
  const names = new Set<string>();
  for (const k of Object.keys(state.ledger.by_strategy)) if (k !== OTHER_STRATEGIES) names.add(k);
  for (const k of Object.keys(state.metrics)) names.add(k);
  for (const e of state.recent.signal) names.add(e.data.strategy_name);
  return names;
}
