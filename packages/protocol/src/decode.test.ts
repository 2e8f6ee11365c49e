import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { decodeClientMessage, decodePublish, decodeServerMessage } from "./decode.ts";
import type { HubEvent } from "./events.ts";
import { encodeEvent } from "./events.ts";
import { ORIGINAL_EXAMPLES } from "./examples.ts";
import { SERVER_MESSAGE_SCHEMAS, ServerMessage } from "./server-messages.ts";

describe("decodePublish", () => {
  it("accepts the five example events of the original system", () => {
    const r = decodePublish(JSON.stringify(ORIGINAL_EXAMPLES));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((e) => e.type)).toEqual(["signal", "trade", "trade_closed", "metrics", "alert"]);
    expect(r.value[4]?.data as unknown).toEqual({ ...ORIGINAL_EXAMPLES[4]?.data, kind: "promoted", severity: "info" });
  });

  it("rejects a whole batch when one item is invalid, naming the item and field", () => {
    const bad = structuredClone(ORIGINAL_EXAMPLES);
    (bad[1]?.data as Record<string, unknown>).entry_price = -5;
    const r = decodePublish(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("invalid_event");
    expect(r.error.issues).toEqual([{ index: 1, path: ["data", "entry_price"], message: expect.any(String) }]);
  });

  it("rejects unknown topics, unknown fields and topic/data mismatches", () => {
    const cases: unknown[] = [
      { topic: "trade.opened", data: {} },
      { topic: "strategy.RSI_Oversold.signal", data: { ...ORIGINAL_EXAMPLES[0]?.data, confidance: 0.5 } },
      { topic: "strategy.MACD_Divergence.signal", data: ORIGINAL_EXAMPLES[0]?.data },
      { topic: "strategy.promoted", data: { message: "x", kind: "rollback" } },
      { topic: "strategy.RSI_Oversold.signal", data: { ...ORIGINAL_EXAMPLES[0]?.data, confidence: 1.5 } },
      { topic: "strategy.RSI_Oversold.signal", data: { ...ORIGINAL_EXAMPLES[0]?.data, price: Number("1e400") } },
    ];
    for (const c of cases) expect(decodePublish(c).ok).toBe(false);
  });

  it("checks candles are consistent (high/low) and match their topic", () => {
    const candle = {
      symbol: "BTC-USDT",
      interval: "1m",
      open: 100,
      high: 110,
      low: 95,
      close: 105,
      volume: 12,
      start: "2026-01-19T10:30:00.000Z",
    };
    expect(decodePublish({ topic: "market.BTC-USDT.1m", data: candle }).ok).toBe(true);
    expect(decodePublish({ topic: "market.BTC-USDT.1m", data: { ...candle, high: 101 } }).ok).toBe(false);
    expect(decodePublish({ topic: "market.ETH-USDT.1m", data: candle }).ok).toBe(false);
  });

  it("refuses `__proto__` keys with a clear error", () => {
    const r = decodePublish('{"topic":"system.alert","data":{"message":"x","__proto__":{"polluted":true}}}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects empty and oversized batches", () => {
    expect(decodePublish([]).ok).toBe(false);
    expect(
      decodePublish(
        Array.from({ length: 3 }, () => ORIGINAL_EXAMPLES[0]),
        2,
      ).ok,
    ).toBe(false);
  });
});

describe("decodeClientMessage", () => {
  it("decodes every client message type", () => {
    for (const m of [
      { type: "subscribe", topics: ["strategy.*.signal"], filter: { min_confidence: 0.7 } },
      { type: "unsubscribe", topics: ["market.>"] },
      { type: "resume", last_seq: 10, epoch: "k3f9" },
      { type: "ping", t: 123 },
    ]) {
      const r = decodeClientMessage(JSON.stringify(m));
      expect(r).toEqual({ ok: true, value: m as never });
    }
  });

  it("answers invalid JSON, unknown types and bad fields with a typed error", () => {
    const invalidJson = decodeClientMessage("{nope");
    expect(!invalidJson.ok && invalidJson.error.code).toBe("invalid_json");
    const unknown = decodeClientMessage('{"type":"replay"}');
    expect(!unknown.ok && unknown.error.code).toBe("invalid_message");
    const badPattern = decodeClientMessage('{"type":"subscribe","topics":["a.>.b"]}');
    expect(!badPattern.ok && badPattern.error.issues[0]?.path).toEqual(["topics", 0]);
  });

  it("rejects invalid UTF-8 bytes", () => {
    const r = decodeClientMessage(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(!r.ok && r.error.code).toBe("invalid_json");
  });
});

describe("decoders never throw", () => {
  const inputs = fc.oneof(
    fc.string(),
    fc.json(),
    fc.uint8Array({ maxLength: 200 }),
    fc.anything(),
    fc.integer({ min: 1, max: 20_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
    fc.integer({ min: 1, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
  );
  it("on arbitrary input (bytes, JSON, deep nesting)", () => {
    fc.assert(
      fc.property(inputs, (x) => {
        for (const decode of [decodeClientMessage, decodeServerMessage, decodePublish]) {
          const r = decode(x);
          expect(typeof r.ok).toBe("boolean");
        }
      }),
      { numRuns: 400 },
    );
  }, 30_000);
});

describe("decodeServerMessage", () => {
  it("round-trips an encoded event", () => {
    const e: HubEvent = {
      type: "trade_closed",
      seq: 7,
      topic: "trade.closed",
      timestamp: "2026-01-19T10:30:45.123Z",
      data: { trade_id: "T1", strategy_name: "RSI_Oversold", entry_price: 1, exit_price: 2, pnl: 1 },
    };
    expect(decodeServerMessage(encodeEvent(e))).toEqual({ ok: true, value: e });
    expect(Object.keys(JSON.parse(encodeEvent(e)))).toEqual(["type", "seq", "topic", "timestamp", "data"]);
  });

  it("decodes control messages", () => {
    const r = decodeServerMessage({ type: "replayed", count: 3, truncated: true, from_seq: 1, to_seq: 9, epoch: "e" });
    expect(r.ok).toBe(true);
  });
});

describe("decodeServerMessage picks the schema by type", () => {
  const ts = "2026-01-19T10:30:45.123Z";
  const signal = { type: "signal", seq: 1, topic: "strategy.A.signal", timestamp: ts };
  const data = { strategy_name: "A", action: "BUY", price: 1, confidence: 0.5 };
  const cases: unknown[] = [
    { ...signal, data },
    { ...signal, data: { ...data, confidence: 2 } },
    { ...signal, data, extra: 1 },
    { type: "pong", server_time: ts, t: 3 },
    { type: "pong" },
    { type: "heartbeat", server_time: ts, current_seq: 4 },
    { type: "error", code: "lagged", message: "behind" },
    { type: "nope" },
    { type: "toString" },
    { type: 5 },
    null,
    [],
  ];

  it("has a schema for exactly the types of ServerMessage", () => {
    const types = ServerMessage.options.flatMap((u) => u.options.map((o) => o.shape.type.value));
    expect(Object.keys(SERVER_MESSAGE_SCHEMAS).sort()).toEqual([...types].sort());
  });

  it("accepts and rejects exactly what the ServerMessage union does", () => {
    for (const c of cases) {
      const union = ServerMessage.safeParse(c);
      const r = decodeServerMessage(JSON.stringify(c));
      expect(r.ok).toBe(union.success);
      if (r.ok) expect(r.value).toEqual(union.data as never);
    }
  });

  it("names the failing field of an invalid event, as before", () => {
    const r = decodeServerMessage(JSON.stringify({ ...signal, data: { ...data, confidence: 2 } }));
    expect(!r.ok && r.error.issues.map((i) => i.path)).toEqual([["data", "confidence"]]);
  });

  it("names the failing field of an invalid control message (the union only said `Invalid input`)", () => {
    const r = decodeServerMessage('{"type":"pong"}');
    expect(!r.ok && r.error.issues.map((i) => i.path)).toEqual([["server_time"]]);
  });
});
