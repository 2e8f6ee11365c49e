import { describe, expect, it } from "bun:test";
import { EventMaker } from "../test/events.ts";
import { createDeskState, foldEvents } from "./index.ts";

describe("unrealized P&L by side", () => {
  it("long gains when the mark rises, short when it falls; books sum their positions", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.trade("L", "A", { action: "BUY", price: 100, quantity: 2, symbol: "X" }),
      m.trade("S", "B", { action: "SELL", price: 100, quantity: 3, symbol: "X" }),
      m.candle("X", 110),
    ]);
    expect(s.positions.map((p) => [p.trade_id, p.mark, p.unrealized_pnl])).toEqual([
      ["L", 110, 20],
      ["S", 110, -30],
    ]);
    expect(s.ledger.by_strategy.A?.unrealized_pnl).toBe(20);
    expect(s.ledger.by_strategy.B?.unrealized_pnl).toBe(-30);
    expect(s.ledger.total).toMatchObject({ unrealized_pnl: -10, open_positions: 2, realized_pnl: 0 });
  });

  it("a close takes the position's unrealized out of its book (exactly 0 when none is left)", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.trade("L", "A", { price: 0.1, quantity: 3, symbol: "X" }),
      m.candle("X", 0.3),
      m.closed("L", "A", 0.6),
    ]);
    expect(s.positions).toEqual([]);
    expect(s.ledger.total).toMatchObject({ unrealized_pnl: 0, open_positions: 0, realized_pnl: 0.6 });
    expect(Object.is(s.ledger.by_strategy.A?.unrealized_pnl, 0)).toBe(true);
  });

  it("a candle revalues only its symbol's positions", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.trade("x", "A", { price: 100, symbol: "X" }),
      m.trade("y", "A", { price: 100, symbol: "Y" }),
      m.trade("n", "A", { price: 100 }),
      m.candle("Y", 90),
    ]);
    expect(s.positions.map((p) => p.unrealized_pnl)).toEqual([null, -10, null]);
    expect(s.ledger.total.unrealized_pnl).toBe(-10);
  });
});

describe("marks", () => {
  it("come from the latest signal price until a candle is seen, then only from candles", () => {
    const m = new EventMaker();
    const s = createDeskState();
    foldEvents(s, [m.trade("t", "A", { price: 100, symbol: "X" }), m.signal("A", 104, { symbol: "X" })]);
    expect(s.marks.X).toEqual({ price: 104, source: "signal", seq: 2 });
    expect(s.positions[0]?.unrealized_pnl).toBe(4);
    foldEvents(s, [m.candle("X", 101), m.signal("B", 150, { symbol: "X" })]);
    expect(s.marks.X).toEqual({ price: 101, source: "candle", seq: 3 });
    expect(s.positions[0]).toMatchObject({ mark: 101, unrealized_pnl: 1 });
  });

  it("a position opened after a mark takes it at once; one without a symbol has none", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.candle("X", 95, { interval: "5m" }),
      m.trade("t", "A", { action: "SELL", price: 100, quantity: 2, symbol: "X" }),
      m.trade("u", "A", { price: 100 }),
    ]);
    expect(s.positions.map((p) => [p.mark, p.unrealized_pnl])).toEqual([
      [95, 10],
      [null, null],
    ]);
  });

  it("a signal without a symbol marks nothing", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.signal("A", 100)]);
    expect(s.marks).toEqual({});
    expect(s.recent.signal).toHaveLength(1);
  });
});
