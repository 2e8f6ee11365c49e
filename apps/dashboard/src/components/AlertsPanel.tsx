/** Alerts: promotions, rollbacks and system alerts with text badges for kind and severity. */
import type { ReadonlySignal } from "@preact/signals";
import type { AlertEvent } from "@tickerwire/protocol";
import { formatClock } from "../lib/format.ts";
import { ScrollList } from "./a11y/ScrollList.tsx";
import { Panel, panelTitleId } from "./Panel.tsx";
import { pure } from "./pure.ts";
import { useEntering } from "./use-entering.ts";

export function AlertsPanel({ items }: { items: ReadonlySignal<readonly AlertEvent[]> }) {
  const list = items.value;
  const entering = useEntering(list);
  return (
    <Panel id="alerts" title="Alerts" testId="panel-alerts" count={list.length} empty="No alerts yet.">
      <ScrollList class="event-list" labelledBy={panelTitleId("alerts")}>
        {list.map((e) => (
          <AlertItem key={e.seq} e={e} enter={entering.has(e.seq)} />
        ))}
      </ScrollList>
    </Panel>
  );
}

const AlertItem = pure(function AlertItem({ e, enter }: { e: AlertEvent; enter: boolean }) {
  const d = e.data;
  return (
    <li
      class={`event-item event--alert severity--${d.severity}${enter ? " enter" : ""}`}
      data-testid="alert-item"
      data-kind={d.kind}
      data-severity={d.severity}
      data-seq={e.seq}
    >
      <div class="event-head">
        <span class={`badge badge--kind-${d.kind}`}>{d.kind.toUpperCase()}</span>{" "}
        <span class={`badge badge--${d.severity}`}>{d.severity.toUpperCase()}</span>{" "}
        {d.strategy_name && <span class="event-title">{d.strategy_name} </span>}
        <time dateTime={e.timestamp}>{formatClock(e.timestamp)}</time>
      </div>
      <p class="event-message"> {d.message}</p>
    </li>
  );
});
