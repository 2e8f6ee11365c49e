import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { formatResumeToken, parseResumeToken } from "./resume-token.ts";

describe("resume tokens", () => {
  it("round-trips epoch and seq", () => {
    expect(parseResumeToken(formatResumeToken("k3f9", 1042))).toEqual({ epoch: "k3f9", seq: 1042 });
  });
  it("accepts a bare seq", () => {
    expect(parseResumeToken("17")).toEqual({ seq: 17 });
    expect(parseResumeToken("0")).toEqual({ seq: 0 });
  });
  it("rejects malformed tokens", () => {
    for (const bad of ["", "-1", "1.5", "abc", "e:", ":5x", "bad epoch:1", "99999999999999999", null, undefined])
      expect(parseResumeToken(bad)).toBeNull();
  });
  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void parseResumeToken(s)),
      { numRuns: 2000 },
    );
  });
});
