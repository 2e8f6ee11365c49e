import { describe, expect, it } from "bun:test";
import { OTHER_STRATEGIES } from "@tickerwire/protocol";
import { EventMaker } from "../test/events.ts";
import { applyEvent, createDeskState, foldEvents, parseDesk, serializeDesk, viewDesk } from "./index.ts";

function desk() {
  const m = new EventMaker();
  const state = foldEvents(createDeskState(), [
    m.trade("a1", "A", { symbol: "X" }),
    m.trade("b1", "B", { symbol: "X" }),
    m.candle("X", 110),
    m.closed("a0", "A", 10),
    m.closed("b0", "B", -4),
    m.signal("A", 100, { confidence: 0.9 }),
    m.signal("B", 100, { confidence: 0.2 }),
    m.metrics("A"),
    m.metrics("B"),
    m.alert("system wide"),
    m.alert("A promoted", { strategy: "A", kind: "promoted" }),
    m.alert("B promoted", { strategy: "B", kind: "promoted" }),
  ]);
  return { m, state };
}

describe("viewDesk", () => {
  it("strategies: keeps their rows, events and strategy-less alerts; the total is their sum", () => {
    const { state } = desk();
    const v = viewDesk(state, { filter: { strategies: ["A"] } });
    expect(Object.keys(v.ledger.by_strategy)).toEqual(["A"]);
    expect(v.ledger.total).toEqual(state.ledger.by_strategy.A!);
    expect(v.positions.map((p) => p.trade_id)).toEqual(["a1"]);
    expect(Object.keys(v.metrics)).toEqual(["A"]);
    expect(v.recent.signal.map((e) => e.data.strategy_name)).toEqual(["A"]);
    expect(v.recent.alert.map((e) => e.data.message)).toEqual(["A promoted", "system wide"]);
    expect(v.recent.trade.every((e) => e.data.strategy_name === "A")).toBe(true);
    expect(v.by_strategy_series).toBeUndefined();
    expect(v.scope).toEqual({ filter: { strategies: ["A"] } });
  });

  it("types: without trade_closed no ledger, equity or daily; without trade no positions", () => {
    const { state } = desk();
    const noClosed = viewDesk(state, { filter: { types: ["signal", "trade"] } });
    expect(noClosed.ledger.by_strategy).toEqual({});
    expect(noClosed.ledger.total.closed_trades).toBe(0);
    expect([noClosed.equity, noClosed.daily, noClosed.positions]).toEqual([[], [], []]);
    const closesOnly = viewDesk(state, { filter: { types: ["trade_closed"] } });
    expect(closesOnly.ledger.total).toMatchObject({ closed_trades: 2, open_positions: 0, unrealized_pnl: 0 });
    expect(closesOnly.positions).toEqual([]);
    expect(closesOnly.marks).toEqual({});
    expect(closesOnly.candles).toEqual({});
  });

  it("min_confidence narrows the recent signals", () => {
    const { state } = desk();
    const v = viewDesk(state, { filter: { min_confidence: 0.5 } });
    expect(v.recent.signal.map((e) => e.data.confidence)).toEqual([0.9]);
    expect(v.ledger.total).toEqual(state.ledger.total);
  });

  it("patterns: a part stays when its topics match", () => {
    const { state } = desk();
    const v = viewDesk(state, { patterns: ["trade.executed", "market.>", "strategy.B.metrics", "system.alert"] });
    expect(v.positions).toEqual([]); // needs trade.closed too
    expect(v.ledger.total.closed_trades).toBe(0);
    expect(Object.keys(v.candles)).toEqual(["X.1m"]);
    expect(Object.keys(v.metrics)).toEqual(["B"]);
    expect(v.recent.alert.map((e) => e.data.message)).toEqual(["system wide"]);
    expect(v.recent.trade.map((e) => e.type)).toEqual(["trade", "trade"]);
    const trades = viewDesk(state, { patterns: ["trade.>"] });
    expect(trades.positions).toHaveLength(2);
    expect(trades.ledger.total).toEqual(state.ledger.total);
  });

  it("is a new object: folding into the view leaves the state alone, and the view round-trips", () => {
    const { m, state } = desk();
    const before = serializeDesk(state);
    const v = viewDesk(state, { filter: { strategies: ["A", "B"] } });
    expect(parseDesk(serializeDesk(v))).toEqual(v);
    applyEvent(v, m.candle("X", 50));
    applyEvent(v, m.closed("a1", "A", 1));
    expect(serializeDesk(state)).toBe(before);
    expect(v.ledger.total).toMatchObject({ closed_trades: 3, realized_pnl: 7, open_positions: 1 });
  });

  it("a view's fold ignores what its scope does not admit", () => {
    const { m, state } = desk();
    const v = viewDesk(state, { filter: { strategies: ["A"] } });
    foldEvents(v, [m.closed("b1", "B", 100), m.signal("B", 1), m.trade("b2", "B")]);
    expect(v.ledger.total.realized_pnl).toBe(10);
    expect(v.recent.signal).toHaveLength(1);
    expect(v.positions.map((p) => p.trade_id)).toEqual(["a1"]);
    expect(v.seq).toBe(m.seq);
  });

  it("without a strategy filter keeps ~other and the exact total", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState({ limits: { strategies: 1 } }), [
      m.closed("a", "A", 1),
      m.closed("b", "B", 2),
    ]);
    const v = viewDesk(s, { filter: { types: ["trade_closed"] } });
    expect(Object.keys(v.ledger.by_strategy)).toEqual(["A", OTHER_STRATEGIES]);
    expect(v.ledger.total).toEqual(s.ledger.total);
  });

  it("refuses a view of a view and invalid patterns", () => {
    const { state } = desk();
    const v = viewDesk(state, { filter: { strategies: ["A"] } });
    expect(() => viewDesk(v)).toThrow("already a view");
    expect(() => viewDesk(state, { patterns: ["a..b"] })).toThrow("invalid topic pattern");
  });
});

describe("viewDesk with no patterns", () => {
  it("keeps no part, and is still a valid state", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.trade("a", "A"), m.closed("a", "A", 1), m.candle("X", 1)]);
    const v = viewDesk(s, { patterns: [] });
    expect([v.positions, v.equity, v.recent.trade, Object.keys(v.candles)]).toEqual([[], [], [], []]);
    expect(parseDesk(serializeDesk(v))).toEqual(v);
  });
});
