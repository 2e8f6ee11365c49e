/**
 * A small ledger folded from `trade_closed` events, so the watch runs (and is tested) on its own:
 * per strategy and total, closed trades, wins (pnl > 0), losses (pnl < 0), realized P&L, drawdown
 * from the realized peak, streaks, and realized P&L per UTC day (the last `keepDays` days).
 * At start it folds the history (`catchUp`), so a restarted hub has the same figures. The hub's
 * desk state replaces it where present (ledger-view.ts).
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import type { Figures, LedgerSource, LedgerView } from "./ledger-view.ts";

const empty = (): Figures => ({
  closed: 0,
  wins: 0,
  losses: 0,
  realizedPnl: 0,
  drawdown: 0,
  maxDrawdown: 0,
  winStreak: 0,
  lossStreak: 0,
});

interface Book {
  figures: Figures;
  peak: number;
  /** day -> realized P&L, oldest first (Map keeps insertion order; days only grow). */
  days: Map<string, number>;
}

function closeTrade(b: Book, pnl: number, day: string, keepDays: number): void {
  const f = b.figures;
  f.closed++;
  if (pnl > 0) {
    f.wins++;
    f.winStreak++;
    f.lossStreak = 0;
  } else if (pnl < 0) {
    f.losses++;
    f.lossStreak++;
    f.winStreak = 0;
  }
  f.realizedPnl += pnl;
  b.peak = Math.max(b.peak, f.realizedPnl);
  f.drawdown = b.peak - f.realizedPnl;
  f.maxDrawdown = Math.max(f.maxDrawdown, f.drawdown);
  b.days.set(day, (b.days.get(day) ?? 0) + pnl);
  while (b.days.size > keepDays) b.days.delete(b.days.keys().next().value as string);
}

export interface MiniLedger extends LedgerSource {
  /** The highest seq folded. */
  readonly seq: number;
}

export function createMiniLedger(options: { keepDays?: number } = {}): MiniLedger {
  const keepDays = options.keepDays ?? 3;
  const newBook = (): Book => ({ figures: empty(), peak: 0, days: new Map() });
  const total = newBook();
  const byStrategy = new Map<string, Book>();
  let seq = 0;

  function fold(e: StoredEvent): void {
    if (e.seq <= seq) return;
    seq = e.seq;
    if (e.type !== "trade_closed") return;
    const day = e.timestamp.slice(0, 10);
    let b = byStrategy.get(e.data.strategy_name);
    if (!b) {
      b = newBook();
      byStrategy.set(e.data.strategy_name, b);
    }
    closeTrade(b, e.data.pnl, day, keepDays);
    closeTrade(total, e.data.pnl, day, keepDays);
  }

  const view: LedgerView = {
    total: () => total.figures,
    strategy: (name) => byStrategy.get(name)?.figures,
    strategies: () => byStrategy.keys(),
    dayPnl: (day, strategy) => (strategy === undefined ? total : byStrategy.get(strategy))?.days.get(day) ?? 0,
  };

  return {
    view,
    get seq() {
      return seq;
    },
    async catchUp(bus: Bus): Promise<number> {
      const until = bus.currentSeq();
      let after = seq;
      // Bounded: each page moves `after` forward, and we stop at the seq current when called.
      while (after < until) {
        const page = await bus.history({ after, patterns: ["trade.closed"], limit: 1000 });
        for (const e of page.events) if (e.seq <= until) fold(e);
        if (!page.hasMore || page.nextAfter <= after) break;
        after = page.nextAfter;
      }
      seq = Math.max(seq, until);
      return seq;
    },
    apply(events) {
      for (const e of events) fold(e);
    },
  };
}
