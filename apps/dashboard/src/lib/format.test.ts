import { describe, expect, it } from "bun:test";
import {
  formatAgo,
  formatClock,
  formatLatency,
  formatMoney,
  formatPercent,
  formatQuantity,
  formatRatio,
  signClass,
} from "./format.ts";

describe("formatMoney", () => {
  it("groups thousands and keeps two decimals", () => {
    expect(formatMoney(1234.56)).toBe("$1,234.56");
    expect(formatMoney(42350.5)).toBe("$42,350.50");
  });
  it("puts the minus sign before the dollar", () => {
    expect(formatMoney(-12)).toBe("-$12.00");
    expect(formatMoney(-1234567.891)).toBe("-$1,234,567.89");
  });
  it("never shows a negative zero", () => {
    expect(formatMoney(-0.001)).toBe("$0.00");
    expect(formatMoney(0)).toBe("$0.00");
  });
});

describe("other formats", () => {
  it("shows ratios as percentages with fixed decimals", () => {
    expect(formatPercent(2 / 3)).toBe("66.67%");
    expect(formatPercent(1)).toBe("100.00%");
    expect(formatPercent(0.85, 1)).toBe("85.0%");
  });
  it("keeps quantity precision without trailing zeros", () => {
    expect(formatQuantity(0.01)).toBe("0.01");
    expect(formatQuantity(0.00012345)).toBe("0.00012345");
    expect(formatQuantity(1500)).toBe("1500");
  });
  it("shows an em dash for missing optional numbers", () => {
    expect(formatRatio(undefined)).toBe("—");
    expect(formatRatio(1.2)).toBe("1.20");
    expect(formatLatency(null)).toBe("—");
    expect(formatLatency(12.4)).toBe("12 ms");
    expect(formatLatency(0.2)).toBe("<1 ms"); // loopback: not a misleading "0 ms"
  });
  it("formats times as 24h local clock (UTC in tests)", () => {
    expect(formatClock("2026-01-19T10:30:45.123Z")).toBe("10:30:45");
    expect(formatClock("nope")).toBe("—");
  });
  it("says how long ago in the coarsest fitting unit", () => {
    const now = 1_000_000_000;
    expect(formatAgo(null, now)).toBe("—");
    expect(formatAgo(now - 200, now)).toBe("just now");
    expect(formatAgo(now - 12_000, now)).toBe("12s ago");
    expect(formatAgo(now - 3 * 60_000, now)).toBe("3m ago");
    expect(formatAgo(now - 2 * 3_600_000, now)).toBe("2h ago");
    expect(formatAgo(now - 4 * 86_400_000, now)).toBe("4d ago");
    expect(formatAgo(now + 5000, now)).toBe("just now");
  });
  it("classes losses negative and the rest positive", () => {
    expect(signClass(-0.01)).toBe("negative");
    expect(signClass(0)).toBe("positive");
    expect(signClass(3)).toBe("positive");
  });
});
