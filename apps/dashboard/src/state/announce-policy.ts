/**
 * What a screen reader is told about the stream: fresh critical alerts, assertively (they need
 * the operator now). Signals, trades and lesser alerts are never announced one by one: at
 * 1,000 events/s that would be noise; they are in the panels. History is not news: an alert
 * stamped before the page first connected (`notBefore`, the hub's clock in its `connected`
 * message, so no clock skew) is part of the replay that fills the page, and any alert older than
 * FRESH_MS (a long outage's backlog) is left to the panel too, as for browser notifications.
 */
import type { HubEvent } from "@tickerwire/protocol";
import { isFresh } from "./notify-policy.ts";

/** The announcement for a fresh critical alert, or null for anything else. */
export function criticalAlertText(e: HubEvent, now: number, notBefore = Number.NEGATIVE_INFINITY): string | null {
  if (e.type !== "alert" || e.data.severity !== "critical" || !isFresh(e, now)) return null;
  if (Date.parse(e.timestamp) < notBefore) return null;
  const who = e.data.strategy_name ? `${e.data.strategy_name}: ` : "";
  return `Critical alert. ${who}${e.data.message}`;
}

/** How several critical alerts that arrived within one announcement gap are read. */
export function collapseCriticalAlerts(count: number, latest: string): string {
  return `${count} critical alerts. Latest: ${latest.replace(/^Critical alert\. /, "")}`;
}
