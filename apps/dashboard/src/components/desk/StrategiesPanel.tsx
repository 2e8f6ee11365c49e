/**
 * P&L per strategy, from the ledger: closed trades, win rate, realized, unrealized and total
 * P&L, profit factor, max drawdown of the realized curve and open positions. Rows are in name
 * order (they stay put while the figures move); strategies past the desk's cap share one row.
 */
import type { ReadonlySignal } from "@preact/signals";
import { formatPercent, formatRatio, signClass } from "../../lib/format.ts";
import type { StrategyRow } from "../../state/desk-view.ts";
import { type Column, DataTable, NumCell, RowHeader } from "../a11y/DataTable.tsx";
import { Amount, Spoken } from "../a11y/Spoken.tsx";
import { Panel, panelTitleId } from "../Panel.tsx";
import { pure } from "../pure.ts";

const COLUMNS: readonly Column[] = [
  { header: "Strategy" },
  { header: "Closed trades", numeric: true },
  { header: "Win rate", numeric: true },
  { header: "Realized P&L", numeric: true },
  { header: "Unrealized P&L", numeric: true },
  { header: "Total P&L", numeric: true },
  { header: "Profit factor", numeric: true },
  { header: "Max drawdown", numeric: true },
  { header: "Open positions", numeric: true },
];

export function StrategiesPanel({ rows }: { rows: ReadonlySignal<readonly StrategyRow[]> }) {
  const list = rows.value;
  return (
    <Panel id="strategies" title="P&L by strategy" testId="panel-strategies" count={list.length} empty="No trades yet.">
      <DataTable labelledBy={panelTitleId("strategies")} caption="P&L by strategy" columns={COLUMNS} class="desk-table">
        {list.map((r) => (
          <StrategyLine key={r.id} {...r} />
        ))}
      </DataTable>
    </Panel>
  );
}

const StrategyLine = pure(function StrategyLine(r: StrategyRow) {
  return (
    <tr data-testid="strategy-row" data-strategy={r.id}>
      <RowHeader>
        <span class="wrap">{r.name}</span>
      </RowHeader>
      <NumCell>
        <span data-testid="strategy-closed">{r.closedTrades}</span>
      </NumCell>
      <NumCell>
        <span data-testid="strategy-win-rate">{formatPercent(r.winRate)}</span>
      </NumCell>
      <Money value={r.realizedPnl} testId="strategy-realized" />
      <Money value={r.unrealizedPnl} testId="strategy-unrealized" />
      <Money value={r.totalPnl} testId="strategy-total" />
      <NumCell>
        {r.profitFactor === null ? (
          <Spoken shown="—" spoken="no losing trade yet" testId="strategy-profit-factor" />
        ) : (
          <span data-testid="strategy-profit-factor">{formatRatio(r.profitFactor)}</span>
        )}
      </NumCell>
      <NumCell>
        <Amount value={r.maxDrawdown} testId="strategy-max-drawdown" />
      </NumCell>
      <NumCell>
        <span data-testid="strategy-open">{r.openPositions}</span>
      </NumCell>
    </tr>
  );
});

function Money({ value, testId }: { value: number; testId: string }) {
  return (
    <NumCell tone={signClass(value)}>
      <Amount value={value} sign="signed" testId={testId} />
    </NumCell>
  );
}
