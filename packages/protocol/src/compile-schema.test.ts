import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { z } from "zod";
import { compileSchema, UnsupportedSchemaError } from "./compile-schema.ts";
import { SERVER_MESSAGE_SCHEMAS } from "./server-messages.ts";
import { EVENT_TYPES } from "./topics.ts";

const ts = "2026-01-19T10:30:45.123Z";
const env = (type: string, topic: string) => ({ type, seq: 42, topic, timestamp: ts });

/** One valid event of each type, with every optional field, to mutate from. */
const VALID: Record<(typeof EVENT_TYPES)[number], Record<string, unknown>> = {
  signal: {
    ...env("signal", "strategy.A.signal"),
    data: { strategy_name: "A", action: "BUY", price: 1.5, confidence: 0.5, symbol: "BTC-USDT" },
  },
  trade: {
    ...env("trade", "trade.executed"),
    data: { trade_id: "T1", strategy_name: "A", action: "SELL", entry_price: 2, quantity: 3, symbol: "X" },
  },
  trade_closed: {
    ...env("trade_closed", "trade.closed"),
    data: { trade_id: "T1", strategy_name: "A", entry_price: 2, exit_price: 3, pnl: -1, quantity: 1, symbol: "X" },
  },
  metrics: {
    ...env("metrics", "strategy.A.metrics"),
    data: {
      strategy_name: "A",
      total_trades: 10,
      win_rate: 0.4,
      total_profit_loss: -5.5,
      sharpe_ratio: 1.2,
      profit_factor: 0.9,
    },
  },
  alert: {
    ...env("alert", "system.alert"),
    data: { message: "m", strategy_name: "A", severity: "critical", kind: "rollback", version: 3, reason: "r" },
  },
  candle: {
    ...env("candle", "market.BTC-USDT.1m"),
    data: {
      symbol: "BTC-USDT",
      interval: "1m",
      open: 10,
      high: 12,
      low: 9,
      close: 11,
      volume: 5,
      start: "2026-01-19T10:30:00+02:00",
    },
  },
};

/** Values near every boundary the schemas draw, and plain junk. */
const nasty = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    1e12,
    1e12 + 1,
    -1e15,
    -1e15 - 1,
    1e15,
    1e6,
    -1e6 - 0.5,
    1e9,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    2 ** 60,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -Number.POSITIVE_INFINITY,
    "",
    "A",
    "a".repeat(64),
    "a".repeat(65),
    "x".repeat(128),
    "x".repeat(129),
    "x".repeat(2000),
    "x".repeat(2001),
    "BTC USDT",
    "BUY",
    "SELL",
    "buy",
    "info",
    "warning",
    "critical",
    "promoted",
    "system",
    "2026-01-19T10:30:45Z",
    "2026-01-19T10:30:45.1Z",
    "2026-01-19T10:30Z",
    "2026-01-19T10:30:45",
    "2026-01-19T10:30:45+02:00",
    "2026-01-19T10:30:45.123-23:59",
    "2026-01-19T24:00:00Z",
    "2024-02-29T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2026-01-19 10:30:45Z",
    null,
    true,
    [],
    {},
    [1],
    { a: 1 },
  ),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.jsonValue(),
);

const KEYS = ["type", "seq", "topic", "timestamp", "data", "extra"];
const DATA_KEYS = [
  ...new Set(Object.values(VALID).flatMap((e) => Object.keys(e.data as object))),
  "bogus",
  "constructor",
  "toString",
];

type Mutation =
  | { kind: "set"; inData: boolean; key: string; value: unknown }
  | { kind: "delete"; inData: boolean; key: string }
  | { kind: "replace"; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    inData: fc.boolean(),
    key: fc.constantFrom(...KEYS, ...DATA_KEYS),
    value: nasty,
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    inData: fc.boolean(),
    key: fc.constantFrom(...KEYS, ...DATA_KEYS),
  }),
  fc.record({ kind: fc.constant("replace" as const), value: nasty }),
);

function mutate(base: Record<string, unknown>, ms: Mutation[]): unknown {
  let v: unknown = structuredClone(base);
  for (const m of ms) {
    if (m.kind === "replace") {
      v = m.value;
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    const o = v as Record<string, unknown>;
    const target = m.inData && typeof o.data === "object" && o.data !== null ? (o.data as Record<string, unknown>) : o;
    if (m.kind === "set") target[m.key] = m.value;
    else delete target[m.key];
  }
  return v;
}

describe("compileSchema", () => {
  it.each(EVENT_TYPES)("gives zod's verdict on valid and mutated %s events", (type) => {
    const schema = SERVER_MESSAGE_SCHEMAS[type];
    const check = compileSchema(schema);
    expect(check(VALID[type])).toBe(true);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), (ms) => {
        const v = mutate(VALID[type], ms);
        expect(check(v)).toBe(schema.safeParse(v).success);
      }),
      { numRuns: 4000 },
    );
  });

  it("gives zod's verdict on the candle's high/low refinement", () => {
    const check = compileSchema(SERVER_MESSAGE_SCHEMAS.candle);
    const prices = fc.constantFrom(1, 2, 3, 4, 5);
    fc.assert(
      fc.property(prices, prices, prices, prices, (open, high, low, close) => {
        const v = { ...VALID.candle, data: { ...(VALID.candle.data as object), open, high, low, close } };
        expect(check(v)).toBe(SERVER_MESSAGE_SCHEMAS.candle.safeParse(v).success);
      }),
    );
  });

  it("refuses to compile what it cannot check exactly", () => {
    for (const s of [
      z.object({ a: z.string() }), // not strict: zod strips unknown keys
      z.strictObject({ a: z.array(z.string()) }),
      z.string().transform((x) => x.length),
      z.string().email(),
      z.number().multipleOf(2),
      z.strictObject({ a: z.string() }).refine(async () => true),
    ]) {
      let error: unknown = null;
      try {
        compileSchema(s as z.ZodType)({ a: "x" });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedSchemaError);
    }
  });
});
