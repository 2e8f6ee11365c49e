/**
 * The desk's figures computed the plain way, for tests: straight from the event list, with no
 * incremental state, no index and no thinning. Same rules as the fold (first open of a trade id
 * wins, a close removes whatever is open under its id, pnl > 0 wins, pnl < 0 loses).
 */
import type { HubEvent, LedgerEntry, TradeEvent } from "@tickerwire/protocol";

export function referenceEntry(
  pnls: readonly number[],
  lastSeq: number,
): Omit<LedgerEntry, "open_positions" | "unrealized_pnl"> {
  const wins = pnls.filter((p) => p > 0);
  const losses = pnls.filter((p) => p < 0);
  let realized = 0;
  let peak = 0;
  let maxDd = 0;
  for (const p of pnls) {
    realized += p;
    peak = Math.max(peak, realized);
    maxDd = Math.max(maxDd, peak - realized);
  }
  let grossProfit = 0;
  for (const p of wins) grossProfit += p;
  let grossLoss = 0;
  for (const p of losses) grossLoss -= p;
  const trailing = (pred: (p: number) => boolean) => {
    let n = 0;
    for (let i = pnls.length - 1; i >= 0 && pred(pnls[i] as number); i--) n++;
    return n;
  };
  return {
    closed_trades: pnls.length,
    wins: wins.length,
    losses: losses.length,
    realized_pnl: realized,
    gross_profit: grossProfit,
    gross_loss: grossLoss,
    profit_factor: grossLoss > 0 && Number.isFinite(grossProfit / grossLoss) ? grossProfit / grossLoss : null,
    largest_win: Math.max(0, ...wins),
    largest_loss: Math.min(0, ...losses),
    peak,
    max_drawdown: maxDd,
    current_drawdown: peak - realized,
    win_streak: trailing((p) => p > 0),
    loss_streak: trailing((p) => p < 0),
    last_seq: lastSeq,
  };
}

/** Closed-trade figures in total and per strategy (named by the close). */
export function referenceLedger(events: readonly HubEvent[]) {
  const pnls = new Map<string, number[]>();
  const last = new Map<string, number>();
  const all: number[] = [];
  let lastSeq = 0;
  for (const e of events) {
    if (e.type !== "trade_closed") continue;
    const list = pnls.get(e.data.strategy_name) ?? [];
    list.push(e.data.pnl);
    pnls.set(e.data.strategy_name, list);
    last.set(e.data.strategy_name, e.seq);
    all.push(e.data.pnl);
    lastSeq = e.seq;
  }
  const byStrategy = new Map([...pnls].map(([k, v]) => [k, referenceEntry(v, last.get(k) ?? 0)]));
  return { total: referenceEntry(all, lastSeq), byStrategy };
}

/**
 * Open positions (trade events still open) in seq order, with their mark and unrealized P&L,
 * and the strategies that ever opened a position (each has a ledger entry, closes or not).
 */
export function referencePositions(events: readonly HubEvent[]) {
  const open = new Map<string, TradeEvent>();
  const openers = new Set<string>();
  const candle = new Map<string, number>();
  const signal = new Map<string, number>();
  for (const e of events) {
    if (e.type === "trade" && !open.has(e.data.trade_id)) {
      open.set(e.data.trade_id, e);
      openers.add(e.data.strategy_name);
    } else if (e.type === "trade_closed") open.delete(e.data.trade_id);
    else if (e.type === "candle") candle.set(e.data.symbol, e.data.close);
    else if (e.type === "signal" && e.data.symbol !== undefined) signal.set(e.data.symbol, e.data.price);
  }
  const positions = [...open.values()]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const d = e.data;
      const mark = d.symbol === undefined ? null : (candle.get(d.symbol) ?? signal.get(d.symbol) ?? null);
      const u =
        mark === null
          ? null
          : d.action === "BUY"
            ? (mark - d.entry_price) * d.quantity
            : (d.entry_price - mark) * d.quantity;
      return { trade_id: d.trade_id, strategy_name: d.strategy_name, seq: e.seq, mark, unrealized_pnl: u };
    });
  return { positions, openers };
}
