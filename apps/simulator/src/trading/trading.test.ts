import { describe, expect, it } from "bun:test";
import { exitReason } from "./exit-rules.ts";
import { MetricsAccumulator, profitFactor, summarize } from "./metrics.ts";
import { tradePnl, tradeReturn } from "./pnl.ts";
import { PositionBook } from "./positions.ts";

describe("P&L", () => {
  it("is (exit − entry) × qty for a BUY and (entry − exit) × qty for a SELL", () => {
    expect(tradePnl("BUY", 100, 110, 2)).toBe(20); // (110 − 100)·2
    expect(tradePnl("BUY", 100, 95, 2)).toBe(-10); // (95 − 100)·2
    expect(tradePnl("SELL", 100, 90, 3)).toBe(30); // (100 − 90)·3
    expect(tradePnl("SELL", 100, 105, 2)).toBe(-10); // (100 − 105)·2
  });
  it("gives the return on capital as a fraction of the entry", () => {
    expect(tradeReturn("BUY", 100, 110)).toBeCloseTo(0.1, 12);
    expect(tradeReturn("SELL", 200, 190)).toBeCloseTo(0.05, 12);
  });
});

describe("exit rules", () => {
  const rules = { takeProfit: 0.01, stopLoss: 0.005, maxHoldMs: 60_000 };
  const long = { action: "BUY" as const, entryPrice: 100, openedAt: 0 };
  const short = { action: "SELL" as const, entryPrice: 100, openedAt: 0 };

  it("takes profit and stops losses in the position's direction", () => {
    expect(exitReason(long, 101, 1, rules)).toBe("take_profit"); // +1%
    expect(exitReason(long, 99.5, 1, rules)).toBe("stop_loss"); // −0.5%
    expect(exitReason(short, 99, 1, rules)).toBe("take_profit");
    expect(exitReason(short, 100.5, 1, rules)).toBe("stop_loss");
    expect(exitReason(long, 100.4, 1, rules)).toBeNull();
  });
  it("closes after the maximum holding time", () => {
    expect(exitReason(long, 100.2, 59_999, rules)).toBeNull();
    expect(exitReason(long, 100.2, 60_000, rules)).toBe("max_hold");
  });
});

