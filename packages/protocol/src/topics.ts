/**
 * Topic names of the original trading system and the event type each one carries.
 * A topic is dot-separated segments of [A-Za-z0-9_-]; the table below is the only place that
 * says which topics exist, so the publish API, the simulator and the dashboard agree.
 */
import { z } from "zod";

export const EVENT_TYPES = ["signal", "trade", "trade_closed", "metrics", "alert", "candle"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What an alert is about; the alert topics below each carry one. */
export const AlertKindSchema = z.enum(["promoted", "rollback", "system"]);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/** The five strategies of the original system (the simulator runs them; any valid name may publish). */
export const STRATEGIES = [
  "RSI_Oversold",
  "MACD_Divergence",
  "Trend_Following",
  "Support_Bounce",
  "Volume_Spike",
] as const;

export const SEGMENT_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TOPIC_LENGTH = 200;

/** What a concrete topic means: its event type and the parts its name carries. */
export type TopicInfo =
  | { type: "signal" | "metrics"; strategy: string }
  | { type: "trade" | "trade_closed" }
  | { type: "alert"; kind: AlertKind }
  | { type: "candle"; symbol: string; interval: string };

export const TOPICS = {
  signal: (strategy: string) => `strategy.${strategy}.signal`,
  metrics: (strategy: string) => `strategy.${strategy}.metrics`,
  tradeExecuted: "trade.executed",
  tradeClosed: "trade.closed",
  promoted: "strategy.promoted",
  rollback: "strategy.rollback",
  systemAlert: "system.alert",
  candle: (symbol: string, interval: string) => `market.${symbol}.${interval}`,
} as const;

/** Splits a topic into segments, or returns null when it is not a well-formed concrete topic. */
export function topicSegments(topic: string): string[] | null {
  if (topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) return null;
  const segments = topic.split(".");
  return segments.every((s) => SEGMENT_RE.test(s)) ? segments : null;
}

/**
 * Resolves a concrete topic to its event type, or null when the hub does not know the topic.
 * @example topicInfo("strategy.RSI_Oversold.signal") // { type: "signal", strategy: "RSI_Oversold" }
 */
export function topicInfo(topic: string): TopicInfo | null {
  const s = topicSegments(topic);
  if (!s) return null;
  const [a, b, c] = s;
  if (s.length === 2) {
    if (a === "trade" && b === "executed") return { type: "trade" };
    if (a === "trade" && b === "closed") return { type: "trade_closed" };
    if (a === "strategy" && b === "promoted") return { type: "alert", kind: "promoted" };
    if (a === "strategy" && b === "rollback") return { type: "alert", kind: "rollback" };
    if (a === "system" && b === "alert") return { type: "alert", kind: "system" };
    return null;
  }
  if (s.length === 3 && b !== undefined && c !== undefined) {
    if (a === "strategy" && c === "signal") return { type: "signal", strategy: b };
    if (a === "strategy" && c === "metrics") return { type: "metrics", strategy: b };
    if (a === "market") return { type: "candle", symbol: b, interval: c };
  }
  return null;
}

/** The documented topic forms, for error messages. */
export const KNOWN_TOPIC_FORMS = [
  "strategy.<Strategy>.signal",
  "strategy.<Strategy>.metrics",
  "trade.executed",
  "trade.closed",
  "strategy.promoted",
  "strategy.rollback",
  "system.alert",
  "market.<SYMBOL>.<interval>",
] as const;
