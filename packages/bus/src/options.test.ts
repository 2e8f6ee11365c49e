import { describe, expect, it } from "bun:test";
import { BusConfigError, DEFAULT_DB_PATH, resolveLocalBusOptions } from "./options.ts";

describe("resolveLocalBusOptions", () => {
  it("fills in the documented defaults", () => {
    const o = resolveLocalBusOptions();
    expect(o).toMatchObject({
      path: DEFAULT_DB_PATH,
      windowSize: 10_000,
      maxEvents: 1_000_000,
      maxAgeMs: 7 * 24 * 3600 * 1000,
      idempotencyTtlMs: 24 * 3600 * 1000,
      sync: "normal",
    });
    expect(o.now).toBe(Date.now);
  });

  it("refuses impossible values with a message naming the option", () => {
    expect(() => resolveLocalBusOptions({ maxEvents: 0 })).toThrow(BusConfigError);
    expect(() => resolveLocalBusOptions({ windowSize: -1 })).toThrow(/windowSize/);
    expect(() => resolveLocalBusOptions({ maxAgeMs: 1.5 })).toThrow(/maxAgeMs/);
    expect(() => resolveLocalBusOptions({ sync: "off" as "full" })).toThrow(/sync/);
    expect(() => resolveLocalBusOptions({ path: "" })).toThrow(/path/);
  });

  it("accepts a window of 0 (every replay from SQLite)", () => {
    expect(resolveLocalBusOptions({ windowSize: 0 }).windowSize).toBe(0);
  });
});
