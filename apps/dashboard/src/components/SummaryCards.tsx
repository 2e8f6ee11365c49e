/**
 * Live P&L summary, from the desk state's ledger: realized, unrealized (the open positions at
 * their latest price) and total P&L, closed trades, win rate and open positions. Amounts are
 * green/tomato and spoken with their sign and unit.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { formatPercent, signClass } from "../lib/format.ts";
import type { Summary } from "../state/desk-view.ts";
import { Amount } from "./a11y/Spoken.tsx";

export function SummaryCards({ summary }: { summary: ReadonlySignal<Summary> }) {
  const s = summary.value;
  return (
    <section class="summary" aria-label="Live P&L summary" data-testid="summary">
      <Card label="Total P&L">
        <Amount value={s.totalPnl} sign="signed" class={signClass(s.totalPnl)} testId="sum-total-pnl" />
      </Card>
      <Card label="Realized P&L">
        <Amount value={s.realizedPnl} sign="signed" class={signClass(s.realizedPnl)} testId="sum-realized-pnl" />
      </Card>
      <Card label="Unrealized P&L">
        <Amount value={s.unrealizedPnl} sign="signed" class={signClass(s.unrealizedPnl)} testId="sum-unrealized-pnl" />
      </Card>
      <Card label="Closed trades">
        <span data-testid="sum-total-trades">{String(s.closedTrades)}</span>
      </Card>
      <Card label="Win rate">
        <span data-testid="sum-win-rate">{formatPercent(s.winRate)}</span>
      </Card>
      <Card label="Open positions">
        <span data-testid="sum-active-positions">{String(s.openPositions)}</span>
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
