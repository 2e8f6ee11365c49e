/**
 * The current view: the filter (applied on the hub through the client, which then brings the
 * filtered view's snapshot, and mirrored in the URL) and every figure and list the panels show,
 * derived from the desk state. All of them follow the store at most once per `listRefreshMs`
 * (one throttled revision): the summary and the open positions at once, the rest once that has
 * been painted (after-paint.ts). Recent-event lists are also filtered here, so items of the old
 * view disappear at once after a filter change instead of lingering until the new snapshot lands.
 */
import { computed, effect, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type { HubClient } from "@tickerwire/client";
import {
  type AlertEvent,
  type Bar,
  type DailyEntry,
  type DeskState,
  type Filter,
  type MetricsEvent,
  matchesFilter,
  type SignalEvent,
  STRATEGIES,
} from "@tickerwire/protocol";
import { afterNextPaint, afterPaintSignal, type PaintScheduler } from "./after-paint.ts";
import {
  candleBars,
  candleKeys,
  dailyRows,
  type EquityPoint,
  equitySeries,
  metricsEvent,
  type PositionRow,
  positionRows,
  type StrategyRow,
  type Summary,
  strategiesIn,
  strategyRows,
  summarize,
} from "./desk-view.ts";
import type { DeskStore, TradeItem } from "./store.ts";
import { type Timers, throttleSignal } from "./throttle.ts";
import { normalizeFilter, writeViewQuery } from "./view-query.ts";

export interface UrlAccess {
  search(): string;
  /** Replaces the current history entry's query (no navigation, no new history entry). */
  replace(search: string): void;
}

export const browserUrl: UrlAccess = {
  search: () => location.search,
  replace: (search) => history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`),
};

/** The candle chart's input: which series (`SYMBOL.interval`) and its bars. */
export interface CandleSeries {
  key: string | null;
  bars: readonly Bar[];
}

export type MetricsRows = ReadonlySignal<readonly (readonly [string, ReadonlySignal<MetricsEvent>])[]>;

export interface ViewModel {
  readonly filter: ReadonlySignal<Filter | undefined>;
  setFilter(filter: Filter | undefined): void;
  /** Strategies to offer in the filter: the original five plus every one seen, in any view, or in the URL. */
  readonly knownStrategies: ReadonlySignal<readonly string[]>;
  readonly summary: ReadonlySignal<Summary>;
  readonly positions: ReadonlySignal<{ rows: readonly PositionRow[]; open: number }>;
  readonly strategies: ReadonlySignal<readonly StrategyRow[]>;
  readonly daily: ReadonlySignal<readonly DailyEntry[]>;
  readonly equity: ReadonlySignal<readonly EquityPoint[]>;
  /** Candle series keys, sorted. */
  readonly candleKeys: ReadonlySignal<readonly string[]>;
  /** The series picked in the chart; null = the first one. */
  readonly candleKey: Signal<string | null>;
  readonly candles: ReadonlySignal<CandleSeries>;
  readonly signals: ReadonlySignal<readonly SignalEvent[]>;
  readonly trades: ReadonlySignal<readonly TradeItem[]>;
  readonly alerts: ReadonlySignal<readonly AlertEvent[]>;
  /** One row per strategy with metrics, in first-seen order; each row is its own signal, moved only when its figures do. */
  readonly metricsRows: MetricsRows;
}

export interface ViewModelOptions {
  url?: UrlAccess;
  /** Figures and lists repaint at most this often (ms); 0 = every applied batch. */
  listRefreshMs?: number;
  timers?: Timers;
  /** When what is below the summary and positions catches up (default: after the next paint). */
  paint?: PaintScheduler;
}

export function createViewModel(
  store: DeskStore,
  client: Pick<HubClient, "setFilter">,
  initial: Filter | undefined,
  options: ViewModelOptions = {},
): ViewModel {
  const url = options.url ?? browserUrl;
  const filter = signal(normalizeFilter(initial));
  const tick = throttleSignal(store.revision, options.listRefreshMs ?? 0, options.timers);
  const later = afterPaintSignal(tick, options.paint ?? afterNextPaint);
  /** First on screen: follows the (throttled) revision. */
  const select = <T>(pick: (state: DeskState) => T) => store.select(pick, tick);
  /** Below the summary and positions: follows it once that has been painted. */
  const selectLater = <T>(pick: (state: DeskState) => T) => store.select(pick, later);
  const visible = <T extends Parameters<typeof matchesFilter>[1]>(list: ReadonlySignal<readonly T[]>) =>
    computed(() => {
      const f = filter.value;
      return f ? list.value.filter((e) => matchesFilter(f, e)) : list.value;
    });

  const candleKey = signal<string | null>(null);
  const keys = selectLater(candleKeys);
  const currentKey = computed(() => {
    const picked = candleKey.value;
    return picked !== null && keys.value.includes(picked) ? picked : (keys.value[0] ?? null);
  });

  return {
    filter,
    setFilter(next) {
      const f = normalizeFilter(next);
      if (JSON.stringify(f) === JSON.stringify(filter.peek())) return;
      filter.value = f;
      client.setFilter(f);
      url.replace(writeViewQuery(url.search(), f));
    },
    knownStrategies: knownStrategies(selectLater(strategiesIn), filter),
    summary: select(summarize),
    positions: select((s) => positionRows(s)),
    strategies: selectLater(strategyRows),
    daily: selectLater(dailyRows),
    equity: selectLater(equitySeries),
    candleKeys: keys,
    candleKey,
    candles: computed(() => {
      const key = currentKey.value;
      later.value; // the bars move in place
      return { key, bars: candleBars(store.state, key) };
    }),
    signals: visible(selectLater((s) => s.recent.signal.slice())),
    trades: visible(selectLater((s) => s.recent.trade.slice())),
    alerts: visible(selectLater((s) => s.recent.alert.slice())),
    metricsRows: metricsRows(
      selectLater((s) => Object.entries(s.metrics)),
      filter,
    ),
  };
}

/** The strategy names ever seen (a filtered view's snapshot holds only its own), in first-seen order. */
function knownStrategies(
  inState: ReadonlySignal<Set<string>>,
  filter: ReadonlySignal<Filter | undefined>,
): ReadonlySignal<readonly string[]> {
  const seen = new Set<string>(STRATEGIES);
  let known: readonly string[] = [...seen];
  return computed(() => {
    for (const name of inState.value) seen.add(name);
    for (const name of filter.value?.strategies ?? []) seen.add(name);
    // Same array while nothing new appears, so the filter form does not re-render every frame.
    if (seen.size !== known.length) known = [...seen];
    return known;
  });
}

/**
 * Metrics rows as signals of their latest `metrics` event, kept per strategy: an update moves
 * that row's signal only (and only when its seq moved), so only that row re-renders.
 */
function metricsRows(
  entries: ReadonlySignal<[string, Parameters<typeof metricsEvent>[1]][]>,
  filter: ReadonlySignal<Filter | undefined>,
): MetricsRows {
  const rows = new Map<string, Signal<MetricsEvent>>();
  const names = signal<readonly string[]>([]);
  // Lives as long as the page, like the session.
  effect(() => {
    const list = entries.value;
    let added = false;
    for (const [name, entry] of list) {
      const row = rows.get(name);
      if (!row) {
        rows.set(name, signal(metricsEvent(name, entry)));
        added = true;
      } else if (row.peek().seq !== entry.seq) row.value = metricsEvent(name, entry);
    }
    const present = list.map(([name]) => name);
    const before = names.peek();
    if (added || present.length !== before.length || present.some((n, i) => n !== before[i])) names.value = present;
  });
  return computed(() => {
    const f = filter.value;
    if (f?.types && !f.types.includes("metrics")) return [];
    const s = f?.strategies;
    const shown = s ? names.value.filter((n) => s.includes(n)) : names.value;
    return shown.map((n) => [n, rows.get(n) as Signal<MetricsEvent>] as const);
  });
}
