import { describe, expect, it } from "bun:test";
import { EPOCH_RE } from "@tickerwire/protocol";
import { EPOCH_LENGTH, newEpoch } from "./epoch.ts";

describe("newEpoch", () => {
  it("makes short ids of letters and digits that the resume token accepts", () => {
    for (let i = 0; i < 200; i++) {
      const e = newEpoch();
      expect(e).toMatch(/^[A-Za-z0-9]+$/);
      expect(e).toHaveLength(EPOCH_LENGTH);
      expect(EPOCH_RE.test(e)).toBe(true);
    }
  });

  it("differs between calls", () => {
    const seen = new Set(Array.from({ length: 500 }, () => newEpoch()));
    expect(seen.size).toBe(500);
  });

  it("is deterministic for an injected random source and skips biased bytes", () => {
    const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 255 : i));
    expect(newEpoch(bytes, 4)).toBe("BDFH");
  });

  it("fails clearly when the random source never yields a usable byte", () => {
    expect(() => newEpoch((n) => new Uint8Array(n).fill(250))).toThrow(/random source/);
  });
});
