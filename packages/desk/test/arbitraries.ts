/**
 * fast-check generators for the desk's property tests: random event streams mixing trade pairs,
 * closes of unknown or already closed trades, duplicate opens, closes naming another strategy,
 * signals and candles (marks), metrics, alerts, over several strategies, symbols and days (with
 * the odd clock going back), plus random limits and view selections.
 */
import type { DeskLimits, EventType, Filter, HubEvent } from "@tickerwire/protocol";
import { EVENT_TYPES } from "@tickerwire/protocol";
import fc from "fast-check";
import { EventMaker, T0 } from "./events.ts";

export const STRATEGY_POOL = ["A", "B", "C", "D"] as const;
const SYMBOLS = ["X", "Y", "Z"] as const;
const HOUR = 3_600_000;

type Step =
  | { k: "open"; id: number; s: number; buy: boolean; price: number; qty: number; sym: number }
  | { k: "close"; id: number; s: number; pnl: number; other: boolean }
  | { k: "signal"; s: number; price: number; sym: number; conf: number }
  | { k: "candle"; sym: number; iv: number; close: number; bar: number }
  | { k: "metrics"; s: number; pnl: number }
  | { k: "alert"; s: number; kind: number }
  | { k: "time"; hours: number };

/**
 * Amounts: `dyadic` ones (multiples of 1/4) add up exactly in any order, which the view
 * properties need (a view's total is a sum taken in another order); otherwise any double.
 */
function amounts(dyadic: boolean) {
  const price = dyadic
    ? fc.integer({ min: 1, max: 40_000 }).map((n) => n / 4)
    : fc.double({ min: 0.001, max: 1e6, noNaN: true });
  const pnl = dyadic
    ? fc.integer({ min: -4_000, max: 4_000 }).map((n) => n / 4 + 0)
    : fc.oneof(
        fc.constant(0),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x + 0),
      );
  return { price, pnl };
}

function stepArb(dyadic: boolean): fc.Arbitrary<Step> {
  const { price, pnl } = amounts(dyadic);
  const s = fc.nat(STRATEGY_POOL.length - 1);
  const sym = fc.integer({ min: -1, max: SYMBOLS.length - 1 });
  const id = fc.nat(11);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        k: fc.constant("open" as const),
        id,
        s,
        buy: fc.boolean(),
        price,
        qty: fc.integer({ min: 1, max: 5 }),
        sym,
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({ k: fc.constant("close" as const), id, s, pnl, other: fc.nat(9).map((n) => n === 0) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant("signal" as const),
        s,
        price,
        sym,
        conf: fc.integer({ min: 0, max: 10 }).map((n) => n / 10),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant("candle" as const),
        sym: fc.nat(SYMBOLS.length - 1),
        iv: fc.nat(1),
        close: price,
        bar: fc.nat(6),
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("metrics" as const), s, pnl }) },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant("alert" as const), s: fc.integer({ min: -1, max: 3 }), kind: fc.nat(2) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant("time" as const),
        hours: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -2_400, max: 2_400 })),
      }),
    },
  );
}

/**
 * Trade ids: `shared` draws them from one pool, so two strategies may open the same id;
 * `per-strategy` prefixes them with the opening strategy (as execution systems do), and a close
 * names another strategy than its open only when a step says so (`other`).
 */
export type TradeIds = "shared" | "per-strategy";

