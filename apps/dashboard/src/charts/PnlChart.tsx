/**
 * Cumulative realized P&L (the desk's equity curve, thinned to at most ~2,000 points whatever
 * the history, its last point exact) as a line, with its drawdown below the running peak in a
 * band underneath; the heading line gives the ledger's exact max and current drawdown. A text
 * fallback where there is no canvas, and a text alternative for screen readers. The line is
 * green while the total is ≥ 0 and tomato below, like the Realized P&L card.
 */
import { type ReadonlySignal, useComputed } from "@preact/signals";
import { useRef } from "preact/hooks";
import { formatMoney, signClass } from "../lib/format.ts";
import { spokenMoney } from "../lib/spoken.ts";
import type { EquityPoint, Summary } from "../state/desk-view.ts";
import { type EquityChartPoint, toEquityPoints } from "./chart-data.ts";
import type { ChartFactory, EquityChartHandle } from "./chart-host.ts";
import { defaultChartFactory } from "./lazy-charts.ts";
import { type SeriesData, useSeriesChart } from "./use-series-chart.ts";

export interface PnlChartProps {
  equity: ReadonlySignal<readonly EquityPoint[]>;
  summary: ReadonlySignal<Summary>;
  visible: ReadonlySignal<boolean>;
  factory?: ChartFactory;
}

export function PnlChart({ equity, summary, visible, factory = defaultChartFactory }: PnlChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const data = useComputed<SeriesData<EquityChartPoint>>(() => ({ key: "pnl", points: toEquityPoints(equity.value) }));
  const available = useSeriesChart(ref, factory.equity, data, visible, toneBySign);
  const s = summary.value;
  return (
    <section class="card chart-card" aria-labelledby="chart-pnl-title">
      <div class="card-head">
        <h2 id="chart-pnl-title">Cumulative P&amp;L</h2>
        <p class="chart-note" data-testid="drawdown">
          <span class="chart-note-label">Max drawdown</span>{" "}
          <span aria-hidden="true" data-testid="max-drawdown">
            {formatMoney(s.maxDrawdown)}
          </span>
          <span class="visually-hidden">{spokenMoney(s.maxDrawdown)}</span>
          {" · "}
          <span class="chart-note-label">now</span>{" "}
          <span aria-hidden="true" data-testid="current-drawdown">
            {formatMoney(s.currentDrawdown)}
          </span>
          <span class="visually-hidden">{spokenMoney(s.currentDrawdown)} below the peak</span>
        </p>
      </div>
      <div class="chart" data-testid="chart-pnl">
        <div class="chart-canvas" ref={ref} aria-hidden="true" />
        {!available && <p class="chart-fallback">Chart unavailable in this browser.</p>}
      </div>
      <p class="visually-hidden" data-testid="chart-pnl-text">
        {s.closedTrades > 0
          ? `Cumulative realized P&L ${spokenMoney(s.realizedPnl, "signed")} after ${s.closedTrades} closed trades`
          : "No closed trades yet"}
      </p>
    </section>
  );
}

/** Colours the line by the sign of the running total it ends on. */
function toneBySign(chart: EquityChartHandle, points: readonly EquityChartPoint[]): void {
  const last = points[points.length - 1];
  if (last) chart.setTone(signClass(last.value));
}
