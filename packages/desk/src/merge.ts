/**
 * The ledger total, equity curve and daily list of a SUBSET of strategies, for a view: sums of
 * their entries, and a curve merged from their own (thinned) curves. Sums, largest win/loss and
 * the days are exact; the curve's points, and so the subset's peak and drawdowns, come from the
 * thinned per-strategy curves and are approximate; its last point is set to the exact sum. The
 * streaks are those of the strategy that closed last (the interleaving is not kept).
 */
import type { DailyEntry, DeskLimits, EquityPoint, LedgerEntry, StrategySeries } from "@tickerwire/protocol";
import { windowStart } from "./daily.ts";
import { emptyEntry, profitFactor } from "./ledger.ts";

export interface Selected {
  entry: LedgerEntry;
  series: StrategySeries;
}

export interface Merged {
  total: LedgerEntry;
  equity: EquityPoint[];
  daily: DailyEntry[];
}

export function mergeSelected(selected: readonly Selected[], limits: DeskLimits): Merged {
  const total = sumEntries(selected.map((s) => s.entry));
  const equity = mergeCurves(selected.map((s) => s.series.equity));
  drawdowns(total, equity);
  const last = equity[equity.length - 1];
  if (last) last[2] = total.realized_pnl;
  let latest: Selected | undefined;
  let latestSeq = 0;
  for (const s of selected) {
    const seq = s.series.equity.at(-1)?.[0] ?? 0;
    if (seq > latestSeq) {
      latest = s;
      latestSeq = seq;
    }
  }
  total.win_streak = latest?.entry.win_streak ?? 0;
  total.loss_streak = latest?.entry.loss_streak ?? 0;
  return {
    total,
    equity: thinTo(equity, limits.equity_points),
    daily: mergeDays(
      selected.map((s) => s.series.daily),
      limits.days,
    ),
  };
}

/** The exact sums (and extremes) of entries; peak, drawdowns and streaks are left at 0. */
export function sumEntries(entries: readonly LedgerEntry[]): LedgerEntry {
  const t = emptyEntry();
  for (const e of entries) {
    t.closed_trades += e.closed_trades;
    t.wins += e.wins;
    t.losses += e.losses;
    t.realized_pnl += e.realized_pnl;
    t.gross_profit += e.gross_profit;
    t.gross_loss += e.gross_loss;
    t.largest_win = Math.max(t.largest_win, e.largest_win);
    t.largest_loss = Math.min(t.largest_loss, e.largest_loss);
    t.open_positions += e.open_positions;
    t.unrealized_pnl += e.unrealized_pnl;
    t.last_seq = Math.max(t.last_seq, e.last_seq);
  }
  t.profit_factor = profitFactor(t.gross_profit, t.gross_loss);
  return t;
}

/** Sum of step curves: at each point of any curve, the sum of every curve's latest value. */
function mergeCurves(curves: readonly EquityPoint[][]): EquityPoint[] {
  const tagged: [EquityPoint, number][] = [];
  curves.forEach((c, i) => {
    for (const p of c) tagged.push([p, i]);
  });
  tagged.sort((a, b) => a[0][0] - b[0][0]);
  const latest = new Array<number>(curves.length).fill(0);
  let sum = 0;
  return tagged.map(([p, i]) => {
    sum += p[2] - (latest[i] as number);
    latest[i] = p[2];
    return [p[0], p[1], sum + 0];
  });
}

function drawdowns(total: LedgerEntry, curve: readonly EquityPoint[]): void {
  let peak = 0;
  let maxDd = 0;
  for (const p of curve) {
    if (p[2] > peak) peak = p[2];
    if (peak - p[2] > maxDd) maxDd = peak - p[2];
  }
  if (total.realized_pnl > peak) peak = total.realized_pnl;
  total.peak = peak;
  total.current_drawdown = peak - total.realized_pnl;
  total.max_drawdown = Math.max(maxDd, total.current_drawdown);
}

/** At most `max` points, evenly spaced, the last one always kept. */
export function thinTo(points: EquityPoint[], max: number): EquityPoint[] {
  if (points.length <= max) return points;
  const step = Math.ceil(points.length / max);
  const last = points.length - 1;
  return points.filter((_, i) => (last - i) % step === 0);
}

function mergeDays(lists: readonly DailyEntry[][], days: number): DailyEntry[] {
  const byDay = new Map<string, DailyEntry>();
  for (const list of lists) {
    for (const d of list) {
      const at = byDay.get(d.day);
      if (at) {
        at.pnl += d.pnl;
        at.trades += d.trades;
        at.wins += d.wins;
      } else byDay.set(d.day, { ...d });
    }
  }
  const out = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const newest = out[out.length - 1];
  if (newest === undefined) return out;
  const start = windowStart(newest.day, days);
  return out.filter((d) => d.day >= start);
}