/** Turns steps into a valid event stream (seq 1, 2, ...). */
export function toEvents(steps: readonly Step[], ids: TradeIds = "shared"): HubEvent[] {
  const m = new EventMaker();
  const n = STRATEGY_POOL.length;
  const tradeId = (owner: number, id: number) => (ids === "shared" ? `t${id}` : `${STRATEGY_POOL[owner]}-t${id}`);
  const out: HubEvent[] = [];
  const symbol = (i: number) => (i < 0 ? undefined : SYMBOLS[i]);
  for (const st of steps) {
    switch (st.k) {
      case "time":
        m.at(Math.max(T0 - 400 * 24 * HOUR, m.t + st.hours * HOUR));
        break;
      case "open": {
        const sym = symbol(st.sym);
        const opts = { action: st.buy ? ("BUY" as const) : ("SELL" as const), price: st.price, quantity: st.qty };
        out.push(m.trade(tradeId(st.s, st.id), STRATEGY_POOL[st.s] as string, sym ? { ...opts, symbol: sym } : opts));
        break;
      }
      case "close":
        out.push(m.closed(tradeId(st.other ? (st.s + 1) % n : st.s, st.id), STRATEGY_POOL[st.s] as string, st.pnl));
        break;
      case "signal": {
        const sym = symbol(st.sym);
        const s = STRATEGY_POOL[st.s] as string;
        out.push(m.signal(s, st.price, sym ? { symbol: sym, confidence: st.conf } : { confidence: st.conf }));
        break;
      }
      case "candle":
        out.push(
          m.candle(SYMBOLS[st.sym] as string, st.close, { interval: st.iv ? "5m" : "1m", start: T0 + st.bar * 60_000 }),
        );
        break;
      case "metrics":
        out.push(m.metrics(STRATEGY_POOL[st.s] as string, st.pnl));
        break;
      case "alert": {
        const kind = (["system", "promoted", "rollback"] as const)[st.kind] ?? "system";
        const s = STRATEGY_POOL[st.s];
        out.push(m.alert(`alert ${out.length}`, s ? { strategy: s, kind } : { kind }));
        break;
      }
    }
  }
  return out;
}

export function streamArb(dyadic: boolean, maxLength = 120, ids: TradeIds = "shared"): fc.Arbitrary<HubEvent[]> {
  // fast-check's default size would keep arrays near 10 steps whatever maxLength says.
  return fc.array(stepArb(dyadic), { maxLength, size: "max" }).map((steps) => toEvents(steps, ids));
}

/** Small bounds so thinning, windows and caps happen in short streams. */
export const smallLimitsArb: fc.Arbitrary<Partial<DeskLimits>> = fc.record(
  {
    strategies: fc.integer({ min: 1, max: 5 }),
    positions: fc.integer({ min: 1, max: 12 }),
    symbols: fc.integer({ min: 1, max: 4 }),
    series: fc.integer({ min: 1, max: 7 }),
    bars: fc.integer({ min: 1, max: 8 }),
    recent: fc.integer({ min: 1, max: 8 }),
    equity_points: fc.integer({ min: 4, max: 12 }),
    strategy_points: fc.integer({ min: 4, max: 8 }),
    days: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: [] },
);

/** Bounds a view can keep exact: no cap on strategies, positions, symbols or series is reached. */
export const viewLimitsArb: fc.Arbitrary<Partial<DeskLimits>> = fc.record(
  {
    bars: fc.integer({ min: 1, max: 8 }),
    recent: fc.integer({ min: 1, max: 8 }),
    equity_points: fc.integer({ min: 4, max: 12 }),
    strategy_points: fc.integer({ min: 4, max: 8 }),
    days: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: [] },
);

const PATTERNS = [
  ">",
  "trade.>",
  "trade.executed",
  "trade.closed",
  "strategy.*.signal",
  "strategy.A.signal",
  "strategy.*.metrics",
  "strategy.B.metrics",
  "strategy.>",
  "market.>",
  "market.X.*",
  "market.*.1m",
  "system.alert",
  "strategy.promoted",
  "*.*",
] as const;

export const viewOptionsArb: fc.Arbitrary<{ patterns?: string[]; filter?: Filter }> = fc.record(
  {
    patterns: fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 4 }),
    filter: fc.record(
      {
        strategies: fc.uniqueArray(fc.constantFrom(...STRATEGY_POOL), { minLength: 1, maxLength: 3 }),
        types: fc.uniqueArray(fc.constantFrom<EventType>(...EVENT_TYPES), { minLength: 1, maxLength: 6 }),
        min_confidence: fc.integer({ min: 0, max: 10 }).map((n) => n / 10),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
