import { describe, expect, it } from "bun:test";
import { formatSubscriptionQuery, parseSubscriptionRequest } from "./subscription-query.ts";

const parse = (qs: string, lastEventId: string | null = null) =>
  parseSubscriptionRequest(new URLSearchParams(qs), lastEventId);

describe("parseSubscriptionRequest", () => {
  it("defaults to every topic, no filter, no resume", () => {
    expect(parse("")).toEqual({
      ok: true,
      value: { patterns: [">"], filter: undefined, resume: null, snapshot: false },
    });
  });

  it("reads topics, filter and last_seq", () => {
    const r = parse(
      "topics=trade.>,strategy.*.signal&strategies=RSI_Oversold&types=signal&min_confidence=0.7&last_seq=k3f9:42",
    );
    expect(r).toEqual({
      ok: true,
      value: {
        patterns: ["trade.>", "strategy.*.signal"],
        filter: { strategies: ["RSI_Oversold"], types: ["signal"], min_confidence: 0.7 },
        resume: { epoch: "k3f9", seq: 42 },
        snapshot: false,
      },
    });
  });

  it("reads batch=1 (events frames) and ignores other values", () => {
    const r = parse("batch=1");
    expect(r.ok && r.value.batch).toBe(true);
    for (const other of ["", "batch=0", "batch=yes"]) {
      const o = parse(other);
      expect(o.ok && "batch" in o.value).toBe(false);
    }
  });

  it("prefers the Last-Event-ID header over last_seq", () => {
    const r = parse("last_seq=5", "E1:9");
    expect(r.ok && r.value.resume).toEqual({ epoch: "E1", seq: 9 });
    const bare = parse("last_seq=5", "");
    expect(bare.ok && bare.value.resume).toEqual({ seq: 5 });
  });

  it.each([
    ["topics=trade.>.x", "topics", "invalid_topic"],
    ["topics=a..b", "topics", "invalid_topic"],
    ["last_seq=-3", "last_seq", "invalid_resume"],
    ["last_seq=abc:", "last_seq", "invalid_resume"],
    ["min_confidence=2", "min_confidence", "invalid_query"],
    ["types=signal,nope", "types", "invalid_query"],
    ["snapshot=yes", "snapshot", "invalid_query"],
  ])("refuses %s naming the parameter", (qs, parameter, code) => {
    const r = parse(qs);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.parameter).toBe(parameter);
      expect(r.error.code).toBe(code as never);
    }
  });

  it("refuses a malformed Last-Event-ID", () => {
    const r = parse("", "not a token");
    expect(!r.ok && r.parameter).toBe("Last-Event-ID");
  });

  it("refuses more than 100 patterns", () => {
    const topics = Array.from({ length: 101 }, (_, i) => `market.S${i}.1m`).join(",");
    const r = parse(`topics=${topics}`);
    expect(!r.ok && r.error.code).toBe("too_many_subscriptions");
  });
});

describe("formatSubscriptionQuery", () => {
  it("writes what parseSubscriptionRequest reads back", () => {
    const q = formatSubscriptionQuery({
      topics: ["trade.>", "strategy.*.signal"],
      filter: {
        strategies: ["RSI_Oversold", "MACD_Divergence"],
        types: ["trade", "trade_closed"],
        min_confidence: 0.5,
      },
      lastSeq: "k3f9:42",
      snapshot: true,
    });
    expect(parseSubscriptionRequest(q)).toEqual({
      ok: true,
      value: {
        patterns: ["trade.>", "strategy.*.signal"],
        filter: {
          strategies: ["RSI_Oversold", "MACD_Divergence"],
          types: ["trade", "trade_closed"],
          min_confidence: 0.5,
        },
        resume: { epoch: "k3f9", seq: 42 },
        snapshot: true,
      },
    });
  });

  it("leaves out what is not set", () => {
    expect(formatSubscriptionQuery({ topics: [] }).toString()).toBe("");
    expect(formatSubscriptionQuery({ topics: [">"], lastSeq: null, snapshot: false }).toString()).toBe("topics=%3E");
  });
});
