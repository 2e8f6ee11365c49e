import { describe, expect, test } from "bun:test";
import { isValidPattern, MATCH_ALL, matchAny, matchTopic } from "@tickerwire/protocol";
import fc from "fast-check";
import { patternsOutside, patternWithin } from "./pattern-within.ts";

const seg = fc.constantFrom("a", "b", "c");
const patSeg = fc.constantFrom("a", "b", "c", "*");
/** Small alphabet so that coverage and overlap happen often. */
const pattern = fc
  .tuple(fc.array(patSeg, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([segs, tail]) => (tail ? [...segs.slice(0, -1), ">"] : segs).join("."))
  .filter(isValidPattern);

/** A concrete topic matching `p`: `*` → a fresh segment, `>` → 1-3 fresh segments. */
const topicOf = (p: string) =>
  fc.tuple(fc.array(seg, { minLength: 6, maxLength: 6 }), fc.integer({ min: 1, max: 3 })).map(([fresh, n]) =>
    p
      .split(".")
      .flatMap((s, i) => (s === "*" ? [fresh[i] === "a" ? "z" : fresh[i]!] : s === ">" ? fresh.slice(0, n) : [s]))
      .join("."),
  );

describe("patternWithin", () => {
  test("admits exact, narrower and wildcard-covered patterns", () => {
    expect(patternWithin("strategy.RSI.signal", ["strategy.>"])).toBe(true);
    expect(patternWithin("strategy.*.signal", ["strategy.*.signal"])).toBe(true);
    expect(patternWithin("strategy.RSI.signal", ["strategy.*.signal"])).toBe(true);
    expect(patternWithin("market.>", [MATCH_ALL])).toBe(true);
    expect(patternWithin("strategy.*.>", ["strategy.>"])).toBe(true);
  });
  test("refuses patterns that reach outside", () => {
    expect(patternWithin(">", ["strategy.>"])).toBe(false);
    expect(patternWithin("strategy.>", ["strategy.*.signal"])).toBe(false);
    expect(patternWithin("strategy.*.signal", ["strategy.RSI.signal"])).toBe(false);
    expect(patternWithin("strategy.>", ["strategy.*.>"])).toBe(false); // strategy.promoted
    expect(patternWithin("trade.executed", [])).toBe(false);
    expect(patternWithin("not valid..", [">"])).toBe(false);
    expect(patternsOutside(["trade.>", "system.alert"], ["trade.>"])).toEqual(["system.alert"]);
  });
  test("property: when it says within, every topic the pattern matches is allowed", () => {
    fc.assert(
      fc.property(
        pattern,
        fc.array(pattern, { minLength: 1, maxLength: 3 }),
        pattern.chain((p) => fc.tuple(fc.constant(p), topicOf(p))),
        (_, allowed, [p, topic]) => {
          expect(matchTopic(p, topic)).toBe(true);
          if (patternWithin(p, allowed)) expect(matchAny(allowed, topic)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
  test("property: reflexive, and everything is within `>`", () => {
    fc.assert(
      fc.property(pattern, (p) => {
        expect(patternWithin(p, [p])).toBe(true);
        expect(patternWithin(p, [MATCH_ALL])).toBe(true);
      }),
    );
  });
  test("property: a pattern within one that is within a third is within the third (transitive)", () => {
    fc.assert(
      fc.property(pattern, pattern, pattern, (a, b, c) => {
        if (patternWithin(a, [b]) && patternWithin(b, [c])) expect(patternWithin(a, [c])).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
