/**
 * `viewDesk`: the part of the hub's full state one client may see, as a new state that the fold
 * keeps up to date from that client's live events. The view records its scope, so the fold
 * applies to it only what the scope admits. Rules (also in the package README):
 * - ledger, equity and daily need `trade_closed` (topic `trade.closed`); positions and marks
 *   also need `trade` (topic `trade.executed`); without them the part is empty.
 * - `filter.strategies` keeps those strategies' ledger entries, positions, metrics, and recent
 *   events (as the hub's `matchesFilter` does); the total is then the SUM of those strategies
 *   (see merge.ts for what is approximate); without it the total is the hub's exact total.
 * - metrics rows, candle series and recent events are kept when their topic matches the
 *   patterns and they pass the filter, exactly what the hub would deliver.
 * - counters (`counts`, `overflow`, `anomalies`) are the hub's, not the view's.
 */
import {
  type DeskLimits,
  type DeskScope,
  type DeskState,
  type EquityPoint,
  type Filter,
  isEmptyFilter,
  isValidPattern,
  type LedgerEntry,
  OTHER_STRATEGIES,
  TOPICS,
} from "@tickerwire/protocol";
import { emptyEntry } from "./ledger.ts";
import { mergeSelected, type Selected, thinTo } from "./merge.ts";
import { initialSampling } from "./sampling.ts";
import { compileScope, isWideOpen } from "./scope.ts";

export interface ViewOptions {
  /** Topic patterns (the client's subscription); missing or `>` means every topic. */
  patterns?: string[];
  filter?: Filter;
}

/**
 * The state as a client with these patterns and filter sees it (a new, JSON-safe object; the
 * events in `recent` are shared, as events are never changed).
 * @example serializeDesk(viewDesk(state, { filter: { strategies: ["RSI_Oversold"] } }))
 */
export function viewDesk(state: DeskState, options: ViewOptions = {}): DeskState {
  if (state.scope) throw new Error("viewDesk takes the hub's full state; this state is already a view");
  const invalid = options.patterns?.filter((p) => !isValidPattern(p)) ?? [];
  if (invalid.length > 0) throw new Error(`viewDesk: invalid topic pattern(s): ${invalid.join(", ")}`);
  const scope: DeskScope = {};
  if (options.patterns) scope.patterns = [...options.patterns];
  if (options.filter && !isEmptyFilter(options.filter)) scope.filter = structuredClone(options.filter);
  const wide = isWideOpen(scope);
  const c = compileScope(scope);
  const strategies = scope.filter?.strategies;
  const keepPositions = c.positions;
  const book = (e: LedgerEntry): LedgerEntry =>
    keepPositions ? { ...e } : { ...e, open_positions: 0, unrealized_pnl: 0 };

  const view: DeskState = {
    version: state.version,
    seq: state.seq,
    limits: { ...state.limits },
    ledger: { total: emptyEntry(), by_strategy: {} },
    positions: keepPositions ? state.positions.filter((p) => c.strategy(p.strategy_name)).map((p) => ({ ...p })) : [],
    marks: keepPositions
      ? copyRecord(
          state.marks,
          () => true,
          (m) => ({ ...m }),
        )
      : {},
    metrics: copyRecord(
      state.metrics,
      (row, name) => c.admits({ type: "metrics", topic: TOPICS.metrics(name), data: row }),
      (row) => ({ ...row }),
    ),
    candles: copyRecord(
      state.candles,
      (_, key) => c.admits({ type: "candle", topic: `market.${key}`, data: {} }),
      (bars) => bars.map((b) => ({ ...b })),
    ),
    equity: [],
    equity_sampling: initialSampling(),
    daily: [],
    recent: {
      signal: state.recent.signal.filter(c.admits),
      trade: state.recent.trade.filter(c.admits),
      alert: state.recent.alert.filter(c.admits),
    },
    counts: { events: state.counts.events, by_type: { ...state.counts.by_type } },
    overflow: { ...state.overflow },
    anomalies: { ...state.anomalies },
  };
  if (!wide) view.scope = scope;
  if (!c.ledger) return view;

  view.ledger.by_strategy = copyRecord(
    state.ledger.by_strategy,
    // Without positions a book exists for its closes only (the view's fold makes books on closes).
    (e, key) =>
      (strategies ? key !== OTHER_STRATEGIES && strategies.includes(key) : true) &&
      (keepPositions || e.closed_trades > 0),
    book,
  );
  if (!strategies) {
    view.ledger.total = book(state.ledger.total);
    view.equity = state.equity.map((p) => [p[0], p[1], p[2]]);
    view.equity_sampling = { ...state.equity_sampling };
    view.daily = state.daily.map((d) => ({ ...d }));
    return view;
  }
  const selected = selectedSeries(state, view.ledger.by_strategy);
  const merged = subsetTotals(selected, state.limits);
  view.ledger.total = keepPositions ? merged.total : { ...merged.total, open_positions: 0, unrealized_pnl: 0 };
  view.equity = merged.equity;
  view.equity_sampling = merged.sampling;
  view.daily = merged.daily;
  return view;
}

function selectedSeries(state: DeskState, entries: Record<string, LedgerEntry>): Selected[] {
  const all = state.by_strategy_series;
  if (!all) throw new Error("viewDesk needs the full state's by_strategy_series to sum a set of strategies");
  return Object.entries(entries).map(([key, entry]) => {
    const series = all[key];
    if (!series) throw new Error(`viewDesk: by_strategy_series has no ${key}`);
    return { entry, series };
  });
}

/** One strategy: its own figures, exactly. Several: sums and a merged curve (merge.ts). */
function subsetTotals(selected: Selected[], limits: DeskLimits) {
  const one = selected.length === 1 ? selected[0] : undefined;
  if (one) {
    return {
      total: { ...one.entry },
      equity: thinTo(
        one.series.equity.map((p): EquityPoint => [p[0], p[1], p[2]]),
        limits.equity_points,
      ),
      sampling: { ...one.series.equity_sampling },
      daily: one.series.daily.map((d) => ({ ...d })),
    };
  }
  return { ...mergeSelected(selected, limits), sampling: initialSampling() };
}

function copyRecord<T, U>(
  from: Record<string, T>,
  keep: (value: T, key: string) => boolean,
  copy: (value: T) => U,
): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(from)) if (keep(v, k)) out[k] = copy(v);
  return out;
}
