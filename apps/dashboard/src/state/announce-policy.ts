/**
 * What a screen reader is told about the stream: fresh critical alerts, assertively (they need
 * the operator now). Signals, trades and lesser alerts are never announced one by one: at
 * 1,000 events/s that would be noise; they are in the panels. History replayed on page load is
 * not news (same freshness rule as browser notifications).
 */
import type { HubEvent } from "@tickerwire/protocol";
import { isFresh } from "./notify-policy.ts";

/** The announcement for a fresh critical alert, or null for anything else. */
export function criticalAlertText(e: HubEvent, now: number): string | null {
  if (e.type !== "alert" || e.data.severity !== "critical" || !isFresh(e, now)) return null;
  const who = e.data.strategy_name ? `${e.data.strategy_name}: ` : "";
  return `Critical alert. ${who}${e.data.message}`;
}

/** How several critical alerts that arrived within one announcement gap are read. */
export function collapseCriticalAlerts(count: number, latest: string): string {
  return `${count} critical alerts. Latest: ${latest.replace(/^Critical alert\. /, "")}`;
}
