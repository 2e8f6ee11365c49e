import { describe, expect, it } from "bun:test";
import { EventMaker } from "../test/events.ts";
import { createDeskState, foldEvents } from "./index.ts";

describe("ledger", () => {
  it("sums closes per strategy and in total, with wins, losses, gross and profit factor", () => {
    const m = new EventMaker();
    const s = foldEvents(createDeskState(), [
      m.closed("a", "A", 10),
      m.closed("b", "A", -4),
      m.closed("c", "B", 6),
      m.closed("d", "B", 0),
    ]);
    const t = s.ledger.total;
    expect(t).toMatchObject({ closed_trades: 4, wins: 2, losses: 1, realized_pnl: 12, gross_profit: 16 });
    expect(t).toMatchObject({ gross_loss: 4, profit_factor: 4, largest_win: 10, largest_loss: -4, last_seq: 4 });
    expect(s.ledger.by_strategy.A).toMatchObject({ closed_trades: 2, realized_pnl: 6, profit_factor: 2.5 });
    expect(s.ledger.by_strategy.B).toMatchObject({ closed_trades: 2, wins: 1, losses: 0, profit_factor: null });
  });

  it("tracks the realized peak and drawdowns, and the current streaks", () => {
    const m = new EventMaker();
    const s = foldEvents(
      createDeskState(),
      [5, 5, -3, -4, 2].map((p, i) => m.closed(`t${i}`, "A", p)),
    );
    expect(s.ledger.total).toMatchObject({
      peak: 10,
      max_drawdown: 7,
      current_drawdown: 5,
      win_streak: 1,
      loss_streak: 0,
    });
  });
});
