/**
 * Per-strategy performance: total trades, win rate, total P&L, Sharpe ratio of per-trade returns
 * (mean / sample standard deviation, not annualised) and profit factor (gross profit / gross loss).
 * Running sums (Welford's algorithm for the variance) so each closed trade costs O(1).
 */

export interface TradeOutcome {
  pnl: number;
  /** pnl / capital used. */
  return: number;
}

export interface StrategyStats {
  totalTrades: number;
  wins: number;
  /** wins / totalTrades (0 with no trades). A trade wins when pnl > 0. */
  winRate: number;
  totalPnl: number;
  grossProfit: number;
  /** Sum of the losing trades' |pnl|. */
  grossLoss: number;
  /** Undefined with fewer than 2 trades or no variation in returns. */
  sharpe: number | undefined;
  /** Undefined when there was no losing trade (it would be infinite). */
  profitFactor: number | undefined;
}

export function profitFactor(grossProfit: number, grossLoss: number): number | undefined {
  return grossLoss > 0 ? grossProfit / grossLoss : undefined;
}

export class MetricsAccumulator {
  private n = 0;
  private wins = 0;
  private total = 0;
  private profit = 0;
  private loss = 0;
  private mean = 0;
  private m2 = 0;

  add(o: TradeOutcome): void {
    this.n++;
    this.total += o.pnl;
    if (o.pnl > 0) {
      this.wins++;
      this.profit += o.pnl;
    } else if (o.pnl < 0) {
      this.loss -= o.pnl;
    }
    const delta = o.return - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (o.return - this.mean);
  }

  snapshot(): StrategyStats {
    const sd = this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0;
    return {
      totalTrades: this.n,
      wins: this.wins,
      winRate: this.n > 0 ? this.wins / this.n : 0,
      totalPnl: this.total,
      grossProfit: this.profit,
      grossLoss: this.loss,
      sharpe: sd > 1e-12 ? this.mean / sd : undefined,
      profitFactor: profitFactor(this.profit, this.loss),
    };
  }
}

/** Stats of a list of trades. */
export function summarize(outcomes: Iterable<TradeOutcome>): StrategyStats {
  const acc = new MetricsAccumulator();
  for (const o of outcomes) acc.add(o);
  return acc.snapshot();
}
