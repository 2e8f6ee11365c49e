/**
 * The trading desk's state as the hub keeps it and serves it in a `snapshot`: ledger, open
 * positions, marks, latest metrics, candles, realized-equity curve, daily P&L, recent events.
 * `@tickerwire/desk` is its only writer (the fold); this file is only its shape. Every number is
 * finite (zod rejects NaN and ±Infinity), so a state is plain JSON and survives a round trip.
 */
import { z } from "zod";
import { PatternSchema } from "./client-messages.ts";
import { AlertEvent, MetricsData, SignalEvent, seqSchema, TradeClosedEvent, TradeData, TradeEvent } from "./events.ts";
import { Filter } from "./filter.ts";

/** The ledger key that collects strategies beyond `limits.strategies` (no strategy can be named so). */
export const OTHER_STRATEGIES = "~other";
/** The state format; bumped when a field changes meaning, so an old checkpoint is refused, not misread. */
export const DESK_STATE_VERSION = 1;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A seq, or 0 for "none yet". */
const cursor = count;
const amount = z.number();
const nonNegative = z.number().min(0);
const strategyKey = z.string().regex(/^(?:[A-Za-z0-9_-]{1,64}|~other)$/, "must be a strategy name or ~other");
const symbolKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a symbol");
const seriesKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/, "must be SYMBOL.interval");
const limit = z.number().int().min(1).max(1_000_000);

/** Closed-trade figures of one strategy, or of a sum of strategies (`total`). */
export const LedgerEntry = z.strictObject({
  closed_trades: count,
  /** pnl > 0. */
  wins: count,
  /** pnl < 0 (break-even, pnl = 0, is neither). */
  losses: count,
  realized_pnl: amount,
  gross_profit: nonNegative,
  /** Sum of the losses' magnitudes (>= 0). */
  gross_loss: nonNegative,
  /** gross_profit / gross_loss; null while there is no loss. */
  profit_factor: nonNegative.nullable(),
  /** Largest single win (0 before any). */
  largest_win: nonNegative,
  /** Largest single loss, as a pnl (<= 0; 0 before any). */
  largest_loss: z.number().max(0),
  /** Highest realized equity so far (the curve starts at 0). */
  peak: nonNegative,
  max_drawdown: nonNegative,
  /** peak - realized_pnl. */
  current_drawdown: nonNegative,
  /** Consecutive wins ending with the last close (0 when the last close was not a win). */
  win_streak: count,
  loss_streak: count,
  open_positions: count,
  /** Sum of the open positions' unrealized P&L (positions without a mark count 0). */
  unrealized_pnl: amount,
  /** Seq of the last close counted here (0: none). */
  last_seq: cursor,
});

/** One open position: a `trade` not yet closed, with its mark-to-market. */
export const Position = TradeData.extend({
  /** The trade event's timestamp. */
  opened_at: z.iso.datetime(),
  /** The trade event's seq (positions are listed in seq order). */
  seq: seqSchema,
  mark: z.number().positive().nullable(),
  /** BUY: (mark - entry) * qty; SELL: (entry - mark) * qty; null without a mark. */
  unrealized_pnl: amount.nullable(),
});

/** A symbol's mark: the latest candle close, else the latest signal price. */
export const Mark = z.strictObject({
  price: z.number().positive(),
  source: z.enum(["candle", "signal"]),
  seq: seqSchema,
});

export const MetricsEntry = MetricsData.extend({ seq: seqSchema, timestamp: z.iso.datetime() });

/** One candle bar; `start_ms` is the bar's start in ms since the epoch. */
export const Bar = z.strictObject({
  start_ms: z.number().int(),
  open: z.number().positive(),
  high: z.number().positive(),
  low: z.number().positive(),
  close: z.number().positive(),
  volume: nonNegative,
});

/** `[seq, t_ms, realized_pnl]`: the realized P&L after the close with that seq. */
export const EquityPoint = z.tuple([seqSchema, z.number().int(), amount]);

/**
 * How an equity curve is thinned: a point is kept for every `stride` closes; `skipped` closes
 * have gone into the last point since the last kept one (0: the last point is a kept one).
 */
