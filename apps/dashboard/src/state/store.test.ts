import { beforeEach, describe, expect, it } from "bun:test";
import { effect } from "@preact/signals";
import {
  alert,
  candle,
  closed,
  executed,
  metrics,
  originalExamples,
  resetSeq,
  signal,
  T0,
} from "../../test/fixtures.ts";
import { createStore } from "./store.ts";

beforeEach(() => resetSeq());

describe("store: P&L summary", () => {
  it("derives closed trades, active positions, win rate and total P&L from the events", () => {
    const s = createStore();
    s.apply([
      executed("a"),
      executed("b"),
      executed("c"),
      closed("a", 10),
      closed("b", -4),
      executed("d"),
      closed("d", 2),
    ]);
    expect(s.summary.value).toEqual({ totalTrades: 3, activePositions: 1, winRate: 2 / 3, totalPnl: 8 });
    expect([...s.openPositions.value]).toEqual(["c"]);
  });

  it("follows the original system's trade walk-through (open 1, then closed with +$1.50)", () => {
    const s = createStore();
    const [, exec, close] = originalExamples();
    s.apply([exec!]);
    expect(s.summary.value.activePositions).toBe(1);
    s.apply([close!]);
    expect(s.summary.value).toEqual({ totalTrades: 1, activePositions: 0, winRate: 1, totalPnl: 1.5 });
  });

  it("builds the cumulative P&L series from trade_closed events", () => {
    const s = createStore();
    const c1 = closed("a", 10);
    const x = executed("x");
    const c2 = closed("b", -4);
    const c3 = closed("c", 2.5);
    s.apply([c1, x, c2]);
    s.apply([c3]);
    expect(s.pnlSeries.value.map((p) => p.value)).toEqual([10, 6, 8.5]);
    expect(s.pnlSeries.value.map((p) => p.seq)).toEqual([c1.seq, c2.seq, c3.seq]);
    expect(s.pnlSeries.value[0]?.timeMs).toBe(Date.parse(c1.timestamp));
  });

  it("caps the P&L series but never the totals", () => {
    const s = createStore({ pnlSeriesCap: 3 });
    s.apply(Array.from({ length: 5 }, (_, i) => closed(`t${i}`, 1)));
    expect(s.pnlSeries.value.map((p) => p.value)).toEqual([3, 4, 5]);
    expect(s.summary.value.totalTrades).toBe(5);
    expect(s.summary.value.totalPnl).toBe(5);
  });
});

describe("store: panels", () => {
  it("keeps the latest 50 items per panel, newest first", () => {
    const s = createStore();
    const events = Array.from({ length: 120 }, (_, i) => signal("RSI_Oversold", "BUY", 100 + i, 0.5));
    s.apply(events.slice(0, 70));
    s.apply(events.slice(70));
    expect(s.signals.value).toHaveLength(50);
    expect(s.signals.value[0]?.seq).toBe(120);
    expect(s.signals.value[49]?.seq).toBe(71);
  });

  it("puts executions and closures in one trades list, and alerts in theirs", () => {
    const s = createStore();
    s.apply([executed("1"), alert("system", "critical", "disk"), closed("1", 3)]);
    expect(s.trades.value.map((e) => e.type)).toEqual(["trade_closed", "trade"]);
    expect(s.alerts.value.map((e) => e.data.message)).toEqual(["disk"]);
  });

  it("updates a strategy's metrics row in place instead of adding one", () => {
    const s = createStore();
    s.apply([metrics("RSI_Oversold", 50, 0.62, 125.5), metrics("MACD_Divergence", 10, 0.5, -3)]);
    const map = s.metrics.value;
    const row = map.get("RSI_Oversold")!;
    let rowRuns = 0;
    const stop = effect(() => {
      row.value;
      rowRuns++;
    });
    s.apply([metrics("RSI_Oversold", 51, 0.63, 130)]);
    stop();
    expect(s.metrics.value).toBe(map); // no new row, same map
    expect([...s.metrics.value.keys()]).toEqual(["RSI_Oversold", "MACD_Divergence"]);
    expect(row.value.data.total_trades).toBe(51);
    expect(rowRuns).toBe(2);
  });

  it("collects candles per symbol and interval", () => {
    const s = createStore();
    s.apply([
      candle("BTC-USDT", "1m", "2026-01-19T10:30:00Z", 1, 2, 1, 2),
      candle("ETH-USDT", "1m", "2026-01-19T10:30:00Z", 1, 2, 1, 2),
      candle("BTC-USDT", "1m", "2026-01-19T10:30:00Z", 1, 3, 1, 3),
    ]);
    expect([...s.candles.value.keys()]).toEqual(["BTC-USDT.1m", "ETH-USDT.1m"]);
    expect(s.candles.value.get("BTC-USDT.1m")?.map((c) => c.close)).toEqual([3]);
  });
});

describe("store: replays and resets", () => {
  it("ignores events at or below the last applied seq (history re-fed after a reconnect)", () => {
    const s = createStore();
    const batch = [executed("a"), closed("a", 5), signal("RSI_Oversold", "SELL", 1, 0.9)];
    s.apply(batch);
    s.apply(batch);
    expect(s.summary.value.totalTrades).toBe(1);
    expect(s.summary.value.totalPnl).toBe(5);
    expect(s.signals.value).toHaveLength(1);
    expect(s.lastSeq.value).toBe(3);
  });

  it("writes each signal once per batch", () => {
    const s = createStore();
    let runs = 0;
    const stop = effect(() => {
      s.summary.value;
      s.signals.value;
      runs++;
    });
    s.apply(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? closed(`t${i}`, 1) : signal("RSI_Oversold", "BUY", 1, 0.5))),
    );
    stop();
    expect(runs).toBe(2);
  });

  it("forgets everything on reset", () => {
    const s = createStore();
    s.apply(originalExamples());
    s.reset();
    expect(s.summary.value).toEqual({ totalTrades: 0, activePositions: 0, winRate: 0, totalPnl: 0 });
    expect(s.signals.value).toEqual([]);
    expect(s.metrics.value.size).toBe(0);
    expect(s.lastSeq.value).toBe(0);
    s.apply(originalExamples()); // seq 1..5 again, from a new history
    expect(s.signals.value).toHaveLength(1);
  });

  it("uses the hub timestamp for P&L points", () => {
    const s = createStore();
    s.apply([closed("a", 1, "Support_Bounce", { timestamp: new Date(T0).toISOString() })]);
    expect(s.pnlSeries.value[0]?.timeMs).toBe(T0);
  });
});
