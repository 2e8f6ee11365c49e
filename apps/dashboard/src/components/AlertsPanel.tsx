/**
 * Alerts: promotions, rollbacks and system alerts with text badges for kind and severity. Alerts
 * the hub's own rules raised (they carry `rule_id`) get a RULE badge naming the rule and their
 * own style, so they never pass for alerts an engine relayed.
 */
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
      class={`event-item event--alert${d.rule_id ? " event--rule" : ""} severity--${d.severity}${enter ? " enter" : ""}`}
      data-testid="alert-item"
      data-source={d.rule_id ? "rule" : "relayed"}
      data-kind={d.kind}
      data-severity={d.severity}
      data-seq={e.seq}
    >
      <div class="event-head">
        {d.rule_id ? (
          <span class="badge badge--rule" title={`raised by the hub's rule ${d.rule_id}`}>
            RULE {d.rule_id}
          </span>
        ) : (
          <span class={`badge badge--kind-${d.kind}`}>{d.kind.toUpperCase()}</span>
        )}{" "}
        <span class={`badge badge--${d.severity}`}>{d.severity.toUpperCase()}</span>{" "}
        {(d.strategy_name ?? d.engine) && (
          <span class="event-title" title={d.strategy_name ?? d.engine}>
            {d.strategy_name ?? d.engine}{" "}
          </span>
        )}
        <time dateTime={e.timestamp}>{formatClock(e.timestamp)}</time>
      </div>
      <p class="event-message"> {d.message}</p>
    </li>
  );
});
