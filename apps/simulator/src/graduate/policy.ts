/** The auto-graduate rules as a pure function: given a strategy's stage and stats, promote, roll back or wait. */
import type { StrategyStats } from "../trading/metrics.ts";
import type { GraduateThresholds } from "./thresholds.ts";

export type Stage = "sandbox" | "live";

export type Decision = { kind: "promote" } | { kind: "rollback"; reason: string } | null;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * `stats` are the sandbox trades (since the strategy last entered the sandbox) when `stage` is
 * "sandbox", and the last `rollbackWindow` live trades when it is "live".
 */
export function decide(stage: Stage, stats: StrategyStats, t: GraduateThresholds): Decision {
  if (stage === "sandbox") {
    const passes =
      stats.totalTrades >= t.minTrades &&
      stats.winRate >= t.minWinRate &&
      stats.sharpe !== undefined &&
      stats.sharpe >= t.minSharpe;
    return passes ? { kind: "promote" } : null;
  }
  if (stats.totalTrades < t.rollbackWindow) return null;
  const over = `over the last ${stats.totalTrades} trades`;
  if (stats.winRate < t.rollbackMinWinRate) {
    return { kind: "rollback", reason: `win rate ${pct(stats.winRate)} ${over} is below ${pct(t.rollbackMinWinRate)}` };
  }
  const sharpe = stats.sharpe ?? 0;
  if (sharpe < t.rollbackMinSharpe) {
    return {
      kind: "rollback",
      reason: `Sharpe ${sharpe.toFixed(2)} ${over} is below ${t.rollbackMinSharpe.toFixed(2)}`,
    };
  }
  return null;
}

/** "Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.20)" — the original system's wording. */
export function promotionMessage(stats: StrategyStats): string {
  return `Strategy promoted to LIVE (${stats.totalTrades} trades, ${pct(stats.winRate)} win rate, Sharpe ${(stats.sharpe ?? 0).toFixed(2)})`;
}

export function rollbackMessage(version: number, reason: string): string {
  return `Rolled back to version ${version}: ${reason}`;
}
