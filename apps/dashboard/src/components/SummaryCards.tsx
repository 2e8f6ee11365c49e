/** Live P&L summary: closed trades, open positions, win rate and total P&L (green/tomato). */
import type { ReadonlySignal } from "@preact/signals";
import { formatMoney, formatPercent, signClass } from "../lib/format.ts";
import type { Summary } from "../state/summary.ts";

export function SummaryCards({ summary }: { summary: ReadonlySignal<Summary> }) {
  const s = summary.value;
  return (
    <section class="summary" aria-label="Live P&L summary">
      <Card label="Total trades" testId="sum-total-trades" value={String(s.totalTrades)} />
      <Card label="Active positions" testId="sum-active-positions" value={String(s.activePositions)} />
      <Card label="Win rate" testId="sum-win-rate" value={formatPercent(s.winRate)} />
      <Card label="Total P&L" testId="sum-total-pnl" value={formatMoney(s.totalPnl)} tone={signClass(s.totalPnl)} />
    </section>
  );
}

function Card(props: { label: string; testId: string; value: string; tone?: string }) {
  return (
    <div class="card summary-card">
      <div class="summary-label">{props.label}</div>
      <div class={`summary-value ${props.tone ?? ""}`} data-testid={props.testId}>
        {props.value}
      </div>
    </div>
  );
}
