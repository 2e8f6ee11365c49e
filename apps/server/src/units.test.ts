import { describe, expect, it } from "bun:test";
import { parseBytes, parseDuration } from "./units.ts";

describe("parseDuration", () => {
  it("reads each unit into milliseconds", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("45s")).toBe(45_000);
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("12h")).toBe(43_200_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration(" 2W ")).toBe(1_209_600_000);
  });
  it("refuses values without a unit, unknown units, zero and garbage", () => {
    for (const bad of ["7", "7y", "0d", "", "d", "-1h", "1e3s", "abc"]) expect(parseDuration(bad)).toBeNull();
  });
});

describe("parseBytes", () => {
  it("reads bare bytes and binary units", () => {
    expect(parseBytes("1024")).toBe(1024);
    expect(parseBytes("64KiB")).toBe(65_536);
    expect(parseBytes("64kb")).toBe(65_536);
    expect(parseBytes("1MiB")).toBe(1_048_576);
    expect(parseBytes("1.5M")).toBe(1_572_864);
    expect(parseBytes("2GB")).toBe(2_147_483_648);
  });
  it("refuses unknown units and garbage", () => {
    for (const bad of ["1TB", "lots", "", "-5", "5 parsecs"]) expect(parseBytes(bad)).toBeNull();
  });
});
