/**
 * The P&L summary cards' math, from the running tally of closed trades. A trade is a win when
 * its P&L is above zero (break-even is not a win), as in the original dashboard.
 */

/** Running totals over every `trade_closed` the dashboard has seen. */
export interface ClosedTally {
  closed: number;
  wins: number;
  pnl: number;
}

export const EMPTY_TALLY: ClosedTally = { closed: 0, wins: 0, pnl: 0 };

export interface Summary {
  totalTrades: number;
  activePositions: number;
  /** wins / closed, 0..1; 0 before the first closed trade. */
  winRate: number;
  totalPnl: number;
}

export function addClosed(t: ClosedTally, pnl: number): ClosedTally {
  return { closed: t.closed + 1, wins: t.wins + (pnl > 0 ? 1 : 0), pnl: t.pnl + pnl };
}

export function summarize(t: ClosedTally, activePositions: number): Summary {
  return {
    totalTrades: t.closed,
    activePositions,
    winRate: t.closed > 0 ? t.wins / t.closed : 0,
    totalPnl: t.pnl,
  };
}
