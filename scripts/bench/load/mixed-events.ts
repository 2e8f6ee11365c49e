/**
 * The browser workload's events: what a dashboard takes in from a busy hub, deterministic by
 * event number k. In every 20: 6 candles (4 symbols), 5 metrics and 5 signals (5 strategies),
 * 2 trades executed, 1 closed, 1 system alert. `mixedItem` is the publish body the hub takes;
 * `mixedWire` the exact wire JSON the hub would send for it (alert fields given in full, so the
 * published data is the delivered data), for a bare server that feeds the same page.
 */
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";

const SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT", "BNB-USDT"];
const STRATEGIES = ["RSI_Oversold", "MACD_Divergence", "Volume_Spike", "Trend_Following", "Support_Bounce"];
const T0 = Date.parse("2026-01-19T10:00:00Z");

type Item = { type: HubEvent["type"]; topic: string; data: Record<string, unknown> };

export function mixedItem(k: number): Item {
  const slot = k % 20;
  const round = Math.floor(k / 20);
  const strategy = STRATEGIES[k % STRATEGIES.length] as string;
  const price = 100 + (k % 997) / 10;
  if (slot < 6) {
    const symbol = SYMBOLS[slot % SYMBOLS.length] as string;
    const open = price;
    const close = price + ((k % 7) - 3) / 10;
    return {
      type: "candle",
      topic: `market.${symbol}.1m`,
      data: {
        symbol,
        interval: "1m",
        open,
        high: Math.max(open, close) + 0.5,
        low: Math.min(open, close) - 0.5,
        close,
        volume: 10 + (k % 13),
        // A new minute every 5 rounds: most candles update the current bar, some open a new one.
        start: new Date(T0 + Math.floor(round / 5) * 60_000).toISOString(),
      },
    };
  }
  if (slot < 11) {
    return {
      type: "metrics",
      topic: `strategy.${strategy}.metrics`,
      data: {
        strategy_name: strategy,
        total_trades: round,
        win_rate: (k % 100) / 100,
        total_profit_loss: (k % 2001) - 1000,
      },
    };
  }
  if (slot < 16) {
    return {
      type: "signal",
      topic: `strategy.${strategy}.signal`,
      data: { strategy_name: strategy, action: k % 2 ? "SELL" : "BUY", price, confidence: (k % 100) / 100 },
    };
  }
  if (slot < 18) {
    return {
      type: "trade",
      topic: "trade.executed",
      data: { trade_id: `T${round}-${slot}`, strategy_name: strategy, action: "BUY", entry_price: price, quantity: 1 },
    };
  }
  if (slot === 18) {
    return {
      type: "trade_closed",
      topic: "trade.closed",
      data: {
        trade_id: `T${round}-16`,
        strategy_name: strategy,
        entry_price: price,
        exit_price: price + 1,
        pnl: (k % 41) - 20,
      },
    };
  }
  return {
    type: "alert",
    topic: "system.alert",
    data: { message: `bench alert ${k}`, severity: "info", kind: "system" },
  };
}

/** The publish body of event k. */
export function mixedPublish(k: number): { topic: string; data: Record<string, unknown> } {
  const { topic, data } = mixedItem(k);
  return { topic, data };
}

/** The hub's wire JSON of event k stored as `seq` at `timestamp`. */
export function mixedWire(k: number, seq: number, timestamp: string): string {
  const { type, topic, data } = mixedItem(k);
  return encodeEvent({ type, seq, topic, timestamp, data } as HubEvent);
}
