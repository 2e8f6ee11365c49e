/**
 * A trading desk's event stream for end-to-end tests of the desk state: trade pairs (opened, then
 * closed with a P&L) across strategies and symbols, with signals, metrics and candles between them,
 * some positions left open; and an independent, deliberately plain computation of the ledger those
 * events must produce (sums and counts over the closes, open positions), to compare with the hub's
 * snapshot. Deterministic for a seed.
 */
import { TOPICS } from "@tickerwire/protocol";

export interface Item {
  topic: string;
  data: Record<string, unknown>;
}

export interface ExpectedLedger {
  closed_trades: number;
  wins: number;
  losses: number;
  realized_pnl: number;
  gross_profit: number;
  gross_loss: number;
}

export interface DeskStream {
  items: Item[];
  total: ExpectedLedger;
  byStrategy: Record<string, ExpectedLedger>;
  /** trade_ids still open at the end. */
  open: string[];
}

const SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT"];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const emptyLedger = (): ExpectedLedger => ({
  closed_trades: 0,
  wins: 0,
  losses: 0,
  realized_pnl: 0,
  gross_profit: 0,
  gross_loss: 0,
});

function addClose(l: ExpectedLedger, pnl: number): void {
  l.closed_trades++;
  l.realized_pnl += pnl;
  if (pnl > 0) {
    l.wins++;
    l.gross_profit += pnl;
  } else if (pnl < 0) {
    l.losses++;
    l.gross_loss += -pnl;
  }
}

/**
 * About `pairs` trade pairs (plus a few left open) and one signal/metrics/candle per `every`
 * events; `prefix` makes trade ids unique across tests sharing a hub.
 */
export function deskStream(options: {
  pairs: number;
  strategies?: string[];
  prefix?: string;
  seed?: number;
  leaveOpen?: number;
}): DeskStream {
  const strategies = options.strategies ?? ["RSI_Oversold", "MACD_Divergence", "Trend_Following"];
  const prefix = options.prefix ?? "T";
  const rnd = mulberry32(options.seed ?? 7);
  const items: Item[] = [];
  const total = emptyLedger();
  const byStrategy: Record<string, ExpectedLedger> = {};
  const openIds: string[] = [];
  let candleMinute = 0;
  const pending: { id: string; strategy: string; symbol: string; entry: number; qty: number }[] = [];
  for (let i = 0; i < options.pairs + (options.leaveOpen ?? 0); i++) {
    const strategy = strategies[i % strategies.length]!;
    const symbol = SYMBOLS[i % SYMBOLS.length]!;
    const entry = Math.round((100 + rnd() * 50) * 100) / 100;
    const qty = Math.round((0.1 + rnd()) * 100) / 100;
    const id = `${prefix}-${i}`;
    items.push({
      topic: TOPICS.tradeExecuted,
      data: {
        trade_id: id,
        strategy_name: strategy,
        action: rnd() < 0.5 ? "BUY" : "SELL",
        entry_price: entry,
        quantity: qty,
        symbol,
      },
    });
    pending.push({ id, strategy, symbol, entry, qty });
    if (i % 4 === 0) {
      items.push({
        topic: TOPICS.signal(strategy),
        data: {
          strategy_name: strategy,
          action: "BUY",
          price: entry,
          confidence: Math.round(rnd() * 100) / 100,
          symbol,
        },
      });
    }
    if (i % 10 === 0) {
      const close = Math.round((100 + rnd() * 50) * 100) / 100;
      items.push({
        topic: TOPICS.candle(symbol, "1m"),
        data: {
          symbol,
          interval: "1m",
          open: close,
          high: close + 1,
          low: close - 1,
          close,
          volume: 10,
          start: new Date(Date.UTC(2026, 0, 1) + candleMinute++ * 60_000).toISOString(),
        },
      });
    }
    // Close the pair opened two steps ago (positions overlap), unless it is one to leave open.
    if (pending.length > 2 && i < options.pairs) {
      const p = pending.shift()!;
      const exit = Math.round((p.entry + (rnd() - 0.5) * 10) * 100) / 100;
      const pnl = Math.round((exit - p.entry) * p.qty * 100) / 100;
      items.push({
        topic: TOPICS.tradeClosed,
        data: {
          trade_id: p.id,
          strategy_name: p.strategy,
          entry_price: p.entry,
          exit_price: exit,
          pnl,
          symbol: p.symbol,
        },
      });
      addClose(total, pnl);
      byStrategy[p.strategy] ??= emptyLedger();
      addClose(byStrategy[p.strategy]!, pnl);
    }
    if (i % 25 === 0) {
      const l = byStrategy[strategy] ?? emptyLedger();
      items.push({
        topic: TOPICS.metrics(strategy),
        data: {
          strategy_name: strategy,
          total_trades: l.closed_trades,
          win_rate: l.closed_trades ? l.wins / l.closed_trades : 0,
          total_profit_loss: Math.round(l.realized_pnl * 100) / 100,
        },
      });
    }
  }
  for (const p of pending) openIds.push(p.id);
  return { items, total, byStrategy, open: openIds };
}

/** The plain ledger of any list of items (e.g. the prefix a hub stored): totals and positions left open. */
export function ledgerOf(items: readonly Item[]): { total: ExpectedLedger; open: number } {
  const total = emptyLedger();
  const open = new Set<string>();
  for (const it of items) {
    if (it.topic === TOPICS.tradeExecuted) open.add(it.data.trade_id as string);
    if (it.topic !== TOPICS.tradeClosed) continue;
    open.delete(it.data.trade_id as string);
    addClose(total, it.data.pnl as number);
  }
  return { total, open: open.size };
}

/** Publishes `items` in batches, `parallel` requests at a time, in order of batches (seq order). */
export async function publishInBatches(
  publish: (batch: Item[]) => Promise<unknown>,
  items: Item[],
  batchSize = 2_000,
): Promise<void> {
  for (let i = 0; i < items.length; i += batchSize) await publish(items.slice(i, i + batchSize));
}
