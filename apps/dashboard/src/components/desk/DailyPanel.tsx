/**
 * P&L per UTC day (the desk keeps the last 90), newest first: closed trades, win rate and P&L,
 * with a bar scaled to the largest day's P&L — gains to the right of the middle, losses to the
 * left (decorative: the amount beside it says the same in words).
 */
import type { ReadonlySignal } from "@preact/signals";
import type { DailyEntry } from "@tickerwire/protocol";
import { formatPercent, signClass } from "../../lib/format.ts";
import { type Column, DataTable, NumCell, RowHeader } from "../a11y/DataTable.tsx";
import { Amount } from "../a11y/Spoken.tsx";
import { Panel, panelTitleId } from "../Panel.tsx";

const COLUMNS: readonly Column[] = [
  { header: "Day (UTC)" },
  { header: "Closed trades", numeric: true },
  { header: "Win rate", numeric: true },
  { header: "P&L", numeric: true },
];

export function DailyPanel({ days }: { days: ReadonlySignal<readonly DailyEntry[]> }) {
  const list = days.value;
  const scale = list.reduce((m, d) => Math.max(m, Math.abs(d.pnl)), 0);
  return (
    <Panel id="daily" title="P&L by day" testId="panel-daily" count={list.length} empty="No closed trades yet.">
      <DataTable labelledBy={panelTitleId("daily")} caption="P&L by day" columns={COLUMNS} class="desk-table">
        {list.map((d) => (
          <tr key={d.day} data-testid="daily-row" data-day={d.day}>
            <RowHeader>
              <time dateTime={d.day}>{d.day}</time>
            </RowHeader>
            <NumCell>{d.trades}</NumCell>
            <NumCell>{formatPercent(d.trades > 0 ? d.wins / d.trades : 0, 0)}</NumCell>
            <NumCell tone={signClass(d.pnl)}>
              <span class="day-pnl">
                <DayBar pnl={d.pnl} scale={scale} />
                <Amount value={d.pnl} sign="signed" testId="daily-pnl" />
              </span>
            </NumCell>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}

/** Half-width bar from the middle: right for a gain, left for a loss (SVG attributes, no inline style). */
export function DayBar({ pnl, scale }: { pnl: number; scale: number }) {
  const w = scale > 0 ? (50 * Math.abs(pnl)) / scale : 0;
  return (
    <svg class="day-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <line class="day-bar-axis" x1="50" x2="50" y1="0" y2="10" />
      <rect class={`day-bar-fill ${signClass(pnl)}`} x={pnl < 0 ? 50 - w : 50} y="1" width={w} height="8" />
    </svg>
  );
}
