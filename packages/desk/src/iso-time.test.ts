import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { isoMs } from "./iso-time.ts";

describe("isoMs", () => {
  it("equals Date.parse for any toISOString of years 0..9999", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("0000-01-01T00:00:00.000Z"), max: Date.parse("9999-12-31T23:59:59.999Z") }),
        (t) => {
          const s = new Date(t).toISOString();
          expect(isoMs(s)).toBe(Date.parse(s));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("falls back to Date.parse for other precisions and offsets, and for odd fields", () => {
    for (const s of [
      "2026-01-19T10:30:45Z",
      "2026-01-19T10:30:45.123456Z",
      "2026-01-19T10:30:45.123+02:00",
      "2024-02-29T23:59:59.999Z",
      "2026-01-31T00:00:00.000Z",
      "2026-13-01T00:00:00.000Z",
      "2026-02-29T00:00:00.000Z",
      "2026-04-31T00:00:00.000Z",
    ]) {
      expect(Object.is(isoMs(s), Date.parse(s))).toBe(true);
    }
  });
});
