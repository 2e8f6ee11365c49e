import { describe, expect, it } from "bun:test";
import { addClosed, EMPTY_TALLY, summarize } from "./summary.ts";

describe("P&L summary math", () => {
  it("counts wins as trades closed with P&L above zero", () => {
    const t = [10, -5, 0, 2.5].reduce(addClosed, EMPTY_TALLY);
    expect(t).toEqual({ closed: 4, wins: 2, pnl: 7.5 });
  });
  it("derives the win rate from wins over closed trades", () => {
    const s = summarize({ closed: 3, wins: 2, pnl: 1 }, 4);
    expect(s.winRate).toBeCloseTo(2 / 3, 10);
    expect(s.totalTrades).toBe(3);
    expect(s.activePositions).toBe(4);
  });
  it("has a zero win rate before the first closed trade", () => {
    expect(summarize(EMPTY_TALLY, 0).winRate).toBe(0);
  });
});
