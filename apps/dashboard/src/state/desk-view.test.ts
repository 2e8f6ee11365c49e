import { beforeEach, describe, expect, it } from "bun:test";
import { createDeskState, foldEvents } from "@tickerwire/desk";
import { type HubEvent, OTHER_STRATEGIES } from "@tickerwire/protocol";
import { candle, closed, ev, executed, metrics, resetSeq, signal } from "../../test/fixtures.ts";
import {
  candleBars,
  candleKeys,
  dailyRows,
  equitySeries,
  metricsEvent,
  OTHER_LABEL,
  positionRows,
  strategiesIn,
  strategyRows,
  summarize,
} from "./desk-view.ts";

beforeEach(() => resetSeq());

const fold = (events: HubEvent[], limits = {}) => foldEvents(createDeskState({ limits }), events);
const closedOn = (day: string, id: string, pnl: number, strategy = "RSI_Oversold") =>
  ev(
    "trade_closed",
    "trade.closed",
    { trade_id: id, strategy_name: strategy, entry_price: 1, exit_price: 1, pnl },
    { timestamp: `${day}T12:00:00.000Z` },
  );

describe("summary", () => {
  it("shows realized, unrealized and their total, closed trades, win rate and open positions", () => {
    const state = fold([
      executed("a", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 100, quantity: 2 }),
      executed("b", "RSI_Oversold", { symbol: "BTC-USDT", action: "SELL", entry_price: 100, quantity: 1 }),
      executed("c", "RSI_Oversold"),
      closed("c", 10),
      closed("d", -4),
      closed("e", 0), // break-even: not a win
      signal("RSI_Oversold", "BUY", 103, 0.7, { symbol: "BTC-USDT" }), // a: +6, b: -3
    ]);
    expect(summarize(state)).toEqual({
      realizedPnl: 6,
      unrealizedPnl: 3,
      totalPnl: 9,
      closedTrades: 3,
      winRate: 1 / 3,
      openPositions: 2,
      maxDrawdown: 4,
      currentDrawdown: 4,
    });
  });

  it("reads a win rate of 0 before the first close", () => {
    expect(summarize(createDeskState()).winRate).toBe(0);
  });
});

describe("per-strategy rows", () => {
  it("list every strategy by name with its ledger figures, the overflow entry last", () => {
    const state = fold(
      [
        closed("1", 5, "Trend_Following"),
        closed("2", -2, "Trend_Following"),
        closed("3", 4, "Trend_Following"),
        closed("4", 3, "MACD_Divergence"),
        closed("5", 1, "Volume_Spike"), // past the cap of 2 strategies
      ],
      { strategies: 2 },
    );
    const rows = strategyRows(state);
    expect(rows.map((r) => r.id)).toEqual(["MACD_Divergence", "Trend_Following", OTHER_STRATEGIES]);
    expect(rows[2]?.name).toBe(OTHER_LABEL);
    expect(rows[1]).toEqual({
      id: "Trend_Following",
      name: "Trend_Following",
      closedTrades: 3,
      winRate: 2 / 3,
      realizedPnl: 7,
      unrealizedPnl: 0,
      totalPnl: 7,
      profitFactor: 4.5,
      maxDrawdown: 2,
      openPositions: 0,
    });
    expect(rows[0]?.profitFactor).toBeNull(); // no loss yet
  });
});

