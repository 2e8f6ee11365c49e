/**
 * The fold: one event into the desk state, in place. Deterministic (the event's own seq and
 * timestamp are the only clock) and idempotent (an event at or below `state.seq` changes
 * nothing), so `fold(all)` equals `fold(events > S)` applied to a snapshot of `fold(events <= S)`.
 * Events must be valid `HubEvent`s (the bus validated them); the state keeps references to the
 * events in `recent`, so they must not be mutated afterwards.
 */
import type { DeskState, HubEvent, MetricsData, MetricsEntry, TradeClosedEvent } from "@tickerwire/protocol";
import { addCandle } from "./candles.ts";
import { addDaily } from "./daily.ts";
import { bookFor, type DeskIndex, deskIndex, UNSAFE_KEY } from "./desk-index.ts";
import { isoMs } from "./iso-time.ts";
import { addClose } from "./ledger.ts";
import { closePosition, openPosition, setMark } from "./positions.ts";
import { pushRecent } from "./recent.ts";
import { addPoint } from "./sampling.ts";

/**
 * Folds one event into `state` (mutates it).
 * @example const s = createDeskState(); applyEvent(s, event); s.ledger.total.realized_pnl
 */
export function applyEvent(state: DeskState, event: HubEvent): void {
  apply(state, deskIndex(state), event);
}

/** Folds events in order (mutates `state`) and returns it. */
export function foldEvents(state: DeskState, events: Iterable<HubEvent>): DeskState {
  const ix = deskIndex(state);
  for (const e of events) apply(state, ix, e);
  return state;
}

function apply(state: DeskState, ix: DeskIndex, e: HubEvent): void {
  if (e.seq <= state.seq) return;
  state.seq = e.seq;
  state.counts.events++;
  state.counts.by_type[e.type]++;
  const scope = ix.scope;
  // A view (a scoped state) takes only what its client would receive; marks, and the removal of
  // its open positions, follow every event it is given, so fed the whole stream it stays exact.
  const admitted = scope === null || scope.admits(e);
  const positions = scope === null || scope.positions;
  const cap = state.limits.recent;
  switch (e.type) {
    case "signal":
      if (positions && e.data.symbol !== undefined) setMark(state, ix, e.data.symbol, e.data.price, "signal", e.seq);
      if (admitted) pushRecent(state.recent.signal, e, cap);
      return;
    case "trade":
      if (!admitted) return;
      if (positions) openPosition(state, ix, e);
      pushRecent(state.recent.trade, e, cap);
      return;
    case "trade_closed": {
      const wasOpen = positions && closePosition(state, ix, e);
      if (!admitted) return;
      if (positions && !wasOpen) state.anomalies.unknown_close++;
      if (scope === null || scope.ledger) recordClose(state, ix, e);
      pushRecent(state.recent.trade, e, cap);
      return;
    }
    case "metrics":
      if (admitted) setMetrics(state, ix, e.data, e.seq, e.timestamp);
      return;
    case "alert":
      if (admitted) pushRecent(state.recent.alert, e, cap);
      return;
    case "candle":
      if (positions) setMark(state, ix, e.data.symbol, e.data.close, "candle", e.seq);
      if (admitted) addCandle(state, ix, e);
      return;
  }
}

/** A close into its strategy's book, the total, the equity curves and the daily lists. */
function recordClose(state: DeskState, ix: DeskIndex, e: TradeClosedEvent): void {
  const pnl = e.data.pnl;
  const book = bookFor(state, ix, e.data.strategy_name);
  const total = state.ledger.total;
  const limits = state.limits;
  addClose(book.entry, pnl, e.seq);
  addClose(total, pnl, e.seq);
  const t = isoMs(e.timestamp);
  addPoint(state.equity, state.equity_sampling, limits.equity_points, e.seq, t, total.realized_pnl);
  if (!addDaily(state.daily, limits.days, e.timestamp, pnl)) state.anomalies.late_close++;
  const series = book.series;
  if (series === null) return;
  addPoint(series.equity, series.equity_sampling, limits.strategy_points, e.seq, t, book.entry.realized_pnl);
  addDaily(series.daily, limits.days, e.timestamp, pnl);
}

function setMetrics(state: DeskState, ix: DeskIndex, data: MetricsData, seq: number, timestamp: string): void {
  const name = data.strategy_name;
  if (!ix.metrics.has(name) && (ix.metrics.size >= state.limits.strategies || name === UNSAFE_KEY)) {
    state.overflow.metrics++;
    return;
  }
  const row: MetricsEntry = { ...data, seq, timestamp };
  state.metrics[name] = row;
  ix.metrics.set(name, row);
}
