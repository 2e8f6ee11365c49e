/**
 * Strategy metrics: one table row per strategy, updated in place as new metrics arrive. Each
 * row reads its own signal, so an update re-renders that row only.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { MetricsEvent } from "@tickerwire/protocol";
import { Fragment } from "preact";
import { formatMoney, formatPercent, formatRatio, signClass } from "../lib/format.ts";
import { Panel } from "./Panel.tsx";

type Rows = ReadonlySignal<readonly (readonly [string, ReadonlySignal<MetricsEvent>])[]>;

export function MetricsPanel({ rows }: { rows: Rows }) {
  const list = rows.value;
  return (
    <Panel id="metrics" title="Strategy metrics" testId="panel-metrics" count={list.length} empty="No metrics yet.">
      <div class="table-scroll">
        <table class="metrics-table">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Trades</th>
              <th scope="col">Win rate</th>
              <th scope="col">P&amp;L</th>
              <th scope="col">Sharpe</th>
              <th scope="col" title="Profit factor">
                PF
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map(([name, row]) => (
              <MetricsRow key={name} name={name} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function MetricsRow({ name, row }: { name: string; row: ReadonlySignal<MetricsEvent> }) {
  const d = row.value.data;
  return (
    <tr class="metrics-row" data-testid="metrics-row" data-strategy={name} data-seq={row.value.seq}>
      <th scope="row">{breakable(name)}</th>
      <td>{d.total_trades}</td>
      <td>{formatPercent(d.win_rate)}</td>
      <td class={signClass(d.total_profit_loss)}>{formatMoney(d.total_profit_loss)}</td>
      <td>{formatRatio(d.sharpe_ratio)}</td>
      <td>{formatRatio(d.profit_factor)}</td>
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
