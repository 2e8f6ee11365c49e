/** Live P&L summary: closed trades, open positions, win rate and total P&L (green/tomato, signed when spoken). */
import type { ReadonlySignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { formatPercent, signClass } from "../lib/format.ts";
import type { Summary } from "../state/summary.ts";
import { Amount } from "./a11y/Spoken.tsx";

export function SummaryCards({ summary }: { summary: ReadonlySignal<Summary> }) {
  const s = summary.value;
  return (
    <section class="summary" aria-label="Live P&L summary">
      <Card label="Total trades">
        <span data-testid="sum-total-trades">{String(s.totalTrades)}</span>
      </Card>
      <Card label="Active positions">
        <span data-testid="sum-active-positions">{String(s.activePositions)}</span>
      </Card>
      <Card label="Win rate">
        <span data-testid="sum-win-rate">{formatPercent(s.winRate)}</span>
      </Card>
      <Card label="Total P&L">
        <Amount value={s.totalPnl} sign="signed" class={signClass(s.totalPnl)} testId="sum-total-pnl" />
      </Card>
    </section>
  );
}

function Card({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="card summary-card">
      <div class="summary-label">{label}</div>
      <div class="summary-value">{children}</div>
    </div>
  );
}
