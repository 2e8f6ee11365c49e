/**
 * The dashboard's state: signals fed by hub events, read by the components. `apply` takes a
 * whole batch (one animation frame's worth) and writes each signal at most once. Events at or
 * below the last applied seq are ignored, so history re-fed after a reconnect is harmless.
 */
import { batch, computed, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type {
  AlertEvent,
  HubEvent,
  MetricsEvent,
  SignalEvent,
  TradeClosedEvent,
  TradeEvent,
} from "@tickerwire/protocol";
import { type Candle, candleKey, mergeCandle, toCandle } from "./candles.ts";
import { PANEL_CAP, prependCapped } from "./lists.ts";
import { addClosed, type ClosedTally, EMPTY_TALLY, type Summary, summarize } from "./summary.ts";

export type TradeItem = TradeEvent | TradeClosedEvent;

/** One point of the cumulative P&L line: the running total after a closed trade. */
export interface PnlPoint {
  timeMs: number;
  value: number;
  seq: number;
}

/** Points kept for the cumulative P&L chart (the totals themselves are never capped). */
export const PNL_SERIES_CAP = 10_000;

export interface DashboardStore {
  readonly signals: ReadonlySignal<readonly SignalEvent[]>;
  readonly trades: ReadonlySignal<readonly TradeItem[]>;
  readonly alerts: ReadonlySignal<readonly AlertEvent[]>;
  /** One entry per strategy, in order of first appearance; each row is its own signal, updated in place. */
  readonly metrics: ReadonlySignal<ReadonlyMap<string, ReadonlySignal<MetricsEvent>>>;
  /** Candle series by `symbol.interval`. */
  readonly candles: ReadonlySignal<ReadonlyMap<string, readonly Candle[]>>;
  readonly pnlSeries: ReadonlySignal<readonly PnlPoint[]>;
  /** trade_ids executed and not yet closed. */
  readonly openPositions: ReadonlySignal<ReadonlySet<string>>;
  readonly tally: ReadonlySignal<ClosedTally>;
  readonly summary: ReadonlySignal<Summary>;
  /** The highest seq applied so far (0 before any). */
  readonly lastSeq: ReadonlySignal<number>;
  /** Applies a batch of events in arrival (seq) order. */
  apply(events: readonly HubEvent[]): void;
  /** Forgets everything (the hub's history was replaced: a new epoch). */
  reset(): void;
}

export interface StoreOptions {
  panelCap?: number;
  pnlSeriesCap?: number;
  candleCap?: number;
}

export function createStore(options: StoreOptions = {}): DashboardStore {
  const cap = options.panelCap ?? PANEL_CAP;
  const seriesCap = options.pnlSeriesCap ?? PNL_SERIES_CAP;
  const signals = signal<readonly SignalEvent[]>([]);
  const trades = signal<readonly TradeItem[]>([]);
  const alerts = signal<readonly AlertEvent[]>([]);
  const metrics = signal<ReadonlyMap<string, Signal<MetricsEvent>>>(new Map());
  const candles = signal<ReadonlyMap<string, readonly Candle[]>>(new Map());
  const pnlSeries = signal<readonly PnlPoint[]>([]);
  const openPositions = signal<ReadonlySet<string>>(new Set());
  const tally = signal<ClosedTally>(EMPTY_TALLY);
  const lastSeq = signal(0);
  const summary = computed(() => summarize(tally.value, openPositions.value.size));

  function apply(events: readonly HubEvent[]): void {
    const newSignals: SignalEvent[] = [];
    const newTrades: TradeItem[] = [];
    const newAlerts: AlertEvent[] = [];
    const newPoints: PnlPoint[] = [];
    let seq = lastSeq.peek();
    let t = tally.peek();
    let open: Set<string> | null = null;
    let series: Map<string, readonly Candle[]> | null = null;
    let rows: Map<string, Signal<MetricsEvent>> | null = null;

    batch(() => {
      for (const e of events) {
        if (e.seq <= seq) continue;
        seq = e.seq;
        switch (e.type) {
          case "signal":
            newSignals.push(e);
            break;
          case "trade":
            newTrades.push(e);
            open ??= new Set(openPositions.peek());
            open.add(e.data.trade_id);
            break;
          case "trade_closed":
            newTrades.push(e);
            open ??= new Set(openPositions.peek());
            open.delete(e.data.trade_id);
            t = addClosed(t, e.data.pnl);
            newPoints.push({ timeMs: Date.parse(e.timestamp), value: t.pnl, seq: e.seq });
            break;
          case "metrics": {
            const row = metrics.peek().get(e.data.strategy_name) ?? rows?.get(e.data.strategy_name);
            if (row) row.value = e;
            else {
              rows ??= new Map(metrics.peek());
              rows.set(e.data.strategy_name, signal(e));
            }
            break;
          }
          case "alert":
            newAlerts.push(e);
            break;
          case "candle": {
            series ??= new Map(candles.peek());
            const key = candleKey(e.data);
            series.set(key, mergeCandle(series.get(key) ?? [], toCandle(e.data), options.candleCap));
            break;
          }
        }
      }
      if (seq === lastSeq.peek()) return;
      lastSeq.value = seq;
      if (newSignals.length > 0) signals.value = prependCapped(signals.peek(), newSignals, cap);
      if (newTrades.length > 0) trades.value = prependCapped(trades.peek(), newTrades, cap);
      if (newAlerts.length > 0) alerts.value = prependCapped(alerts.peek(), newAlerts, cap);
      if (newPoints.length > 0) {
        const all = pnlSeries.peek().concat(newPoints);
        pnlSeries.value = all.length > seriesCap ? all.slice(all.length - seriesCap) : all;
        tally.value = t;
      }
      if (open) openPositions.value = open;
      if (series) candles.value = series;
      if (rows) metrics.value = rows;
    });
  }

  function reset(): void {
    batch(() => {
      signals.value = [];
      trades.value = [];
      alerts.value = [];
      metrics.value = new Map();
      candles.value = new Map();
      pnlSeries.value = [];
      openPositions.value = new Set();
      tally.value = EMPTY_TALLY;
      lastSeq.value = 0;
    });
  }

  return { signals, trades, alerts, metrics, candles, pnlSeries, openPositions, tally, summary, lastSeq, apply, reset };
}
