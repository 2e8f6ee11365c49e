import { describe, expect, it } from "bun:test";
import type { Filter } from "@tickerwire/protocol";
import { filterChange, subscribeChange, unsubscribeChange } from "./subscription-change.ts";

const cur = { topics: ["system.alert"], filter: undefined };

describe("subscription changes", () => {
  it("subscribe adds new patterns and replaces the filter", () => {
    const r = subscribeChange(cur, ["trade.>", "system.alert"], { min_confidence: 0.5 });
    expect(r).toEqual({ next: { topics: ["system.alert", "trade.>"], filter: { min_confidence: 0.5 } }, errors: [] });
  });

  it("subscribe reports invalid patterns and an invalid filter, and applies the rest", () => {
    const r = subscribeChange(cur, ["not..valid", "trade.>"], { min_confidence: 7 } as Filter);
    expect(r.next).toEqual({ topics: ["system.alert", "trade.>"], filter: undefined });
    expect(r.errors.map((e) => e.code)).toEqual(["invalid_argument", "invalid_argument"]);
  });

  it("is no change when nothing would change (same patterns, equivalent filter)", () => {
    const withFilter = { topics: ["a.>"], filter: { strategies: ["B", "A"] } };
    expect(subscribeChange(withFilter, ["a.>"], { strategies: ["A", "B"] }).next).toBeNull();
    expect(unsubscribeChange(cur, ["trade.>"]).next).toBeNull();
    expect(filterChange(cur, {}).next).toBeNull(); // {} is no filter
  });

  it("unsubscribe removes patterns, down to none", () => {
    expect(unsubscribeChange(cur, ["system.alert"]).next).toEqual({ topics: [], filter: undefined });
  });

  it("setFilter replaces or clears the filter; an invalid one is reported and changes nothing", () => {
    expect(filterChange(cur, { types: ["signal"] }).next).toEqual({
      topics: cur.topics,
      filter: { types: ["signal"] },
    });
    const bad = filterChange({ topics: ["a.>"], filter: { types: ["signal"] } }, {
      types: ["nope"],
    } as unknown as Filter);
    expect(bad.next).toBeNull();
    expect(bad.errors).toHaveLength(1);
  });
});