describe("positions", () => {
  it("are listed newest first with their mark and unrealized P&L, moving with the candles", () => {
    const events = [
      executed("a", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 100, quantity: 1 }),
      executed("b", "MACD_Divergence", { symbol: "ETH-USDT", action: "SELL", entry_price: 10, quantity: 3 }),
    ];
    let state = fold(events);
    expect(positionRows(state).rows.map((r) => [r.trade_id, r.mark, r.unrealized_pnl])).toEqual([
      ["b", null, null],
      ["a", null, null],
    ]);
    state = fold([
      ...events,
      candle("BTC-USDT", "1m", "2026-01-19T10:31:00Z", 100, 112, 99, 111),
      candle("ETH-USDT", "1m", "2026-01-19T10:31:00Z", 10, 10, 8, 9),
    ]);
    expect(positionRows(state).rows.map((r) => [r.trade_id, r.mark, r.unrealized_pnl])).toEqual([
      ["b", 9, 3],
      ["a", 111, 11],
    ]);
  });

  it("show at most `cap` rows and say how many are open", () => {
    const state = fold(Array.from({ length: 7 }, (_, i) => executed(`t${i}`)));
    const { rows, open } = positionRows(state, 3);
    expect(open).toBe(7);
    expect(rows.map((r) => r.trade_id)).toEqual(["t6", "t5", "t4"]);
  });

  it("are copies: the fold moving a mark later does not change rows already taken", () => {
    const state = fold([executed("a", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 100, quantity: 1 })]);
    const before = positionRows(state).rows;
    foldEvents(state, [candle("BTC-USDT", "1m", "2026-01-19T10:31:00Z", 100, 120, 90, 120)]);
    expect(before[0]?.mark).toBeNull();
    expect(positionRows(state).rows[0]?.mark).toBe(120);
  });
});

describe("daily P&L and the equity curve", () => {
  it("lists days newest first", () => {
    const state = fold([
      closedOn("2026-01-18", "1", 5),
      closedOn("2026-01-19", "2", -2),
      closedOn("2026-01-19", "3", 1),
    ]);
    expect(dailyRows(state)).toEqual([
      { day: "2026-01-19", pnl: -1, trades: 2, wins: 1 },
      { day: "2026-01-18", pnl: 5, trades: 1, wins: 1 },
    ]);
  });

  it("draws the drawdown below the running peak of the curve", () => {
    const state = fold([closed("1", 10), closed("2", -4), closed("3", -2), closed("4", 8)]);
    expect(equitySeries(state).map((p) => [p.value, p.drawdown])).toEqual([
      [10, 0],
      [6, -4],
      [4, -6],
      [12, 0],
    ]);
    // A curve that starts with losses is under its starting point, 0.
    const losing = fold([closed("5", -3)]);
    expect(equitySeries(losing)[0]?.drawdown).toBe(-3);
  });
});

describe("candles and metrics", () => {
  it("give sorted series keys and copies of one series' bars", () => {
    const state = fold([
      candle("ETH-USDT", "1m", "2026-01-19T10:30:00Z", 10, 11, 9, 10.5),
      candle("BTC-USDT", "1m", "2026-01-19T10:30:00Z", 100, 110, 90, 105),
    ]);
    expect(candleKeys(state)).toEqual(["BTC-USDT.1m", "ETH-USDT.1m"]);
    const bars = candleBars(state, "BTC-USDT.1m");
    expect(bars).toEqual([
      { start_ms: Date.parse("2026-01-19T10:30:00Z"), open: 100, high: 110, low: 90, close: 105, volume: 1 },
    ]);
    foldEvents(state, [candle("BTC-USDT", "1m", "2026-01-19T10:30:00Z", 100, 130, 90, 125)]);
    expect(bars[0]?.close).toBe(105); // the fold updates its bar in place, not our copy
    expect(candleBars(state, "BTC-USDT.1m")[0]?.close).toBe(125);
    expect(candleBars(state, null)).toEqual([]);
  });

  it("rebuilds a strategy's latest metrics event, and names every strategy the state knows", () => {
    const m = metrics("Pairs_Trade", 12, 0.5, 30, { sharpe_ratio: 1.1 });
    const state = fold([m, signal("Mean_Reversion", "BUY", 1, 0.5), closed("x", 1, "Trend_Following")]);
    expect(metricsEvent("Pairs_Trade", state.metrics.Pairs_Trade as never)).toEqual(m as never);
    expect([...strategiesIn(state)].sort()).toEqual(["Mean_Reversion", "Pairs_Trade", "Trend_Following"]);
  });
});
