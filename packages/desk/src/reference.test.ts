import { describe, expect, it, setDefaultTimeout } from "bun:test";
import type { DeskState, HubEvent } from "@tickerwire/protocol";
import fc from "fast-check";
import { streamArb } from "../test/arbitraries.ts";
import { randomStream } from "../test/random-stream.ts";
import { referenceEntry, referenceLedger, referencePositions } from "../test/reference.ts";
import { createDeskState, foldEvents } from "./index.ts";

setDefaultTimeout(120_000);

function agree(state: DeskState, events: readonly HubEvent[]): void {
  const ref = referenceLedger(events);
  const { open_positions: _o, unrealized_pnl: _u, ...total } = state.ledger.total;
  expect(total).toEqual(ref.total);
  const { positions, openers } = referencePositions(events);
  expect(new Set(Object.keys(state.ledger.by_strategy))).toEqual(new Set([...ref.byStrategy.keys(), ...openers]));
  for (const [name, entry] of Object.entries(state.ledger.by_strategy)) {
    const { open_positions: _op, unrealized_pnl: _up, ...closed } = entry;
    expect(closed).toEqual(ref.byStrategy.get(name) ?? referenceEntry([], 0));
  }
  expect(
    state.positions.map(({ trade_id, strategy_name, seq, mark }) => ({ trade_id, strategy_name, seq, mark })),
  ).toEqual(positions.map(({ trade_id, strategy_name, seq, mark }) => ({ trade_id, strategy_name, seq, mark })));
  const sumU = positions.reduce((a, p) => a + (p.unrealized_pnl ?? 0), 0);
  expect(state.ledger.total.open_positions).toBe(positions.length);
  expect(Math.abs(state.ledger.total.unrealized_pnl - sumU)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(sumU)));
  state.positions.forEach((p, i) => {
    const u = positions[i]?.unrealized_pnl ?? null;
    if (u === null) expect(p.unrealized_pnl).toBeNull();
    else expect(p.unrealized_pnl).toBeCloseTo(u, 6);
  });
}

describe("the fold agrees with a plain computation from the event list", () => {
  it("on random streams (odd closes, duplicates, several strategies and symbols)", () => {
    fc.assert(
      fc.property(streamArb(false, 200), (events) => {
        agree(foldEvents(createDeskState(), events), events);
      }),
      { numRuns: 300 },
    );
  });

  it("on 300,000-event streams", () => {
    for (const seed of [1, 2]) {
      const events = [...randomStream(300_000, seed, { strategies: 20, symbols: 8, open: 200 })];
      const state = foldEvents(createDeskState(), events);
      expect(state.counts.events).toBe(300_000);
      expect(state.ledger.total.closed_trades).toBeGreaterThan(50_000);
      agree(state, events);
    }
  });
});
