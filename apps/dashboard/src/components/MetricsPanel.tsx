/**
 * Strategy metrics: one table row per strategy, updated in place as new metrics arrive. Each
 * row reads its own signal, so an update re-renders that row only.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { MetricsEvent } from "@tickerwire/protocol";
import { Fragment } from "preact";
import { formatPercent, formatRatio, signClass } from "../lib/format.ts";
import { type Column, DataTable, NumCell, RowHeader } from "./a11y/DataTable.tsx";
import { Amount } from "./a11y/Spoken.tsx";
import { Panel, panelTitleId } from "./Panel.tsx";

type Rows = ReadonlySignal<readonly (readonly [string, ReadonlySignal<MetricsEvent>])[]>;

const COLUMNS: readonly Column[] = [
  { header: "Strategy" },
  { header: "Trades", numeric: true },
  { header: "Win rate", numeric: true },
  { header: "P&L", numeric: true },
  { header: "Sharpe", numeric: true },
  { header: "Profit factor", numeric: true },
];

export function MetricsPanel({ rows }: { rows: Rows }) {
  const list = rows.value;
  return (
    <Panel id="metrics" title="Strategy metrics" testId="panel-metrics" count={list.length} empty="No metrics yet.">
      <DataTable
        labelledBy={panelTitleId("metrics")}
        caption="Strategy metrics"
        columns={COLUMNS}
        class="metrics-table"
      >
        {list.map(([name, row]) => (
          <MetricsRow key={name} name={name} row={row} />
        ))}
      </DataTable>
    </Panel>
  );
}

function MetricsRow({ name, row }: { name: string; row: ReadonlySignal<MetricsEvent> }) {
  const d = row.value.data;
  return (
    <tr class="metrics-row" data-testid="metrics-row" data-strategy={name} data-seq={row.value.seq}>
      <RowHeader>{breakable(name)}</RowHeader>
      <NumCell>{d.total_trades}</NumCell>
      <NumCell>{formatPercent(d.win_rate)}</NumCell>
      <NumCell tone={signClass(d.total_profit_loss)}>
        <Amount value={d.total_profit_loss} sign="signed" />
      </NumCell>
      <NumCell>{formatRatio(d.sharpe_ratio)}</NumCell>
      <NumCell>{formatRatio(d.profit_factor)}</NumCell>
    </tr>
  );
}

/** Lets long strategy names wrap after underscores (`MACD_|Divergence`) in a narrow column. */
function breakable(name: string) {
  const parts = name.split("_");
  return parts.map((part, i) =>
    i < parts.length - 1 ? (
      <Fragment key={i}>
        {`${part}_`}
        <wbr />
      </Fragment>
    ) : (
      part
    ),
  );
}
