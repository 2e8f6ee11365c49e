/**
 * Lookups the fold needs and the JSON state cannot hold: positions by trade id and by symbol,
 * ledger books, marks, metrics and candle series by key, the compiled scope. Kept beside each
 * state object (a WeakMap), built on first use from the state alone, so a state parsed from a
 * snapshot gets the same index as the one that was serialized. Maps, never `obj[key]` reads, so a
 * strategy named `constructor` finds nothing inherited. A state must only change through the fold.
 */
import {
  type Bar,
  type DeskState,
  type LedgerEntry,
  type Mark,
  type MetricsEntry,
  OTHER_STRATEGIES,
  type Position,
  type StrategySeries,
} from "@tickerwire/protocol";
import { emptyEntry } from "./ledger.ts";
import { initialSampling } from "./sampling.ts";
import { type CompiledScope, compileScope } from "./scope.ts";

/** A ledger entry and, on the full state, the strategy's own curve and days. */
export interface Book {
  entry: LedgerEntry;
  series: StrategySeries | null;
}

/** A candle series and the last `start` string read for it (a bar in progress repeats it). */
export interface SeriesSlot {
  bars: Bar[];
  start: string;
  startMs: number;
}

/** An open position and the book it counts in (found on first need). */
export interface Held {
  p: Position;
  book: Book | null;
}

export interface DeskIndex {
  byTrade: Map<string, Held>;
  /** Positions per symbol, in seq order (the order deltas are summed in, so it must not vary). */
  bySymbol: Map<string, Held[]>;
  /** By ledger key: a strategy name or OTHER_STRATEGIES. */
  books: Map<string, Book>;
  /** Books other than OTHER_STRATEGIES (what `limits.strategies` bounds). */
  strategyCount: number;
  marks: Map<string, Mark>;
  metrics: Map<string, MetricsEntry>;
  /** Candle series by symbol, then interval. */
  series: Map<string, Map<string, SeriesSlot>>;
  seriesCount: number;
  /** Null on the full state. */
  scope: CompiledScope | null;
}

/** `__proto__` cannot be a JSON-safe record key (a parser drops or misreads it): never made one. */
export const UNSAFE_KEY = "__proto__";

const indexes = new WeakMap<DeskState, DeskIndex>();

export function deskIndex(state: DeskState): DeskIndex {
  let ix = indexes.get(state);
  if (ix === undefined) {
    ix = buildIndex(state);
    indexes.set(state, ix);
  }
  return ix;
}

function buildIndex(state: DeskState): DeskIndex {
  const ix: DeskIndex = {
    byTrade: new Map(),
    bySymbol: new Map(),
    books: new Map(),
    strategyCount: 0,
    marks: new Map(Object.entries(state.marks)),
    metrics: new Map(Object.entries(state.metrics)),
    series: new Map(),
    seriesCount: 0,
    scope: state.scope ? compileScope(state.scope) : null,
  };
  const allSeries = state.by_strategy_series;
  for (const [key, entry] of Object.entries(state.ledger.by_strategy)) {
    ix.books.set(key, { entry, series: allSeries ? (allSeries[key] ?? null) : null });
    if (key !== OTHER_STRATEGIES) ix.strategyCount++;
  }
  for (const p of state.positions) trackPosition(ix, p);
  for (const [key, bars] of Object.entries(state.candles)) {
    const dot = key.indexOf(".");
    seriesOf(ix, key.slice(0, dot)).set(key.slice(dot + 1), { bars, start: "", startMs: 0 });
    ix.seriesCount++;
  }
  return ix;
}

export function trackPosition(ix: DeskIndex, p: Position, book: Book | null = null): void {
  const held: Held = { p, book };
  ix.byTrade.set(p.trade_id, held);
  if (p.symbol === undefined) return;
  const list = ix.bySymbol.get(p.symbol);
  if (list) list.push(held);
  else ix.bySymbol.set(p.symbol, [held]);
}

/** The book a held position counts in. */
export function heldBook(state: DeskState, ix: DeskIndex, held: Held): Book {
  if (held.book === null) held.book = bookOf(state, ix, held.p.strategy_name);
  return held.book;
}

/** Removes `list[i]` without allocating (splice would return a new array). */
export function removeAt<T>(list: T[], i: number): void {
  list.copyWithin(i, i + 1);
  list.pop();
}

export function seriesOf(ix: DeskIndex, symbol: string): Map<string, SeriesSlot> {
  let m = ix.series.get(symbol);
  if (m === undefined) {
    m = new Map();
    ix.series.set(symbol, m);
  }
  return m;
}

/** Adds a new book under `key` to the state and the index. */
export function addBook(state: DeskState, ix: DeskIndex, key: string): Book {
  const entry = emptyEntry();
  state.ledger.by_strategy[key] = entry;
  let series: StrategySeries | null = null;
  if (state.by_strategy_series) {
    series = { equity: [], equity_sampling: initialSampling(), daily: [] };
    state.by_strategy_series[key] = series;
  }
  const book = { entry, series };
  ix.books.set(key, book);
  if (key !== OTHER_STRATEGIES) ix.strategyCount++;
  return book;
}

/**
 * The book a strategy's trades count in: its own, a new one while under `limits.strategies`,
 * else OTHER_STRATEGIES (counted in `overflow.strategies`).
 */
export function bookFor(state: DeskState, ix: DeskIndex, name: string): Book {
  const own = ix.books.get(name);
  if (own !== undefined) return own;
  if (ix.strategyCount < state.limits.strategies && name !== UNSAFE_KEY && name !== OTHER_STRATEGIES) {
    return addBook(state, ix, name);
  }
  state.overflow.strategies++;
  return ix.books.get(OTHER_STRATEGIES) ?? addBook(state, ix, OTHER_STRATEGIES);
}

/** The book an open position counts in (no overflow counting: the open already did). */
export function bookOf(state: DeskState, ix: DeskIndex, name: string): Book {
  return ix.books.get(name) ?? ix.books.get(OTHER_STRATEGIES) ?? addBook(state, ix, OTHER_STRATEGIES);
}
