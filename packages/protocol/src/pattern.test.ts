import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { compilePatterns, isValidPattern, matchTopic, parsePatternList } from "./pattern.ts";

/** Reference definition, written as a recursion over segments (independent of the loop in pattern.ts). */
function reference(pattern: string[], topic: string[]): boolean {
  if (pattern.length === 0) return topic.length === 0;
  const [p, ...rest] = pattern;
  if (p === ">") return rest.length === 0 && topic.length >= 1;
  if (topic.length === 0) return false;
  return (p === "*" || p === topic[0]) && reference(rest, topic.slice(1));
}

const segment = fc.constantFrom("strategy", "trade", "market", "RSI_Oversold", "signal", "BTC-USDT", "1m", "a");
const topicArb = fc.array(segment, { minLength: 1, maxLength: 5 });
const patternArb = fc
  .tuple(fc.array(fc.oneof(segment, fc.constant("*")), { minLength: 0, maxLength: 5 }), fc.boolean())
  .map(([segs, tail]) => (tail || segs.length === 0 ? [...segs, ">"] : segs));

describe("topic patterns", () => {
  it("`*` matches exactly one segment", () => {
    expect(matchTopic("strategy.*.signal", "strategy.RSI_Oversold.signal")).toBe(true);
    expect(matchTopic("strategy.*.signal", "strategy.signal")).toBe(false);
    expect(matchTopic("strategy.*.signal", "strategy.a.b.signal")).toBe(false);
  });

  it("`>` matches one or more trailing segments", () => {
    expect(matchTopic("market.>", "market.BTC-USDT.1m")).toBe(true);
    expect(matchTopic("market.>", "market")).toBe(false);
    expect(matchTopic(">", "trade.closed")).toBe(true);
    expect(matchTopic("trade.>", "trade.executed")).toBe(true);
  });

  it("literal patterns match only themselves", () => {
    expect(matchTopic("trade.closed", "trade.closed")).toBe(true);
    expect(matchTopic("trade.closed", "trade.executed")).toBe(false);
    expect(matchTopic("trade", "trade.closed")).toBe(false);
  });

  it("rejects malformed patterns", () => {
    for (const bad of ["", "a..b", ">.a", "a.>.b", "a b", "a.*x", ".a", "a."]) expect(isValidPattern(bad)).toBe(false);
    for (const ok of [">", "*", "a.*", "strategy.*.signal", "market.>"]) expect(isValidPattern(ok)).toBe(true);
  });

  it("agrees with the reference definition on arbitrary patterns and topics", () => {
    fc.assert(
      fc.property(patternArb, topicArb, (p, t) => {
        const pattern = p.join(".");
        const topic = t.join(".");
        expect(isValidPattern(pattern)).toBe(true);
        expect(matchTopic(pattern, topic)).toBe(reference(p, t));
        expect(compilePatterns([pattern])(topic)).toBe(reference(p, t));
      }),
      { numRuns: 2000 },
    );
  });

  it("parses comma-separated lists, defaulting to everything and reporting invalid entries", () => {
    expect(parsePatternList(null).patterns).toEqual([">"]);
    expect(parsePatternList(" trade.>, system.alert ,trade.>").patterns).toEqual(["trade.>", "system.alert"]);
    expect(parsePatternList("ok.*,bad..x").invalid).toEqual(["bad..x"]);
  });
});
