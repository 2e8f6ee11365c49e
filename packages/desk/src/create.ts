/**
 * A new, empty desk state and the default bounds on its growing parts. The bounds are stored in
 * the state, so a checkpoint and every view cut from it keep the bounds it was built with.
 */
import { DESK_STATE_VERSION, DeskLimits, type DeskState } from "@tickerwire/protocol";
import { emptyEntry } from "./ledger.ts";
import { initialSampling } from "./sampling.ts";

export const DEFAULT_LIMITS: DeskLimits = {
  /** Ledger entries (and metrics rows); later strategies go to the `~other` entry. */
  strategies: 1_000,
  /** Open positions tracked; later opens are not tracked (their closes still count). */
  positions: 10_000,
  /** Symbols with a mark. */
  symbols: 10_000,
  /** Candle series (`SYMBOL.interval`). */
  series: 256,
  /** Bars kept per candle series. */
  bars: 120,
  /** Events kept in each `recent` list. */
  recent: 50,
  /** Points of the total equity curve. */
  equity_points: 2_000,
  /** Points of each strategy's internal equity curve. */
  strategy_points: 200,
  /** Calendar days of `daily`. */
  days: 90,
};

export interface DeskOptions {
  /** Overrides of DEFAULT_LIMITS (validated: a bad bound throws). */
  limits?: Partial<DeskLimits>;
}

/** @example const state = createDeskState(); foldEvents(state, events); */
export function createDeskState(options: DeskOptions = {}): DeskState {
  return {
    version: DESK_STATE_VERSION,
    seq: 0,
    limits: DeskLimits.parse({ ...DEFAULT_LIMITS, ...options.limits }),
    ledger: { total: emptyEntry(), by_strategy: {} },
    positions: [],
    marks: {},
    metrics: {},
    candles: {},
    equity: [],
    equity_sampling: initialSampling(),
    daily: [],
    recent: { signal: [], trade: [], alert: [] },
    counts: { events: 0, by_type: { signal: 0, trade: 0, trade_closed: 0, metrics: 0, alert: 0, candle: 0 } },
    overflow: { strategies: 0, positions: 0, symbols: 0, series: 0, metrics: 0 },
    anomalies: { duplicate_open: 0, unknown_close: 0, strategy_mismatch: 0, late_close: 0 },
    by_strategy_series: {},
  };
}
