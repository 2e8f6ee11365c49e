import { describe, expect, it } from "bun:test";
import { filterFromQuery, filterKey, filterToQuery, matchesFilter } from "./filter.ts";

const signal = (strategy: string, confidence: number) => ({
  type: "signal" as const,
  data: { strategy_name: strategy, confidence },
});

describe("filters", () => {
  it("select by strategy, type and minimum confidence", () => {
    const f = { strategies: ["RSI_Oversold"], min_confidence: 0.7 };
    expect(matchesFilter(f, signal("RSI_Oversold", 0.85))).toBe(true);
    expect(matchesFilter(f, signal("RSI_Oversold", 0.5))).toBe(false);
    expect(matchesFilter(f, signal("MACD_Divergence", 0.9))).toBe(false);
    expect(matchesFilter({ types: ["trade"] }, signal("RSI_Oversold", 0.9))).toBe(false);
  });

  it("let events without a strategy through a strategy filter, and ignore confidence on non-signals", () => {
    expect(matchesFilter({ strategies: ["X"] }, { type: "candle", data: {} })).toBe(true);
    expect(matchesFilter({ min_confidence: 0.9 }, { type: "trade", data: { strategy_name: "X" } })).toBe(true);
  });

  it("round-trip through query parameters", () => {
    const f = { strategies: ["A", "B"], types: ["signal" as const], min_confidence: 0.7 };
    const back = filterFromQuery(filterToQuery(f));
    expect(back).toEqual({ ok: true, value: f });
    expect(filterFromQuery(new URLSearchParams(""))).toEqual({ ok: true, value: undefined });
    const bad = filterFromQuery(new URLSearchParams("min_confidence=2"));
    expect(bad.ok).toBe(false);
  });

  it("give equal filters the same key regardless of order", () => {
    expect(filterKey({ strategies: ["B", "A"] })).toBe(filterKey({ strategies: ["A", "B"] }));
    expect(filterKey({})).toBe("");
  });
});
