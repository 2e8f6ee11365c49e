/**
 * The watch's ledger is the desk state — one fold (packages/desk), not a second one:
 * - `hubDeskLedger(book)`: the hub's own desk book. The bus folds every batch into it before any
 *   listener runs, so when the watch sees a batch the ledger already includes it; nothing to do.
 * - `ownDeskLedger()`: a desk state of its own, folded from the history at start and from each
 *   batch after (a hub with DESK_STATE=off, and the watch's unit tests).
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import { applyEvent, createDeskState } from "@tickerwire/desk";
import type { DailyEntry, DeskState, HubEvent, LedgerEntry } from "@tickerwire/protocol";
import type { Figures, LedgerSource, LedgerView } from "./ledger-view.ts";

const figures = (e: LedgerEntry): Figures => ({
  closed: e.closed_trades,
  wins: e.wins,
  losses: e.losses,
  realizedPnl: e.realized_pnl,
  drawdown: e.current_drawdown,
  maxDrawdown: e.max_drawdown,
  winStreak: e.win_streak,
  lossStreak: e.loss_streak,
});

const dayPnl = (days: readonly DailyEntry[] | undefined, day: string): number =>
  days?.find((d) => d.day === day)?.pnl ?? 0;

/** The rules' view of a desk state (read through `desk()` each time: a restore replaces the object). */
export function deskLedgerView(desk: () => DeskState): LedgerView {
  const book = (name: string) => {
    const by = desk().ledger.by_strategy;
    return Object.hasOwn(by, name) ? by[name] : undefined;
  };
  return {
    total: () => figures(desk().ledger.total),
    strategy: (name) => {
      const e = book(name);
      return e ? figures(e) : undefined;
    },
    strategies: () => Object.keys(desk().ledger.by_strategy),
    dayPnl: (day, strategy) => {
      const s = desk();
      if (strategy === undefined) return dayPnl(s.daily, day);
      const series = s.by_strategy_series;
      return series && Object.hasOwn(series, strategy) ? dayPnl(series[strategy]?.daily, day) : 0;
    },
  };
}

/** The hub's desk book (already folded by the bus when the watch runs). */
export function hubDeskLedger(book: { readonly state: DeskState; seq(): number }): LedgerSource {
  return {
    view: deskLedgerView(() => book.state),
    catchUp: async () => book.seq(),
    apply: () => {},
  };
}

const wire = (e: StoredEvent): HubEvent =>
  ({ type: e.type, seq: e.seq, topic: e.topic, timestamp: e.timestamp, data: e.data }) as HubEvent;

/** A desk state of the watch's own, folded from the trade history at start, then from each batch. */
export function ownDeskLedger(): LedgerSource {
  const state = createDeskState();
  return {
    view: deskLedgerView(() => state),
    async catchUp(bus: Bus): Promise<number> {
      const until = bus.currentSeq();
      let after = state.seq;
      // Bounded: each page moves `after` forward, and it stops at the seq current when called.
      while (after < until) {
        const page = await bus.history({ after, patterns: ["trade.>"], limit: 1000 });
        for (const e of page.events) if (e.seq <= until) applyEvent(state, wire(e));
        if (!page.hasMore || page.nextAfter <= after) break;
        after = page.nextAfter;
      }
      return Math.max(state.seq, until);
    },
    apply(events) {
      for (const e of events) if (e.type === "trade" || e.type === "trade_closed") applyEvent(state, wire(e));
    },
  };
}
