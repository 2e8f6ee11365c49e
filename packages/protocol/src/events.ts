/**
 * Event payloads (`data`) and the wire event, one schema per type. Field names keep the original
 * system's snake_case. `*Input` schemas are what publishers send (some fields defaulted); the
 * wire schemas are what every client receives.
 */
import { z } from "zod";
import { AlertKindSchema, SEGMENT_RE } from "./topics.ts";

const name = z.string().regex(SEGMENT_RE, "must be 1-64 characters of A-Z, a-z, 0-9, _ or -");
const price = z.number().positive().max(1e12);
const money = z.number().min(-1e15).max(1e15);
const ratio = z.number().min(0).max(1);
const action = z.enum(["BUY", "SELL"]);

export const SignalData = z.strictObject({
  strategy_name: name,
  action,
  price,
  confidence: ratio,
  symbol: name.optional(),
});

export const TradeData = z.strictObject({
  trade_id: z.string().min(1).max(128),
  strategy_name: name,
  action,
  entry_price: price,
  quantity: z.number().positive().max(1e12),
  symbol: name.optional(),
});

export const TradeClosedData = z.strictObject({
  trade_id: z.string().min(1).max(128),
  strategy_name: name,
  entry_price: price,
  exit_price: price,
  pnl: money,
  quantity: z.number().positive().max(1e12).optional(),
  symbol: name.optional(),
});

export const MetricsData = z.strictObject({
  strategy_name: name,
  total_trades: z.number().int().min(0).max(1e12),
  win_rate: ratio,
  total_profit_loss: money,
  sharpe_ratio: z.number().min(-1e6).max(1e6).optional(),
  profit_factor: z.number().min(0).max(1e12).optional(),
});

export const Severity = z.enum(["info", "warning", "critical"]);

/** An alert as published: `kind` and `severity` may be left out and are filled in from the topic. */
export const AlertDataInput = z.strictObject({
  message: z.string().min(1).max(2000),
  strategy_name: name.optional(),
  severity: Severity.optional(),
  kind: AlertKindSchema.optional(),
  version: z.number().int().min(0).max(1e9).optional(),
  reason: z.string().max(2000).optional(),
  /**
   * Set only by the hub on its own alerts (alert rules, engine liveness): the rule that fired.
   * The publish API refuses it from publishers, so a dashboard can tell rule alerts from relayed ones.
   */
  rule_id: name.optional(),
  /** The engine an alert is about (liveness alerts), as it names itself when publishing. */
  engine: name.optional(),
});
/** An alert on the wire: always has `kind` and `severity`. */
export const AlertData = AlertDataInput.extend({ severity: Severity, kind: AlertKindSchema });

export const CandleData = z
  .strictObject({
    symbol: name,
    interval: name,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: z.number().min(0).max(1e15),
    start: z.iso.datetime({ offset: true }),
  })
  .refine((c) => c.high >= Math.max(c.open, c.close, c.low) && c.low <= Math.min(c.open, c.close), {
    message: "high must be >= open, close and low; low must be <= open and close",
    path: ["high"],
  });

export type SignalData = z.infer<typeof SignalData>;
export type TradeData = z.infer<typeof TradeData>;
export type TradeClosedData = z.infer<typeof TradeClosedData>;
export type MetricsData = z.infer<typeof MetricsData>;
export type AlertData = z.infer<typeof AlertData>;
export type AlertDataInput = z.infer<typeof AlertDataInput>;
export type CandleData = z.infer<typeof CandleData>;
export type Severity = z.infer<typeof Severity>;

/** Input schema of `data` for each event type. */
export const DATA_INPUT_SCHEMAS = {
  signal: SignalData,
  trade: TradeData,
  trade_closed: TradeClosedData,
  metrics: MetricsData,
  alert: AlertDataInput,
  candle: CandleData,
} as const;

export const seqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const envelope = { seq: seqSchema, topic: z.string().min(1).max(200), timestamp: z.iso.datetime() };

export const SignalEvent = z.strictObject({ type: z.literal("signal"), ...envelope, data: SignalData });
export const TradeEvent = z.strictObject({ type: z.literal("trade"), ...envelope, data: TradeData });
export const TradeClosedEvent = z.strictObject({
  type: z.literal("trade_closed"),
  ...envelope,
  data: TradeClosedData,
});
export const MetricsEvent = z.strictObject({ type: z.literal("metrics"), ...envelope, data: MetricsData });
export const AlertEvent = z.strictObject({ type: z.literal("alert"), ...envelope, data: AlertData });
export const CandleEvent = z.strictObject({ type: z.literal("candle"), ...envelope, data: CandleData });

/** One event as every transport delivers it. */
export const HubEvent = z.discriminatedUnion("type", [
  SignalEvent,
  TradeEvent,
  TradeClosedEvent,
  MetricsEvent,
  AlertEvent,
  CandleEvent,
]);
export type HubEvent = z.infer<typeof HubEvent>;
export type SignalEvent = z.infer<typeof SignalEvent>;
export type TradeEvent = z.infer<typeof TradeEvent>;
export type TradeClosedEvent = z.infer<typeof TradeClosedEvent>;
export type MetricsEvent = z.infer<typeof MetricsEvent>;
export type AlertEvent = z.infer<typeof AlertEvent>;
export type CandleEvent = z.infer<typeof CandleEvent>;
/** The event of a given type. */
export type EventOf<T extends HubEvent["type"]> = Extract<HubEvent, { type: T }>;

/**
 * Serializes an event to its wire JSON with a stable key order. The hub does this once per
 * event; every socket and stream gets the same string.
 */
export function encodeEvent(e: HubEvent): string {
  return JSON.stringify({ type: e.type, seq: e.seq, topic: e.topic, timestamp: e.timestamp, data: e.data });
}
