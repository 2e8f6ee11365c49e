/**
 * Open positions with their live unrealized P&L: each row's mark is its symbol's latest candle
 * close (else latest signal price), so the P&L moves with the market. Newest first; at most
 * POSITIONS_SHOWN rows, with a note saying how many are open in all.
 */
import type { ReadonlySignal } from "@preact/signals";
import { formatClock, formatQuantity, signClass } from "../../lib/format.ts";
import type { PositionRow } from "../../state/desk-view.ts";
import { type Column, DataTable, NumCell, RowHeader } from "../a11y/DataTable.tsx";
import { Amount } from "../a11y/Spoken.tsx";
import { Panel, panelTitleId } from "../Panel.tsx";
import { pure } from "../pure.ts";

const COLUMNS: readonly Column[] = [
  { header: "Trade" },
  { header: "Strategy" },
  { header: "Symbol" },
  { header: "Side" },
  { header: "Quantity", numeric: true },
  { header: "Entry price", numeric: true },
  { header: "Mark price", numeric: true },
  { header: "Unrealized P&L", numeric: true },
  { header: "Opened" },
];

export interface PositionsPanelProps {
  positions: ReadonlySignal<{ rows: readonly PositionRow[]; open: number }>;
}

export function PositionsPanel({ positions }: PositionsPanelProps) {
  const { rows, open } = positions.value;
  return (
    <Panel
      id="positions"
      title="Open positions"
      testId="panel-positions"
      count={rows.length}
      empty="No open positions."
    >
      <DataTable labelledBy={panelTitleId("positions")} caption="Open positions" columns={COLUMNS} class="desk-table">
        {rows.map((p) => (
          <PositionLine key={p.trade_id} {...p} />
        ))}
      </DataTable>
      {open > rows.length && (
        <p class="panel-note" data-testid="positions-note">
          Showing the newest {rows.length} of {open.toLocaleString("en-US")} open positions.
        </p>
      )}
    </Panel>
  );
}

/** One row; its props are the position's plain fields, so it re-renders only when one of them moved. */
const PositionLine = pure(function PositionLine(p: PositionRow) {
  const u = p.unrealized_pnl;
  return (
    <tr data-testid="position-row" data-trade={p.trade_id}>
      <RowHeader>{p.trade_id}</RowHeader>
      <td class="wrap">{p.strategy_name}</td>
      <td>{p.symbol ?? "—"}</td>
      <td>
        <span class={`badge badge--${p.action === "BUY" ? "positive" : "negative"}`}>{p.action}</span>
      </td>
      <NumCell>{formatQuantity(p.quantity)}</NumCell>
      <NumCell>
        <Amount value={p.entry_price} />
      </NumCell>
      <NumCell>{p.mark === null ? <NoPrice /> : <Amount value={p.mark} />}</NumCell>
      <NumCell tone={u === null ? undefined : signClass(u)}>
        {u === null ? <NoPrice /> : <Amount value={u} sign="signed" testId="position-unrealized" />}
      </NumCell>
      <td>
        <time dateTime={p.opened_at}>{formatClock(p.opened_at)}</time>
      </td>
    </tr>
  );
});

/** No candle or signal has priced the symbol yet. */
function NoPrice() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">no price yet</span>
    </>
  );
}
