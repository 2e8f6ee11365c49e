/**
 * Live candlesticks for a selectable `symbol.interval` series (from `market.<SYMBOL>.<interval>`
 * events). Until a series is picked, the first one seen is shown.
 */
import { type ReadonlySignal, type Signal, useComputed } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { Candle } from "../state/candles.ts";
import { type CandlePoint, toCandlePoints } from "./chart-data.ts";
import type { ChartFactory } from "./chart-host.ts";
import { defaultChartFactory } from "./lazy-charts.ts";
import { type SeriesData, useSeriesChart } from "./use-series-chart.ts";

export interface CandleChartProps {
  candles: ReadonlySignal<ReadonlyMap<string, readonly Candle[]>>;
  selected: Signal<string | null>;
  visible: ReadonlySignal<boolean>;
  factory?: ChartFactory;
}

export function CandleChart({ candles, selected, visible, factory = defaultChartFactory }: CandleChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const keys = useComputed(() => [...candles.value.keys()].sort());
  const current = useComputed(() => {
    const s = selected.value;
    return s !== null && candles.value.has(s) ? s : (keys.value[0] ?? null);
  });
  const data = useComputed<SeriesData<CandlePoint>>(() => {
    const key = current.value;
    return { key: key ?? "", points: key ? toCandlePoints(candles.value.get(key) ?? []) : [] };
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
    </section>
  );
}
