/**
 * Trade executions (strategy, action, entry, quantity) and closures (entry → exit, P&L in
 * green or tomato), newest first.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { TradeClosedEvent, TradeEvent } from "@tickerwire/protocol";
import { formatClock, formatMoney, formatQuantity, signClass } from "../lib/format.ts";
import { spokenMoney } from "../lib/spoken.ts";
import type { TradeItem } from "../state/store.ts";
import { ScrollList } from "./a11y/ScrollList.tsx";
import { Field, Panel, panelTitleId } from "./Panel.tsx";
import { pure } from "./pure.ts";
import { useEntering } from "./use-entering.ts";

export function TradesPanel({ items }: { items: ReadonlySignal<readonly TradeItem[]> }) {
  const list = items.value;
  const entering = useEntering(list);
  return (
    <Panel id="trades" title="Trades" testId="panel-trades" count={list.length} empty="No trades yet.">
      <ScrollList class="event-list" labelledBy={panelTitleId("trades")}>
        {list.map((e) =>
          e.type === "trade" ? (
            <Executed key={e.seq} e={e} enter={entering.has(e.seq)} />
          ) : (
            <Closed key={e.seq} e={e} enter={entering.has(e.seq)} />
          ),
        )}
      </ScrollList>
    </Panel>
  );
}

function Head({ badge, tone, e }: { badge: string; tone: string; e: TradeEvent | TradeClosedEvent }) {
  return (
    <div class="event-head">
      <span class={`badge badge--${tone}`}>{badge}</span> <span class="event-title">{e.data.strategy_name}</span>{" "}
      <time dateTime={e.timestamp}>{formatClock(e.timestamp)}</time>
    </div>
  );
}

/** The traded symbol, first on the body line (the head has no room for it). */
function SymbolTag({ symbol }: { symbol: string | undefined }) {
  return symbol ? <span class="event-symbol">{symbol} </span> : null;
}

const Executed = pure(function Executed({ e, enter }: { e: TradeEvent; enter: boolean }) {
  const d = e.data;
  return (
    <li
      class={`event-item event--trade${enter ? " enter" : ""}`}
      data-testid="trade-item"
      data-kind="executed"
      data-seq={e.seq}
    >
      <Head badge={`${d.action} EXECUTED`} tone={d.action === "BUY" ? "buy" : "sell"} e={e} />
      <div class="event-body">
        {" "}
        <SymbolTag symbol={d.symbol} />
        <Field label="Trade" value={d.trade_id} />
        <Field label="Entry" value={formatMoney(d.entry_price)} spoken={spokenMoney(d.entry_price)} />
        <Field label="Qty" value={formatQuantity(d.quantity)} />
      </div>
    </li>
  );
});

const Closed = pure(function Closed({ e, enter }: { e: TradeClosedEvent; enter: boolean }) {
  const d = e.data;
  return (
    <li
      class={`event-item event--close${enter ? " enter" : ""}`}
      data-testid="trade-item"
      data-kind="closed"
      data-seq={e.seq}
    >
      <Head badge="CLOSED" tone="closed" e={e} />
      <div class="event-body">
        {" "}
        <SymbolTag symbol={d.symbol} />
        <Field label="Trade" value={d.trade_id} />
        <span>
          <Field label="Entry" value={formatMoney(d.entry_price)} spoken={spokenMoney(d.entry_price)} />
          <span aria-hidden="true">→ </span>
          <Field label="Exit" value={formatMoney(d.exit_price)} spoken={spokenMoney(d.exit_price)} />
        </span>
        <Field label="P&L" value={formatMoney(d.pnl)} spoken={spokenMoney(d.pnl, "signed")} tone={signClass(d.pnl)} />
      </div>
    </li>
  );
});
