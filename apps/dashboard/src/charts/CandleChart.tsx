/**
 * Live candlesticks for a selectable `symbol.interval` series (the desk state's newest bars per
 * series, from `market.<SYMBOL>.<interval>` events). Until a series is picked, the first one (by
 * name) is shown. The symbol picker is a native
 * select (keyboard: arrows, type-ahead); screen readers get the last candle in words.
 */
import { type ReadonlySignal, type Signal, useComputed } from "@preact/signals";
import type { Bar } from "@tickerwire/protocol";
import { useRef } from "preact/hooks";
import { spokenMoney } from "../lib/spoken.ts";
import type { CandleSeries } from "../state/view-model.ts";
import { type CandlePoint, toCandlePoints } from "./chart-data.ts";
import type { ChartFactory } from "./chart-host.ts";
import { defaultChartFactory } from "./lazy-charts.ts";
import { type SeriesData, useSeriesChart } from "./use-series-chart.ts";

export interface CandleChartProps {
  /** Every series key, sorted. */
  keys: ReadonlySignal<readonly string[]>;
  /** The series shown (the picked one, else the first) and its bars. */
  series: ReadonlySignal<CandleSeries>;
  selected: Signal<string | null>;
  visible: ReadonlySignal<boolean>;
  factory?: ChartFactory;
}

export function CandleChart({ keys, series, selected, visible, factory = defaultChartFactory }: CandleChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const current = useComputed(() => series.value.key);
  const data = useComputed<SeriesData<CandlePoint>>(() => {
    const { key, bars } = series.value;
    return { key: key ?? "", points: toCandlePoints(bars) };
  });
  const available = useSeriesChart(ref, factory.candles, data, visible);
  return (
    <section class="card chart-card" aria-labelledby="chart-candles-title">
      <div class="card-head">
        <h2 id="chart-candles-title">Market</h2>
        <label class="inline-field">
          <span>Symbol</span>
          <select
            data-testid="candle-symbol"
            value={current.value ?? ""}
            disabled={keys.value.length === 0}
            onChange={(e) => {
              selected.value = (e.currentTarget as HTMLSelectElement).value;
            }}
          >
            {keys.value.length === 0 && <option value="">No market data yet</option>}
            {keys.value.map((k) => (
              <option key={k} value={k}>
                {k.replace(".", " · ")}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="chart" data-testid="chart-candles">
        <div class="chart-canvas" ref={ref} aria-hidden="true" />
        {!available && <p class="chart-fallback">Chart unavailable in this browser.</p>}
      </div>
      <p class="visually-hidden" data-testid="chart-candles-text">
        {candleWords(series.value.key, series.value.bars)}
      </p>
    </section>
  );
}

/** `BTC-USDT 1m, 30 candles; last: open …, high …, low …, close … US dollars`. */
function candleWords(key: string | null, list: readonly Bar[]): string {
  const last = list[list.length - 1];
  if (!key || !last) return "No market data yet";
  const name = key.replace(".", " ");
  return `${name}, ${list.length} candles; last: open ${spokenMoney(last.open)}, high ${spokenMoney(last.high)}, low ${spokenMoney(last.low)}, close ${spokenMoney(last.close)}`;
}
