import { describe, expect, it } from "bun:test";
import { chance, deriveSeed, mulberry32, normal, uniform } from "./prng.ts";

describe("mulberry32", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it("stays in [0, 1) with a mean near 0.5", () => {
    const r = mulberry32(7);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });
});

describe("draws", () => {
  it("normal() has mean ~0 and variance ~1", () => {
    const r = mulberry32(1);
    const xs = Array.from({ length: 20_000 }, () => normal(r));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("uniform() respects its bounds and chance() its probability", () => {
    const r = mulberry32(3);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = uniform(r, 2, 5);
      expect(x >= 2 && x < 5).toBe(true);
      if (chance(r, 0.1)) hits++;
    }
    expect(hits).toBeGreaterThan(850);
    expect(hits).toBeLessThan(1150);
  });

  it("deriveSeed() separates labels and seeds", () => {
    expect(deriveSeed(1, "BTC-USDT")).toBe(deriveSeed(1, "BTC-USDT"));
    expect(deriveSeed(1, "BTC-USDT")).not.toBe(deriveSeed(1, "ETH-USDT"));
    expect(deriveSeed(1, "BTC-USDT")).not.toBe(deriveSeed(2, "BTC-USDT"));
  });
});
