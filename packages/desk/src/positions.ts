/**
 * Open positions and their mark-to-market. A position is a `trade` until the `trade_closed` with
 * its trade_id; `state.positions` is in seq order. A symbol's mark is its latest candle close,
 * else (no candle seen yet) its latest signal price; a new mark revalues only that symbol's
 * positions and moves each book's `unrealized_pnl` by the change, so the books always equal the
 * sum of their positions (up to float rounding; a book with no open position is exactly 0).
 */
import type { DeskState, LedgerEntry, Mark, Position, TradeClosedEvent, TradeEvent } from "@tickerwire/protocol";
import { bookFor, type DeskIndex, type Held, heldBook, removeAt, trackPosition, UNSAFE_KEY } from "./desk-index.ts";
import { unrealized } from "./ledger.ts";

/** Opens a position, unless its trade_id is already open (ignored, `anomalies.duplicate_open`). */
export function openPosition(state: DeskState, ix: DeskIndex, e: TradeEvent): void {
  const d = e.data;
  if (ix.byTrade.has(d.trade_id)) {
    state.anomalies.duplicate_open++;
    return;
  }
  if (state.positions.length >= state.limits.positions) {
    state.overflow.positions++;
    return;
  }
  const mark = d.symbol === undefined ? undefined : ix.marks.get(d.symbol);
  const price = mark === undefined ? null : mark.price;
  const u = price === null ? null : unrealized(d.action, d.entry_price, price, d.quantity);
  const p: Position = {
    trade_id: d.trade_id,
    strategy_name: d.strategy_name,
    action: d.action,
    entry_price: d.entry_price,
    quantity: d.quantity,
    opened_at: e.timestamp,
    seq: e.seq,
    mark: price,
    unrealized_pnl: u,
  };
  if (d.symbol !== undefined) p.symbol = d.symbol;
  state.positions.push(p);
  const book = bookFor(state, ix, d.strategy_name);
  trackPosition(ix, p, book);
  opened(book.entry, u);
  opened(state.ledger.total, u);
}

function opened(entry: LedgerEntry, u: number | null): void {
  entry.open_positions++;
  if (u !== null) entry.unrealized_pnl += u;
}

function closed(entry: LedgerEntry, u: number | null): void {
  entry.open_positions--;
  if (entry.open_positions === 0) entry.unrealized_pnl = 0;
  else if (u !== null) entry.unrealized_pnl -= u;
}

/**
 * Removes the position a close names. Returns false when none is open under that trade_id.
 * A close naming another strategy than the open still closes it (`anomalies.strategy_mismatch`).
 */
export function closePosition(state: DeskState, ix: DeskIndex, e: TradeClosedEvent): boolean {
  const held = ix.byTrade.get(e.data.trade_id);
  if (held === undefined) return false;
  const p = held.p;
  if (p.strategy_name !== e.data.strategy_name) state.anomalies.strategy_mismatch++;
  ix.byTrade.delete(p.trade_id);
  removeAt(state.positions, indexBySeq(state.positions, p.seq));
  if (p.symbol !== undefined) {
    const list = ix.bySymbol.get(p.symbol) as Held[];
    removeAt(list, list.indexOf(held));
    if (list.length === 0) ix.bySymbol.delete(p.symbol);
  }
  closed(heldBook(state, ix, held).entry, p.unrealized_pnl);
  closed(state.ledger.total, p.unrealized_pnl);
  return true;
}

/** Binary search: positions are in strictly increasing seq order. */
function indexBySeq(positions: Position[], seq: number): number {
  let lo = 0;
  let hi = positions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as Position).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Records a price for `symbol` from a candle close or a signal, and revalues its positions. */
export function setMark(
  state: DeskState,
  ix: DeskIndex,
  symbol: string,
  price: number,
  source: Mark["source"],
  seq: number,
): void {
  const m = ix.marks.get(symbol);
  if (m === undefined) {
    if (ix.marks.size >= state.limits.symbols || symbol === UNSAFE_KEY) {
      state.overflow.symbols++;
      return;
    }
    const mark: Mark = { price, source, seq };
    state.marks[symbol] = mark;
    ix.marks.set(symbol, mark);
  } else {
    if (source === "signal" && m.source === "candle") return;
    const same = m.price === price;
    m.price = price;
    m.source = source;
    m.seq = seq;
    // Positions of this symbol already carry this price (they took it at open or at the last mark).
    if (same) return;
  }
  revalue(state, ix, symbol, price);
}

function revalue(state: DeskState, ix: DeskIndex, symbol: string, price: number): void {
  const list = ix.bySymbol.get(symbol);
  if (list === undefined) return;
  const total = state.ledger.total;
  for (const held of list) {
    const p = held.p;
    const u = unrealized(p.action, p.entry_price, price, p.quantity);
    const delta = u - (p.unrealized_pnl ?? 0);
    p.mark = price;
    p.unrealized_pnl = u;
    heldBook(state, ix, held).entry.unrealized_pnl += delta;
    total.unrealized_pnl += delta;
  }
}