export const Sampling = z.strictObject({
  stride: z
    .number()
    .int()
    .min(1)
    .max(2 ** 52),
  skipped: count,
});

/** Closes per UTC day of the event timestamp. */
export const DailyEntry = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"),
  pnl: amount,
  trades: count,
  wins: count,
});

/** What the full state keeps per strategy so a view of some strategies can draw their curve. */
export const StrategySeries = z.strictObject({
  equity: z.array(EquityPoint),
  equity_sampling: Sampling,
  daily: z.array(DailyEntry),
});

/** Bounds on every growing part; stored in the state so a checkpoint keeps its own. */
export const DeskLimits = z.strictObject({
  strategies: limit,
  positions: limit,
  symbols: limit,
  series: limit,
  bars: limit,
  recent: limit,
  equity_points: z.number().int().min(4).max(1_000_000),
  strategy_points: z.number().int().min(4).max(1_000_000),
  days: limit,
});

/** The selection a view was cut with (absent on the hub's full state). */
export const DeskScope = z.strictObject({
  /** The topic patterns the client receives (empty: none, so the view keeps no part). */
  patterns: z.array(PatternSchema).max(10_000).optional(),
  filter: Filter.optional(),
});

const byType = z.strictObject({
  signal: count,
  trade: count,
  trade_closed: count,
  metrics: count,
  alert: count,
  candle: count,
});

export const DeskState = z.strictObject({
  version: z.literal(DESK_STATE_VERSION),
  /** The last seq folded in (0: none). */
  seq: cursor,
  limits: DeskLimits,
  ledger: z.strictObject({ total: LedgerEntry, by_strategy: z.record(strategyKey, LedgerEntry) }),
  positions: z.array(Position),
  marks: z.record(symbolKey, Mark),
  metrics: z.record(strategyKey, MetricsEntry),
  /** By `SYMBOL.interval`, oldest bar first. */
  candles: z.record(seriesKey, z.array(Bar)),
  /** Realized P&L curve of `ledger.total`, thinned; the last point is always the current value. */
  equity: z.array(EquityPoint),
  equity_sampling: Sampling,
  /** Oldest day first. */
  daily: z.array(DailyEntry),
  /** Newest first. */
  recent: z.strictObject({
    signal: z.array(SignalEvent),
    trade: z.array(z.discriminatedUnion("type", [TradeEvent, TradeClosedEvent])),
    alert: z.array(AlertEvent),
  }),
  counts: z.strictObject({ events: count, by_type: byType }),
  /** Events that met a cap: each counter counts the events a part could not take. */
  overflow: z.strictObject({
    strategies: count,
    positions: count,
    symbols: count,
    series: count,
    metrics: count,
  }),
  /** Odd input the fold accepted by a documented rule. */
  anomalies: z.strictObject({
    duplicate_open: count,
    unknown_close: count,
    strategy_mismatch: count,
    late_close: count,
  }),
  scope: DeskScope.optional(),
  by_strategy_series: z.record(strategyKey, StrategySeries).optional(),
});

/** A desk state stamped with the seq it includes: `fold(events <= seq)`, maybe cut to a view. */
export const SnapshotMessage = z.object({
  type: z.literal("snapshot"),
  epoch: z.string(),
  seq: z.number().int().min(0),
  timestamp: z.iso.datetime(),
  state: DeskState,
});

export type LedgerEntry = z.infer<typeof LedgerEntry>;
export type Position = z.infer<typeof Position>;
export type Mark = z.infer<typeof Mark>;
export type MetricsEntry = z.infer<typeof MetricsEntry>;
export type Bar = z.infer<typeof Bar>;
export type EquityPoint = z.infer<typeof EquityPoint>;
export type Sampling = z.infer<typeof Sampling>;
export type DailyEntry = z.infer<typeof DailyEntry>;
export type StrategySeries = z.infer<typeof StrategySeries>;
export type DeskLimits = z.infer<typeof DeskLimits>;
export type DeskScope = z.infer<typeof DeskScope>;
export type DeskState = z.infer<typeof DeskState>;
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;
