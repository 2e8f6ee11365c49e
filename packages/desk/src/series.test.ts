import { describe, expect, it } from "bun:test";
import { EventMaker, T0 } from "../test/events.ts";
import { createDeskState, foldEvents } from "./index.ts";

const DAY = 86_400_000;

describe("daily P&L", () => {
  it("rolls over at UTC midnight of the event timestamp", () => {
    const m = new EventMaker(Date.parse("2026-01-19T23:59:59.999Z"));
    const s = foldEvents(createDeskState(), [
      m.closed("a", "A", 5),
      m.closed("b", "A", -2),
      m.at(Date.parse("2026-01-20T00:00:00.000Z")).closed("c", "B", 4),
    ]);
    expect(s.daily).toEqual([
      { day: "2026-01-19", pnl: 3, trades: 2, wins: 1 },
      { day: "2026-01-20", pnl: 4, trades: 1, wins: 1 },
    ]);
    expect(s.by_strategy_series?.B?.daily).toEqual([{ day: "2026-01-20", pnl: 4, trades: 1, wins: 1 }]);
  });

  it("keeps the last `days` calendar days; a close dated earlier is dropped and counted, a late one inside is placed", () => {
    const m = new EventMaker(T0);
    const s = foldEvents(createDeskState({ limits: { days: 3 } }), [
      m.closed("a", "A", 1),
      m.at(T0 + 2 * DAY).closed("b", "A", 2),
      m.at(T0 + 3 * DAY).closed("c", "A", 3),
      m.at(T0).closed("d", "A", 10),
      m.at(T0 + DAY).closed("e", "A", 20),
    ]);
    expect(s.daily.map((d) => [d.day, d.pnl])).toEqual([
      ["2026-01-20", 20],
      ["2026-01-21", 2],
      ["2026-01-22", 3],
    ]);
    expect(s.anomalies.late_close).toBe(1);
    expect(s.ledger.total.realized_pnl).toBe(36);
  });
});

describe("candles", () => {
  it("a bar with a known start replaces it; newer bars append; the window keeps the newest", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState({ limits: { bars: 3 } }), [
      m.candle("X", 10, { start: T0 }),
      m.candle("X", 11, { start: T0 }),
      m.candle("X", 12, { start: T0 + 60_000 }),
      m.candle("X", 13, { start: T0 + 120_000 }),
      m.candle("X", 14, { start: T0 + 180_000 }),
      m.candle("X", 15, { start: T0 + 60_000 }),
      m.candle("X", 16, { start: T0 - 60_000 }),
    ]);
    expect(s.candles["X.1m"]?.map((b) => [b.start_ms - T0, b.close])).toEqual([
      [60_000, 15],
      [120_000, 13],
      [180_000, 14],
    ]);
    expect(s.marks.X?.price).toBe(16);
  });

  it("an older bar inside the window is inserted in order", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.candle("X", 10, { start: T0 }),
      m.candle("X", 12, { start: T0 + 120_000 }),
      m.candle("X", 11, { start: T0 + 60_000 }),
    ]);
    expect(s.candles["X.1m"]?.map((b) => b.close)).toEqual([10, 11, 12]);
  });
});

describe("metrics", () => {
  it("keep the latest event per strategy with its seq and timestamp", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [m.metrics("A", 1), m.metrics("B", 2), m.metrics("A", 3)]);
    expect(s.metrics.A).toMatchObject({ total_profit_loss: 3, seq: 3, timestamp: new Date(T0).toISOString() });
    expect(Object.keys(s.metrics)).toEqual(["A", "B"]);
  });
});