describe("PositionBook", () => {
  const book = () =>
    new PositionBook({
      rules: { takeProfit: 0.006, stopLoss: 0.004, maxHoldMs: 30 * 60_000 },
      notional: 10_000,
      idPrefix: "Tx",
    });

  it("opens a position on a signal, sized by notional / price", () => {
    const b = book();
    const r = b.onSignal("RSI_Oversold", "BTC-USDT", "BUY", 42_000, 1_000);
    // 10,000 / 42,000 = 0.2380952… → 0.238095
    expect(r.opened).toEqual({
      tradeId: "Tx-1",
      strategy: "RSI_Oversold",
      symbol: "BTC-USDT",
      action: "BUY",
      entryPrice: 42_000,
      quantity: 0.238095,
      openedAt: 1_000,
    });
    expect(b.positions()).toHaveLength(1);
  });

  it("ignores a signal in the same direction and closes on an opposite one", () => {
    const b = book();
    b.onSignal("RSI_Oversold", "BTC-USDT", "BUY", 42_000, 0);
    expect(b.onSignal("RSI_Oversold", "BTC-USDT", "BUY", 41_000, 1)).toEqual({ opened: null, closed: null });
    const r = b.onSignal("RSI_Oversold", "BTC-USDT", "SELL", 42_100, 2);
    // (42,100 − 42,000) · 0.238095 = 23.8095 → 23.81
    expect(r.closed?.pnl).toBe(23.81);
    expect(r.closed?.reason).toBe("opposite_signal");
    expect(r.opened).toBeNull();
    expect(b.positions()).toHaveLength(0);
  });

  it("keeps one position per strategy and symbol, with unique trade ids", () => {
    const b = book();
    const ids = [
      b.onSignal("RSI_Oversold", "BTC-USDT", "BUY", 42_000, 0).opened?.tradeId,
      b.onSignal("RSI_Oversold", "ETH-USDT", "SELL", 2_300, 0).opened?.tradeId,
      b.onSignal("Volume_Spike", "BTC-USDT", "SELL", 42_000, 0).opened?.tradeId,
    ];
    expect(ids).toEqual(["Tx-1", "Tx-2", "Tx-3"]);
  });

  it("closes at take-profit and stop-loss on price updates, with the P&L rounded to cents", () => {
    const b = book();
    b.onSignal("Trend_Following", "BTC-USDT", "BUY", 42_000, 0);
    b.onSignal("MACD_Divergence", "BTC-USDT", "SELL", 42_000, 0);
    b.onSignal("MACD_Divergence", "ETH-USDT", "SELL", 2_300, 0);
    // +0.6% on BTC: the long takes profit, the short (−0.6% for it) is stopped out; ETH is untouched.
    const closed = b.onPrice("BTC-USDT", 42_252, 5_000);
    expect(closed.map((c) => [c.strategy, c.reason, c.pnl])).toEqual([
      ["Trend_Following", "take_profit", 60], // 252 · 0.238095 = 59.99994 → 60.00
      ["MACD_Divergence", "stop_loss", -60],
    ]);
    expect(closed[0]?.return).toBeCloseTo(0.006, 12);
    expect(b.positions().map((p) => p.symbol)).toEqual(["ETH-USDT"]);
  });

  it("closes after the maximum holding time", () => {
    const b = book();
    b.onSignal("Support_Bounce", "SOL-USDT", "BUY", 95, 0);
    expect(b.onPrice("SOL-USDT", 95.1, 30 * 60_000 - 1)).toHaveLength(0);
    expect(b.onPrice("SOL-USDT", 95.1, 30 * 60_000)[0]?.reason).toBe("max_hold");
  });
});

describe("strategy metrics", () => {
  it("computes totals, win rate, Sharpe and profit factor (hand computation)", () => {
    // pnl 100, −50, 30, −20 → total 60, 2 wins of 4, gross profit 130, gross loss 70
    // profit factor = 130/70 = 1.857143
    // returns 0.01, −0.005, 0.003, −0.002: mean 0.0015; squared deviations
    // 7.225e-5 + 4.225e-5 + 0.225e-5 + 1.225e-5 = 12.9e-5; sample variance /3 = 4.3e-5; sd 0.00655744
    // Sharpe = 0.0015 / 0.00655744 = 0.228748
    const s = summarize([
      { pnl: 100, return: 0.01 },
      { pnl: -50, return: -0.005 },
      { pnl: 30, return: 0.003 },
      { pnl: -20, return: -0.002 },
    ]);
    expect(s.totalTrades).toBe(4);
    expect(s.wins).toBe(2);
    expect(s.winRate).toBe(0.5);
    expect(s.totalPnl).toBe(60);
    expect(s.grossProfit).toBe(130);
    expect(s.grossLoss).toBe(70);
    expect(s.profitFactor).toBeCloseTo(1.857143, 6);
    expect(s.sharpe).toBeCloseTo(0.228748, 6);
  });

  it("leaves Sharpe undefined below two trades and profit factor undefined without losses", () => {
    const one = summarize([{ pnl: 10, return: 0.001 }]);
    expect(one.sharpe).toBeUndefined();
    expect(one.profitFactor).toBeUndefined();
    expect(profitFactor(0, 40)).toBe(0);
    const none = new MetricsAccumulator().snapshot();
    expect(none).toMatchObject({ totalTrades: 0, winRate: 0, totalPnl: 0 });
  });

  it("counts a break-even trade as neither a win nor a loss", () => {
    const s = summarize([
      { pnl: 0, return: 0 },
      { pnl: 10, return: 0.001 },
    ]);
    expect(s.winRate).toBe(0.5);
    expect(s.grossLoss).toBe(0);
  });
});
