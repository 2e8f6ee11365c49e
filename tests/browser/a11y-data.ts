/**
 * A dashboard with data in every panel, published over HTTP as a strategy engine would: signals
 * (BUY and SELL, with and without a symbol), executions, closures with profits and losses,
 * metrics for several strategies, alerts of every kind and severity, and candles for two
 * symbols. Enough of each that every list scrolls, so the accessibility checks see the page as
 * an operator does after a while, not an empty one.
 */
import { STRATEGIES, TOPICS } from "@tickerwire/protocol";

type Item = { topic: string; data: Record<string, unknown> };

const SEVERITIES = ["info", "warning", "critical"] as const;
const ALERT_TOPICS = [TOPICS.promoted, TOPICS.rollback, TOPICS.systemAlert] as const;

function signals(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => {
    const strategy = STRATEGIES[i % STRATEGIES.length] as string;
    const data: Record<string, unknown> = {
      strategy_name: strategy,
      action: i % 2 === 0 ? "BUY" : "SELL",
      price: 42000 + i * 7.25,
      confidence: 0.5 + (i % 5) * 0.1,
    };
    if (i % 3 !== 0) data.symbol = i % 2 === 0 ? "BTC-USDT" : "ETH-USDT";
    return { topic: TOPICS.signal(strategy), data };
  });
}

function trades(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => {
    const strategy = STRATEGIES[i % STRATEGIES.length] as string;
    const id = `a11y-${i}`;
    const entry = 42000 + i * 10;
    const executed: Item = {
      topic: TOPICS.tradeExecuted,
      data: {
        trade_id: id,
        strategy_name: strategy,
        action: i % 2 ? "SELL" : "BUY",
        entry_price: entry,
        quantity: 0.05,
        symbol: "BTC-USDT",
      },
    };
    if (i % 3 === 2) return [executed]; // still open
    const pnl = i % 2 === 0 ? 1234.5 - i : -(87.25 + i);
    const closed: Item = {
      topic: TOPICS.tradeClosed,
      data: {
        trade_id: id,
        strategy_name: strategy,
        entry_price: entry,
        exit_price: entry + pnl / 0.05,
        pnl,
        quantity: 0.05,
      },
    };
    return [executed, closed];
  }).flat();
}

function metrics(): Item[] {
  return STRATEGIES.map((strategy, i) => ({
    topic: TOPICS.metrics(strategy),
    data: {
      strategy_name: strategy,
      total_trades: 20 + i * 7,
      win_rate: 0.4 + i * 0.07,
      total_profit_loss: i % 2 === 0 ? 1234.5 * (i + 1) : -310.75 * i,
      ...(i % 2 === 0 ? { sharpe_ratio: 1.1 + i / 10, profit_factor: 1.4 + i / 10 } : {}),
    },
  }));
}

/** Every kind × every severity, twice over, so the list scrolls. */
function alerts(): Item[] {
  const out: Item[] = [];
  for (let round = 0; round < 2; round++) {
    for (const topic of ALERT_TOPICS) {
      for (const severity of SEVERITIES) {
        const strategy = STRATEGIES[out.length % STRATEGIES.length] as string;
        const data: Record<string, unknown> = { message: `${severity} ${topic} number ${out.length + 1}`, severity };
        if (topic !== TOPICS.systemAlert || round === 1) data.strategy_name = strategy;
        out.push({ topic, data });
      }
    }
  }
  return out;
}

function candles(symbol: string, base: number, n: number): Item[] {
  const t0 = Date.parse("2026-01-19T10:00:00Z");
  return Array.from({ length: n }, (_, i) => ({
    topic: TOPICS.candle(symbol, "1m"),
    data: {
      symbol,
      interval: "1m",
      open: base + i,
      high: base + i + 5,
      low: base + i - 4,
      close: base + i + (i % 2 ? -2 : 3),
      volume: 10 + i,
      start: new Date(t0 + i * 60_000).toISOString(),
    },
  }));
}

/** The whole set, in one batch (the hub takes up to 1,000 events per request). */
export function fullDashboard(): Item[] {
  return [
    ...candles("BTC-USDT", 42000, 30),
    ...candles("ETH-USDT", 2300, 30),
    ...metrics(),
    ...trades(15),
    ...alerts(),
    ...signals(30),
  ];
}

/** A critical system alert, as an operator must hear it. */
export function criticalAlert(message: string): Item {
  return { topic: TOPICS.systemAlert, data: { message, severity: "critical" } };
}

/** A lone signal (for the slide-in animation checks). */
export function oneSignal(price: number): Item {
  return {
    topic: TOPICS.signal("RSI_Oversold"),
    data: { strategy_name: "RSI_Oversold", action: "BUY", price, confidence: 0.9 },
  };
}

/**
 * Waits in the page until every panel shows data and both charts drew (the candle chart has the
 * first symbol's candles). Pass to `page.waitForFunction`.
 */
export function dashboardIsFull(): boolean {
  const has = (sel: string) => document.querySelector(sel) !== null;
  const points = (id: string) => Number(document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.dataset.points);
  return (
    has('[data-testid="signal-item"]') &&
    has('[data-testid="trade-item"][data-kind="executed"]') &&
    has('[data-testid="trade-item"][data-kind="closed"]') &&
    has('[data-testid="metrics-row"]') &&
    has('[data-testid="alert-item"][data-severity="critical"]') &&
    points("chart-pnl") >= 1 &&
    points("chart-candles") >= 2
  );
}
