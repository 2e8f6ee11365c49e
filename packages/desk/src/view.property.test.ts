import { describe, expect, it } from "bun:test";
import { type DeskState, type Filter, type HubEvent, matchAny, matchesFilter } from "@tickerwire/protocol";
import fc from "fast-check";
import { STRATEGY_POOL, streamArb, viewLimitsArb, viewOptionsArb } from "../test/arbitraries.ts";
import { createDeskState, foldEvents, parseDesk, serializeDesk, viewDesk } from "./index.ts";

type Options = { patterns?: string[]; filter?: Filter };
const fold = (events: readonly HubEvent[], limits = {}) => foldEvents(createDeskState({ limits }), events);
const hubDelivers = (o: Options) => (e: HubEvent) =>
  matchesFilter(o.filter, e) && (!o.patterns || matchAny(o.patterns, e.topic));

/**
 * The parts of a view that must agree, with the documented exceptions blanked:
 * - `recent` lists are checked apart (the view folded from S may keep older items: a prefix);
 * - counters are the hub's at S plus what the view was given;
 * - a set of 2+ strategies: the total's peak, drawdowns and streaks, and the curve but its last point;
 * - fed only its own events (`mode: "filtered"`), marks follow the candles and signals the view
 *   gets, and a close naming another strategy than the open does not reach that open's view.
 * Streams here never open one trade id under two strategies: a view of one of them cannot know
 * the other's open (the README's documented exception).
 */
function comparable(v: DeskState, o: Options, full: DeskState, mode: "whole" | "filtered"): unknown {
  const c = structuredClone(v) as Partial<DeskState> & DeskState;
  delete (c as Partial<DeskState>).recent;
  delete (c as Partial<DeskState>).overflow;
  delete (c as Partial<DeskState>).anomalies;
  const strategies = o.filter?.strategies;
  if (strategies) {
    const present = strategies.filter((s) => Object.hasOwn(full.ledger.by_strategy, s));
    if (present.length >= 2) {
      for (const k of ["peak", "max_drawdown", "current_drawdown", "win_streak", "loss_streak"] as const) {
        c.ledger.total[k] = 0;
      }
    }
    c.equity = c.equity.slice(-1);
    c.equity_sampling = { stride: 1, skipped: 0 };
  }
  if (mode === "filtered") {
    c.seq = 0;
    delete (c as Partial<DeskState>).counts;
    c.marks = {};
    for (const p of c.positions) {
      p.mark = null;
      p.unrealized_pnl = null;
    }
    const entries = [c.ledger.total, ...Object.values(c.ledger.by_strategy)];
    for (const e of entries) e.unrealized_pnl = 0;
    if (strategies && full.anomalies.strategy_mismatch > 0) {
      c.positions = [];
      for (const e of entries) e.open_positions = 0;
    }
  }
  return c;
}

function expectRecentPrefix(expected: DeskState, actual: DeskState): void {
  for (const k of ["signal", "trade", "alert"] as const) {
    expect(actual.recent[k].slice(0, expected.recent[k].length)).toEqual(expected.recent[k]);
  }
}

describe("a view folded forward equals the view of the state folded forward", () => {
  it("fed the whole tail (the view's fold takes only what its scope admits)", () => {
    fc.assert(
      fc.property(
        streamArb(true, 150, "per-strategy"),
        fc.nat(),
        viewOptionsArb,
        viewLimitsArb,
        (events, cut, o, limits) => {
          const s = cut % (events.length + 1);
          const full = fold(events, limits);
          const expected = viewDesk(full, o);
          const snap = parseDesk(serializeDesk(viewDesk(fold(events.slice(0, s), limits), o)));
          const actual = foldEvents(snap, events.slice(s));
          expect(comparable(actual, o, full, "whole")).toEqual(comparable(expected, o, full, "whole"));
          expectRecentPrefix(expected, actual);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("fed only the tail the hub delivers to that client", () => {
    fc.assert(
      fc.property(
        streamArb(true, 150, "per-strategy"),
        fc.nat(),
        viewOptionsArb,
        viewLimitsArb,
        (events, cut, o, limits) => {
          const s = cut % (events.length + 1);
          const full = fold(events, limits);
          const expected = viewDesk(full, o);
          const snap = parseDesk(serializeDesk(viewDesk(fold(events.slice(0, s), limits), o)));
          const actual = foldEvents(snap, events.slice(s).filter(hubDelivers(o)));
          expect(comparable(actual, o, full, "filtered")).toEqual(comparable(expected, o, full, "filtered"));
          expectRecentPrefix(expected, actual);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("with no selection is the full state without its per-strategy series, exactly", () => {
    fc.assert(
      fc.property(streamArb(false, 150), fc.nat(), (events, cut) => {
        const s = cut % (events.length + 1);
        const full = fold(events);
        const { by_strategy_series: _, ...expected } = full;
        const actual = foldEvents(viewDesk(fold(events.slice(0, s))), events.slice(s));
        expect(actual).toEqual(expected);
        expect(viewDesk(full, { patterns: [">"], filter: {} })).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("a view's total of several strategies sums theirs, and its curve ends on that sum", () => {
    fc.assert(
      fc.property(
        streamArb(true, 150),
        fc.uniqueArray(fc.constantFrom<string>(...STRATEGY_POOL), { minLength: 1 }),
        (events, strategies) => {
          const full = fold(events);
          const v = viewDesk(full, { filter: { strategies } });
          const rows = Object.entries(full.ledger.by_strategy).filter(([k]) => strategies.includes(k));
          const sum = (f: (e: DeskState["ledger"]["total"]) => number) => rows.reduce((a, [, e]) => a + f(e), 0);
          expect(v.ledger.total.closed_trades).toBe(sum((e) => e.closed_trades));
          expect(v.ledger.total.wins).toBe(sum((e) => e.wins));
          expect(v.ledger.total.realized_pnl).toBe(sum((e) => e.realized_pnl));
          expect(v.ledger.total.unrealized_pnl).toBe(sum((e) => e.unrealized_pnl));
          expect(v.ledger.total.open_positions).toBe(sum((e) => e.open_positions));
          expect(v.equity.at(-1)?.[2] ?? 0).toBe(v.ledger.total.realized_pnl);
          expect(v.equity.length).toBeLessThanOrEqual(v.limits.equity_points);
          expect(v.by_strategy_series).toBeUndefined();
          expect(v.ledger.total.current_drawdown).toBe(v.ledger.total.peak - v.ledger.total.realized_pnl);
        },
      ),
      { numRuns: 200 },
    );
  });
});
