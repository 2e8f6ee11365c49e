import { describe, expect, it } from "bun:test";
import { addOffsetSample, offsetEstimate } from "./clock-offset.ts";

const T = Date.parse("2026-01-19T10:30:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("clock offset estimate", () => {
  it("has no estimate before the first sample", () => {
    expect(offsetEstimate([])).toBeNull();
  });

  it("takes the sample that travelled fastest: every sample underestimates by its own delay", () => {
    // The hub's clock is 2000 ms ahead; three messages took 50, 5 and 120 ms to arrive.
    let w: number[] = [];
    for (const delay of [50, 5, 120]) w = addOffsetSample(w, iso(T + 2000), T + delay);
    expect(offsetEstimate(w)).toBe(1995);
  });

  it("forgets samples older than the window, so a local clock step is followed", () => {
    let w = addOffsetSample([], iso(T + 2000), T); // offset 2000
    for (let i = 0; i < 3; i++) w = addOffsetSample(w, iso(T), T, 3); // our clock moved: offset 0
    expect(offsetEstimate(w)).toBe(0);
    expect(w).toHaveLength(3);
  });

  it("ignores an unparsable server time", () => {
    const w = addOffsetSample([7], "not a time", T);
    expect(w).toEqual([7]);
  });
});
