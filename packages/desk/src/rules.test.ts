import { describe, expect, it } from "bun:test";
import { OTHER_STRATEGIES } from "@tickerwire/protocol";
import { EventMaker } from "../test/events.ts";
import { createDeskState, foldEvents, parseDesk, serializeDesk } from "./index.ts";

describe("odd input", () => {
  it("a close of an unknown trade id counts in the ledger and never becomes a position", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.closed("ghost", "A", -5)]);
    expect(s.ledger.total).toMatchObject({ closed_trades: 1, losses: 1, realized_pnl: -5, open_positions: 0 });
    expect(s.positions).toEqual([]);
    expect(s.anomalies.unknown_close).toBe(1);
  });

  it("a second open of an open trade id is ignored (the first stays) and counted", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.trade("t", "A", { price: 100 }), m.trade("t", "B", { price: 200 })]);
    expect(s.positions).toHaveLength(1);
    expect(s.positions[0]).toMatchObject({ strategy_name: "A", entry_price: 100, seq: 1 });
    expect(s.ledger.total.open_positions).toBe(1);
    expect(s.ledger.by_strategy.B).toBeUndefined();
    expect(s.anomalies.duplicate_open).toBe(1);
  });

  it("a trade id may open again once closed", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.trade("t", "A"), m.closed("t", "A", 1), m.trade("t", "A")]);
    expect(s.positions.map((p) => p.seq)).toEqual([3]);
    expect(s.anomalies.duplicate_open).toBe(0);
  });

  it("a close naming another strategy closes the position and counts under the strategy it names", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.trade("t", "A", { price: 100, symbol: "X" }),
      m.candle("X", 90),
      m.closed("t", "B", 7),
    ]);
    expect(s.positions).toEqual([]);
    expect(s.ledger.by_strategy.A).toMatchObject({ closed_trades: 0, open_positions: 0, unrealized_pnl: 0 });
    expect(s.ledger.by_strategy.B).toMatchObject({ closed_trades: 1, realized_pnl: 7 });
    expect(s.anomalies.strategy_mismatch).toBe(1);
  });

  it("a pnl of -0 leaves no -0 anywhere", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.closed("t", "A", -0)]);
    const zeros = [s.ledger.total.realized_pnl, s.ledger.total.current_drawdown, s.daily[0]?.pnl, s.equity[0]?.[2]];
    for (const z of zeros) expect(Object.is(z, 0)).toBe(true);
    expect(s.ledger.total).toMatchObject({ closed_trades: 1, wins: 0, losses: 0, win_streak: 0, loss_streak: 0 });
  });

  it("profit factor is null without a loss, 0 with only losses", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.closed("a", "A", 3), m.closed("b", "B", -2)]);
    expect(s.ledger.by_strategy.A?.profit_factor).toBeNull();
    expect(s.ledger.by_strategy.B?.profit_factor).toBe(0);
    expect(s.ledger.total.profit_factor).toBe(1.5);
  });

  it("names that are Object.prototype members are ordinary strategies; __proto__ goes to ~other", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.closed("a", "constructor", 1),
      m.metrics("toString"),
      m.closed("b", "__proto__", 2),
      m.candle("__proto__", 5),
    ]);
    expect(Object.keys(s.ledger.by_strategy).sort()).toEqual(["constructor", OTHER_STRATEGIES]);
    expect(s.ledger.by_strategy[OTHER_STRATEGIES]?.realized_pnl).toBe(2);
    expect(Object.keys(s.metrics)).toEqual(["toString"]);
    expect(s.overflow).toMatchObject({ strategies: 1, symbols: 1 });
    expect(parseDesk(serializeDesk(s))).toEqual(s);
  });
});

describe("caps", () => {
  it("strategies beyond the cap count in the total and under ~other", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState({ limits: { strategies: 2 } }), [
      m.closed("a", "A", 1),
      m.closed("b", "B", 2),
      m.closed("c", "C", 4),
      m.trade("d", "D"),
      m.metrics("A"),
      m.metrics("B"),
      m.metrics("C"),
    ]);
    expect(Object.keys(s.ledger.by_strategy)).toEqual(["A", "B", OTHER_STRATEGIES]);
    expect(s.ledger.by_strategy[OTHER_STRATEGIES]).toMatchObject({
      closed_trades: 1,
      realized_pnl: 4,
      open_positions: 1,
    });
    expect(s.ledger.total).toMatchObject({ closed_trades: 3, realized_pnl: 7, open_positions: 1 });
    expect(s.overflow).toMatchObject({ strategies: 2, metrics: 1 });
    expect(Object.keys(s.metrics)).toEqual(["A", "B"]);
    // the open position of D still closes out of ~other
    foldEvents(s, [m.closed("d", "D", 1)]);
    expect(s.ledger.by_strategy[OTHER_STRATEGIES]).toMatchObject({ closed_trades: 2, open_positions: 0 });
  });

  it("opens beyond the position cap are not tracked; their closes still count", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState({ limits: { positions: 1 } }), [
      m.trade("a", "A"),
      m.trade("b", "A"),
      m.closed("b", "A", 3),
    ]);
    expect(s.positions.map((p) => p.trade_id)).toEqual(["a"]);
    expect(s.overflow.positions).toBe(1);
    expect(s.anomalies.unknown_close).toBe(1);
    expect(s.ledger.total).toMatchObject({ closed_trades: 1, realized_pnl: 3, open_positions: 1 });
  });

  it("symbols and candle series beyond their caps are not kept", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState({ limits: { symbols: 1, series: 1 } }), [
      m.candle("X", 1),
      m.candle("Y", 2),
      m.signal("A", 3, { symbol: "Z" }),
      m.candle("X", 1, { interval: "5m" }),
    ]);
    expect(Object.keys(s.marks)).toEqual(["X"]);
    expect(Object.keys(s.candles)).toEqual(["X.1m"]);
    expect(s.overflow).toMatchObject({ symbols: 2, series: 2 });
  });

  it("recent lists keep the newest, newest first; trades and closes share one list", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState({ limits: { recent: 2 } }), [
      m.trade("a", "A"),
      m.closed("a", "A", 1),
      m.trade("b", "A"),
      m.alert("one"),
      m.alert("two", { strategy: "A", kind: "promoted" }),
      m.alert("three"),
    ]);
    expect(s.recent.trade.map((e) => [e.type, e.seq])).toEqual([
      ["trade", 3],
      ["trade_closed", 2],
    ]);
    expect(s.recent.alert.map((e) => e.data.message)).toEqual(["three", "two"]);
  });
});
