import { describe, expect, it } from "bun:test";
import { PANEL_CAP, prependCapped } from "./lists.ts";

describe("prependCapped", () => {
  it("puts the newest first", () => {
    expect(prependCapped([2, 1], [3, 4], 10)).toEqual([4, 3, 2, 1]);
  });
  it("keeps only the newest `cap` items", () => {
    expect(prependCapped([3, 2, 1], [4, 5], 3)).toEqual([5, 4, 3]);
  });
  it("handles a batch bigger than the cap by keeping its tail", () => {
    const batch = Array.from({ length: 1000 }, (_, i) => i + 1);
    const out = prependCapped([0], batch);
    expect(out).toHaveLength(PANEL_CAP);
    expect(out[0]).toBe(1000);
    expect(out[PANEL_CAP - 1]).toBe(1000 - PANEL_CAP + 1);
  });
  it("does not mutate its inputs", () => {
    const list = [2, 1];
    const added = [3];
    prependCapped(list, added, 2);
    expect(list).toEqual([2, 1]);
    expect(added).toEqual([3]);
  });
});
