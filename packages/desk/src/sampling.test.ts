import { describe, expect, it, setDefaultTimeout } from "bun:test";
import type { EquityPoint, HubEvent, Sampling } from "@tickerwire/protocol";
import { EventMaker } from "../test/events.ts";
import { createDeskState, foldEvents } from "./index.ts";
import { addPoint } from "./sampling.ts";

setDefaultTimeout(120_000);

describe("equity curve", () => {
  it("stays within 2,000 points over 1,000,000 closes and ends on the exact realized P&L", () => {
    const state = createDeskState();
    const m = new EventMaker();
    let realized = 0;
    let longest = 0;
    function* closes(n: number): Generator<HubEvent> {
      for (let i = 0; i < n; i++) {
        const pnl = ((i * 7919) % 2001) / 8 - 125;
        realized += pnl;
        m.at(m.t + 1000);
        yield m.closed(`t${i}`, `S${i % 7}`, pnl);
      }
    }
    for (let chunk = 0; chunk < 100; chunk++) {
      foldEvents(state, closes(10_000));
      longest = Math.max(longest, state.equity.length);
      const last = state.equity.at(-1) as EquityPoint;
      expect(last).toEqual([m.seq, m.t, realized]);
    }
    expect(longest).toBeLessThanOrEqual(2_000);
    expect(state.equity.length).toBeGreaterThanOrEqual(1_000);
    expect(state.ledger.total.realized_pnl).toBe(realized);
    for (let i = 1; i < state.equity.length; i++) {
      expect((state.equity[i] as EquityPoint)[0]).toBeGreaterThan((state.equity[i - 1] as EquityPoint)[0]);
    }
    for (const series of Object.values(state.by_strategy_series ?? {})) {
      expect(series.equity.length).toBeLessThanOrEqual(200);
    }
  });

  it("keeps one point per stride closes and moves the last point until the stride is full", () => {
    const points: EquityPoint[] = [];
    const s: Sampling = { stride: 1, skipped: 0 };
    for (let i = 1; i <= 9; i++) addPoint(points, s, 4, i, i, i * 10);
    // 1..4 kept; 5 overflows: odd positions and the last stay ([2,4,5]), stride 2. 6 is pushed as
    // provisional, 7 replaces it and completes the stride; 8 overflows again: [4,7,8], stride 4;
    // 9 replaces the provisional 8.
    expect(points).toEqual([
      [4, 4, 40],
      [7, 7, 70],
      [9, 9, 90],
    ]);
    expect(s).toEqual({ stride: 4, skipped: 2 });
  });
});
