/**
 * The current view: the filter applied server-side (through the client) and mirrored in the
 * URL, and the panel lists as shown. Panels also apply the filter locally so items received
 * before a filter change disappear at once instead of lingering until pushed out.
 */
import { computed, type ReadonlySignal, signal, untracked } from "@preact/signals";
import type { HubClient } from "@tickerwire/client";
import type { AlertEvent } from "@tickerwire/protocol";
import { type Filter, type MetricsEvent, matchesFilter, type SignalEvent, STRATEGIES } from "@tickerwire/protocol";
import type { DashboardStore, TradeItem } from "./store.ts";
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

export interface ViewModel {
  readonly filter: ReadonlySignal<Filter | undefined>;
  setFilter(filter: Filter | undefined): void;
  readonly signals: ReadonlySignal<readonly SignalEvent[]>;
  readonly trades: ReadonlySignal<readonly TradeItem[]>;
  readonly alerts: ReadonlySignal<readonly AlertEvent[]>;
  /** Strategies to offer in the filter: the original five plus any seen in the data or the URL. */
  readonly knownStrategies: ReadonlySignal<readonly string[]>;
  /** Strategy names of the metrics rows shown, in first-seen order. */
  readonly metricsRows: ReadonlySignal<readonly (readonly [string, ReadonlySignal<MetricsEvent>])[]>;
}

export interface ViewModelOptions {
  url?: UrlAccess;
  /** Panel lists repaint at most this often (ms); 0 = every applied batch. */
  listRefreshMs?: number;
  timers?: Timers;
}

export function createViewModel(
  store: DashboardStore,
  client: Pick<HubClient, "setFilter">,
  initial: Filter | undefined,
  options: ViewModelOptions = {},
): ViewModel {
  const url = options.url ?? browserUrl;
  const filter = signal(normalizeFilter(initial));
  const visible = <T extends Parameters<typeof matchesFilter>[1]>(list: ReadonlySignal<readonly T[]>) =>
    computed(() => {
      const f = filter.value;
      return f ? list.value.filter((e) => matchesFilter(f, e)) : list.value;
    });

  // Each metrics row follows its store row at the list cadence too (rows update in place, so a
  // row re-renders only when its own strategy's metrics moved). Cached, so a row keeps its copy.
  const rowCopies = new WeakMap<ReadonlySignal<MetricsEvent>, ReadonlySignal<MetricsEvent>>();
  const rowCopy = (row: ReadonlySignal<MetricsEvent>) => {
    let copy = rowCopies.get(row);
    if (!copy) {
      copy = untracked(() => throttleSignal(row, options.listRefreshMs ?? 0, options.timers));
      rowCopies.set(row, copy);
    }
    return copy;
  };

  let known: readonly string[] = STRATEGIES;
  const knownStrategies = computed(() => {
    const names = new Set<string>(STRATEGIES);
    for (const name of store.metrics.value.keys()) names.add(name);
    for (const e of store.signals.value) names.add(e.data.strategy_name);
    for (const name of filter.value?.strategies ?? []) names.add(name);
    // Same array while nothing new appears, so the filter form does not re-render every frame.
    if (names.size !== known.length || !known.every((n) => names.has(n))) known = [...names];
    return known;
  });

  return {
    filter,
    knownStrategies,
    setFilter(next) {
      const f = normalizeFilter(next);
      if (JSON.stringify(f) === JSON.stringify(filter.peek())) return;
      filter.value = f;
      client.setFilter(f);
      url.replace(writeViewQuery(url.search(), f));
    },
    signals: visible(throttleSignal(store.signals, options.listRefreshMs ?? 0, options.timers)),
    trades: visible(throttleSignal(store.trades, options.listRefreshMs ?? 0, options.timers)),
    alerts: visible(throttleSignal(store.alerts, options.listRefreshMs ?? 0, options.timers)),
    metricsRows: computed(() => {
      const s = filter.value?.strategies;
      const types = filter.value?.types;
      if (types && !types.includes("metrics")) return [];
      const rows = [...store.metrics.value].map(([name, row]) => [name, rowCopy(row)] as const);
      return s ? rows.filter(([name]) => s.includes(name)) : rows;
    }),
  };
}
