import { describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import { canonicalJson, isExpired, judgeIdempotency, requestHash } from "./idempotency.ts";

const signal = (price: number): PublishableEvent => ({
  type: "signal",
  topic: "strategy.RSI_Oversold.signal",
  data: { strategy_name: "RSI_Oversold", action: "BUY", price, confidence: 0.5 },
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined fields", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe("requestHash", () => {
  it("is the same for the same events whatever the key order", () => {
    const a = signal(1);
    const b = {
      topic: a.topic,
      data: { confidence: 0.5, price: 1, action: "BUY", strategy_name: "RSI_Oversold" },
      type: "signal",
    };
    expect(requestHash([a])).toBe(requestHash([b as PublishableEvent]));
  });

  it("differs when any event, or the order of events, differs", () => {
    expect(requestHash([signal(1)])).not.toBe(requestHash([signal(2)]));
    expect(requestHash([signal(1), signal(2)])).not.toBe(requestHash([signal(2), signal(1)]));
    expect(requestHash([signal(1)])).not.toBe(requestHash([signal(1), signal(1)]));
  });
});

describe("judgeIdempotency", () => {
  const record = { requestHash: "h1", seqs: [4, 5], created: 1_000 };

  it("treats an unknown key as new", () => {
    expect(judgeIdempotency(undefined, "h1", 2_000, 10_000)).toEqual({ kind: "new" });
  });

  it("answers a retry of the same request with the original record", () => {
    expect(judgeIdempotency(record, "h1", 2_000, 10_000)).toEqual({ kind: "duplicate", record });
  });

  it("refuses the same key with a different request", () => {
    expect(judgeIdempotency(record, "h2", 2_000, 10_000)).toEqual({ kind: "conflict" });
  });

  it("forgets a key once its TTL has passed", () => {
    expect(isExpired(record, 10_999, 10_000)).toBe(false);
    expect(isExpired(record, 11_000, 10_000)).toBe(true);
    expect(judgeIdempotency(record, "h2", 11_000, 10_000)).toEqual({ kind: "new" });
  });
});
