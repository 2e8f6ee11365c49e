/**
 * The alert a rule publishes: an ordinary `alert` on `system.alert` carrying the rule's id (and
 * the strategy or engine it is about), so every dashboard, the history and the webhooks see it.
 */
import type { AlertData, PublishableEvent, Severity } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";
import type { Rule } from "../config/rule-file.ts";
import type { Reading } from "./conditions.ts";

const DEFAULT_SEVERITY: Record<Rule["kind"], Severity> = {
  drawdown: "critical",
  daily_loss: "critical",
  engine_stale: "critical",
  loss_streak: "warning",
  win_rate: "warning",
  rollback: "warning",
  signal: "info",
};

export function ruleSeverity(rule: Rule): Severity {
  return rule.severity ?? DEFAULT_SEVERITY[rule.kind];
}

const clip = (s: string) => (s.length > 2000 ? `${s.slice(0, 1999)}…` : s);

function alert(rule: Rule, r: Reading, severity: Severity, message: string): PublishableEvent {
  // Keys in AlertData's order, as a published alert would have them.
  const data = { message: clip(message) } as AlertData;
  if (r.strategy !== undefined) data.strategy_name = r.strategy;
  data.severity = severity;
  data.kind = "system";
  data.reason = clip(`rule ${rule.id} (${rule.kind}): ${r.detail}`);
  data.rule_id = rule.id;
  if (r.engine !== undefined) data.engine = r.engine;
  return { type: "alert", topic: TOPICS.systemAlert, data };
}

/** The alert of a rule whose condition just became true (or of a matching event). */
export function firingAlert(rule: Rule, r: Reading): PublishableEvent {
  const subject = r.engine !== undefined ? "" : `${r.strategy ?? "desk"}: `;
  return alert(rule, r, ruleSeverity(rule), rule.message ?? `${subject}${r.detail}`);
}

/** The info alert of a level rule whose condition cleared (engines: the engine is back). */
export function recoveryAlert(rule: Rule, r: Reading): PublishableEvent {
  const message =
    r.engine !== undefined
      ? `engine ${r.engine} is alive again`
      : `${r.strategy ?? "desk"}: back within rule ${rule.id} (${r.detail})`;
  return alert(rule, r, "info", message);
}

/** Level rules publish a recovery alert when `recovery` says so; engine_stale does by default. */
export function wantsRecovery(rule: Rule): boolean {
  if (rule.kind === "rollback" || rule.kind === "signal") return false;
  return rule.recovery ?? rule.kind === "engine_stale";
}
