/**
 * Which events deserve a browser notification: signals at or above the confidence threshold and
 * critical alerts. Only fresh ones: the history replayed after a page load must not ring.
 */
import type { HubEvent } from "@tickerwire/protocol";
import { formatMoney, formatPercent } from "../lib/format.ts";

/** Events older than this (by their hub timestamp) are history, not news. */
export const FRESH_MS = 30_000;

export interface NotificationText {
  title: string;
  body: string;
  /** Same tag replaces the previous notification instead of stacking. */
  tag: string;
}

export function notificationFor(e: HubEvent, threshold: number): NotificationText | null {
  if (e.type === "signal" && e.data.confidence >= threshold) {
    const d = e.data;
    const where = d.symbol ? ` ${d.symbol}` : "";
    return {
      title: `${d.action} signal: ${d.strategy_name}`,
      body: `${d.action}${where} at ${formatMoney(d.price)}, confidence ${formatPercent(d.confidence, 1)}`,
      tag: `signal-${d.strategy_name}`,
    };
  }
  if (e.type === "alert" && e.data.severity === "critical") {
    const who = e.data.strategy_name ? `${e.data.strategy_name}: ` : "";
    return { title: "Critical alert", body: `${who}${e.data.message}`, tag: "alert-critical" };
  }
  return null;
}

export function isFresh(e: HubEvent, now: number, maxAgeMs = FRESH_MS): boolean {
  const t = Date.parse(e.timestamp);
  return Number.isFinite(t) && now - t <= maxAgeMs;
}
