/**
 * Cumulative P&L over closed trades, as a line (lightweight-charts), with a text fallback. The
 * line and its last-value label are green while the total is ≥ 0 and tomato below, like the
 * Total P&L card.
 */
import { type ReadonlySignal, useComputed } from "@preact/signals";
import { useRef } from "preact/hooks";
import { formatMoney, signClass } from "../lib/format.ts";
import type { PnlPoint } from "../state/store.ts";
import { type LinePoint, toLinePoints } from "./chart-data.ts";
import type { ChartFactory, LineChartHandle } from "./chart-host.ts";
import { defaultChartFactory } from "./lazy-charts.ts";
import { type SeriesData, useSeriesChart } from "./use-series-chart.ts";

export interface PnlChartProps {
  series: ReadonlySignal<readonly PnlPoint[]>;
  visible: ReadonlySignal<boolean>;
  factory?: ChartFactory;
}

export function PnlChart({ series, visible, factory = defaultChartFactory }: PnlChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const data = useComputed<SeriesData<LinePoint>>(() => ({ key: "pnl", points: toLinePoints(series.value) }));
  const available = useSeriesChart(ref, factory.line, data, visible, toneBySign);
  const last = series.value[series.value.length - 1];
  return (
    <section class="card chart-card" aria-labelledby="chart-pnl-title">
      <h2 id="chart-pnl-title">Cumulative P&amp;L</h2>
      <div class="chart" data-testid="chart-pnl">
        <div class="chart-canvas" ref={ref} aria-hidden="true" />
        {!available && <p class="chart-fallback">Chart unavailable in this browser.</p>}
      </div>
      <p class="sr-only" aria-live="off">
        {last
          ? `Cumulative P&L ${formatMoney(last.value)} after ${series.value.length} closed trades`
          : "No closed trades yet"}
      </p>
    </section>
  );
}

/** Colours the line by the sign of the running total it ends on. */
function toneBySign(chart: LineChartHandle, points: readonly LinePoint[]): void {
  const last = points[points.length - 1];
  if (last) chart.setTone(signClass(last.value));
}
