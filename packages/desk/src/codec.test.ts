import { describe, expect, it } from "bun:test";
import { DeskState, SnapshotMessage } from "@tickerwire/protocol";
import { EventMaker } from "../test/events.ts";
import { createDeskState, DeskStateError, foldEvents, parseDesk, serializeDesk } from "./index.ts";

function sample() {
  const m = new EventMaker();
  return foldEvents(createDeskState(), [
    m.trade("a", "A", { symbol: "X" }),
    m.trade("b", "B", { action: "SELL", symbol: "X" }),
    m.candle("X", 99),
    m.closed("z", "A", 2.5),
    m.signal("A", 100, { symbol: "Y" }),
    m.metrics("A"),
    m.alert("hi"),
  ]);
}

const errorOf = (f: () => unknown): DeskStateError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DeskStateError) return e;
    throw e;
  }
  throw new Error("did not throw");
};

describe("serializeDesk / parseDesk", () => {
  it("round-trips a state, and the state fits the protocol's schema and snapshot message", () => {
    const s = sample();
    expect(parseDesk(serializeDesk(s))).toEqual(s);
    expect(DeskState.safeParse(s).success).toBe(true);
    const msg = { type: "snapshot", epoch: "k3f9", seq: s.seq, timestamp: "2026-01-19T10:00:00.000Z", state: s };
    expect(SnapshotMessage.parse(JSON.parse(JSON.stringify(msg)))).toEqual(msg as SnapshotMessage);
  });

  it("refuses what is not JSON, naming the reason", () => {
    const e = errorOf(() => parseDesk("{nope"));
    expect(e.message).toStartWith("not a desk state: invalid JSON");
  });

  it("refuses a wrong shape, naming the field", () => {
    const bad = JSON.parse(serializeDesk(sample()));
    bad.ledger.total.realized_pnl = "12";
    bad.version = 99;
    const e = errorOf(() => parseDesk(JSON.stringify(bad)));
    expect(e.issues.some((i) => i.startsWith("ledger.total.realized_pnl:"))).toBe(true);
    expect(e.issues.some((i) => i.startsWith("version:"))).toBe(true);
  });

  it("refuses a number that is not finite (JSON writes it as null)", () => {
    const s = sample();
    s.ledger.total.unrealized_pnl = Number.POSITIVE_INFINITY;
    expect(errorOf(() => parseDesk(serializeDesk(s))).issues[0]).toStartWith("ledger.total.unrealized_pnl:");
  });

  it("refuses positions out of seq order, a trade id open twice, and parts over their limits", () => {
    const bad = JSON.parse(serializeDesk(sample()));
    bad.positions.reverse();
    bad.positions[1].trade_id = bad.positions[0].trade_id;
    bad.limits.recent = 1;
    const e = errorOf(() => parseDesk(JSON.stringify(bad)));
    expect(e.message).toStartWith("inconsistent desk state");
    expect(e.issues).toContain("positions.1.seq: must be greater than the previous position's");
    expect(e.issues).toContain("positions.1.trade_id: b is open twice");
    expect(e.issues).toContain("recent.trade: 3 entries, over the limit of 1");
  });

  it("refuses a strategy series without its ledger entry", () => {
    const bad = JSON.parse(serializeDesk(sample()));
    bad.by_strategy_series.Q = { equity: [], equity_sampling: { stride: 1, skipped: 0 }, daily: [] };
    expect(errorOf(() => parseDesk(JSON.stringify(bad))).issues).toContain("by_strategy_series.Q: no ledger entry");
  });
});

describe("createDeskState", () => {
  it("validates its limits", () => {
    expect(() => createDeskState({ limits: { positions: 0 } })).toThrow();
    expect(createDeskState({ limits: { positions: 5 } }).limits.positions).toBe(5);
  });
});
