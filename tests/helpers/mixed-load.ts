/**
 * A steady mixed publish stream for delivery-guarantee tests: trades, closures, alerts, metrics for
 * five strategies, candles for three symbols and signals, at a target rate, in batches. Records
 * every acknowledged event (seq, type, topic) so a test can check what each client must have.
 */
import { STRATEGIES, TOPICS } from "@tickerwire/protocol";
import { publishOk } from "./publish.ts";

export const SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT"] as const;

export interface Acked {
  seq: number;
  type: string;
  topic: string;
}

/** The i-th event of the mix: per 10 events, 2 trades, 1 closure, 1 alert, 3 metrics, 2 candles, 1 signal. */
export function mixedEvent(i: number, pad = 0): { topic: string; data: Record<string, unknown> } {
  const strategy = STRATEGIES[i % STRATEGIES.length] as string;
  const symbol = SYMBOLS[i % SYMBOLS.length] as string;
  const id = `t${i}${"-".repeat(Math.min(pad, 100))}`;
  const price = 100 + (i % 50);
  switch (i % 10) {
    case 0:
    case 1:
      return {
        topic: TOPICS.tradeExecuted,
        data: { trade_id: id, strategy_name: strategy, action: "BUY", entry_price: price, quantity: 1 },
      };
    case 2:
      return {
        topic: TOPICS.tradeClosed,
        data: { trade_id: id, strategy_name: strategy, entry_price: price, exit_price: price + 1, pnl: 1 },
      };
    case 3:
      return { topic: TOPICS.systemAlert, data: { message: `alert ${i} ${"!".repeat(pad)}`, severity: "info" } };
    case 4:
    case 5:
    case 6:
      return {
        topic: TOPICS.metrics(strategy),
        data: { strategy_name: strategy, total_trades: i, win_rate: 0.5, total_profit_loss: i },
      };
    case 7:
    case 8:
      return {
        topic: TOPICS.candle(symbol, "1m"),
        data: {
          symbol,
          interval: "1m",
          open: price,
          high: price + 2,
          low: price - 1,
          close: price + 1,
          volume: i,
          start: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        },
      };
    default:
      return {
        topic: TOPICS.signal(strategy),
        data: { strategy_name: strategy, action: "SELL", price, confidence: 0.7 },
      };
  }
}

export const isConflatable = (type: string) => type === "metrics" || type === "candle";

export interface LoadOptions {
  url: string;
  ratePerSec: number;
  durationMs: number;
  /** Events per POST (default rate/100, i.e. a batch every 10 ms). */
  batch?: number;
  /** Extra bytes per trade id / alert message (bigger frames fill buffers sooner). */
  pad?: number;
  /** Index of the first event (so runs do not repeat each other). */
  start?: number;
}

/** Publishes the mix at about `ratePerSec` for `durationMs`; resolves with every acknowledged event. */
export async function publishMixed(o: LoadOptions): Promise<Acked[]> {
  const batch = o.batch ?? Math.max(1, Math.round(o.ratePerSec / 100));
  const everyMs = (1000 * batch) / o.ratePerSec;
  const acked: Acked[] = [];
  const t0 = Date.now();
  let i = o.start ?? 0;
  const ticks = Math.ceil(o.durationMs / everyMs);
  for (let k = 0; k < ticks; k++) {
    const items = Array.from({ length: batch }, () => mixedEvent(i++, o.pad ?? 0));
    const seqs = await publishOk(o.url, items);
    seqs.forEach((seq, j) => {
      const item = items[j] as { topic: string };
      acked.push({ seq, type: typeOf(item.topic), topic: item.topic });
    });
    const wait = t0 + (k + 1) * everyMs - Date.now();
    if (wait > 0) await Bun.sleep(wait);
  }
  return acked;
}

function typeOf(topic: string): string {
  if (topic === TOPICS.tradeExecuted) return "trade";
  if (topic === TOPICS.tradeClosed) return "trade_closed";
  if (topic === TOPICS.systemAlert) return "alert";
  if (topic.startsWith("market.")) return "candle";
  return topic.endsWith(".metrics") ? "metrics" : "signal";
}

/** The q-quantile (0..1) of `xs` (nearest rank). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
