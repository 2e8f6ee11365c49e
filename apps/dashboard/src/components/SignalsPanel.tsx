/** Live signals: BUY green / SELL red, strategy, symbol, price and confidence; newest first. */
import type { ReadonlySignal } from "@preact/signals";
import type { SignalEvent } from "@tickerwire/protocol";
import { formatClock, formatMoney, formatPercent } from "../lib/format.ts";
import { spokenMoney } from "../lib/spoken.ts";
import { ScrollList } from "./a11y/ScrollList.tsx";
import { Field, Panel, panelTitleId } from "./Panel.tsx";
import { pure } from "./pure.ts";
import { useEntering } from "./use-entering.ts";

export function SignalsPanel({ items }: { items: ReadonlySignal<readonly SignalEvent[]> }) {
  const list = items.value;
  const entering = useEntering(list);
  return (
    <Panel id="signals" title="Live signals" testId="panel-signals" count={list.length} empty="No signals yet.">
      <ScrollList class="event-list" labelledBy={panelTitleId("signals")}>
        {list.map((e) => (
          <SignalItem key={e.seq} e={e} enter={entering.has(e.seq)} />
        ))}
      </ScrollList>
    </Panel>
  );
}

const SignalItem = pure(function SignalItem({ e, enter }: { e: SignalEvent; enter: boolean }) {
  const d = e.data;
  return (
    <li class={`event-item event--signal${enter ? " enter" : ""}`} data-testid="signal-item" data-seq={e.seq}>
      <div class="event-head">
        <span class={`badge badge--${d.action === "BUY" ? "buy" : "sell"}`}>{d.action}</span>{" "}
        <span class="event-title">{d.strategy_name}</span>{" "}
        <time dateTime={e.timestamp}>{formatClock(e.timestamp)}</time>
      </div>
      <div class="event-body">
        {" "}
        {d.symbol && <span class="event-symbol">{d.symbol} </span>}
        <Field label="Price" value={formatMoney(d.price)} spoken={spokenMoney(d.price)} />
        <Field label="Confidence" value={formatPercent(d.confidence, 1)} />
      </div>
    </li>
  );
});
