/**
 * The desk workload's history: a trading desk's events in self-contained batches (every trade of
 * a batch is opened and closed inside it, so batches may commit in any order and the ledger is the
 * same), across `strategies` strategies and a few symbols, with signals, metrics and candles, plus
 * `openPositions` positions opened in the first batch and never closed. Deterministic.
 */
export interface DeskBatchPlan {
  events: number;
  strategies: number;
  openPositions: number;
  batch: number;
}

type Item = { topic: string; data: Record<string, unknown> };

const SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT", "XRP-USDT", "ADA-USDT"];

const strategyName = (i: number) => `Strategy_${String(i).padStart(3, "0")}`;

/** Batch `k` of the plan (0-based); `undefined` past the end. */
export function deskBatch(plan: DeskBatchPlan, k: number): Item[] | undefined {
  const first = k * plan.batch;
  if (first >= plan.events) return undefined;
  const size = Math.min(plan.batch, plan.events - first);
  const items: Item[] = [];
  if (k === 0) {
    for (let p = 0; p < Math.min(plan.openPositions, size); p++) {
      const s = strategyName(p % plan.strategies);
      items.push({
        topic: "trade.executed",
        data: {
          trade_id: `open-${p}`,
          strategy_name: s,
          action: p % 2 ? "SELL" : "BUY",
          entry_price: 100 + (p % 50),
          quantity: 1,
          symbol: SYMBOLS[p % SYMBOLS.length],
        },
      });
    }
  }
  let n = first;
  while (items.length < size) {
    const s = strategyName(n % plan.strategies);
    // Rotates per 20 events, so every symbol gets trades, signals and candles (marks move for all).
    const symbol = SYMBOLS[Math.floor(n / 20) % SYMBOLS.length]!;
    const price = 100 + ((n * 7919) % 5000) / 100;
    const slot = n % 20;
    if (slot < 17 && items.length + 2 <= size) {
      // A trade pair, opened and closed in this batch.
      const id = `t${n}`;
      const exit = price + (((n * 104729) % 200) - 100) / 100;
      items.push({
        topic: "trade.executed",
        data: { trade_id: id, strategy_name: s, action: "BUY", entry_price: price, quantity: 1, symbol },
      });
      items.push({
        topic: "trade.closed",
        data: {
          trade_id: id,
          strategy_name: s,
          entry_price: price,
          exit_price: exit,
          pnl: Math.round((exit - price) * 100) / 100,
          symbol,
        },
      });
      n += 2;
    } else if (slot < 19) {
      items.push({
        topic: `strategy.${s}.signal`,
        data: { strategy_name: s, action: "BUY", price, confidence: (n % 100) / 100, symbol },
      });
      n++;
    } else if (n % 40 === 19) {
      items.push({
        topic: `strategy.${s}.metrics`,
        data: { strategy_name: s, total_trades: n, win_rate: 0.5, total_profit_loss: n / 100 },
      });
      n++;
    } else {
      items.push({
        topic: `market.${symbol}.1m`,
        data: {
          symbol,
          interval: "1m",
          open: price,
          high: price + 1,
          low: price - 1,
          close: price,
          volume: 5,
          start: new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 40) * 60_000).toISOString(),
        },
      });
      n++;
    }
  }
  return items;
}
