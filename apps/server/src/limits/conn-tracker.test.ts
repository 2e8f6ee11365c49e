import { describe, expect, it } from "bun:test";
import { ConnTracker } from "./conn-tracker.ts";

describe("ConnTracker", () => {
  it("refuses an address at its limit until one of its connections is released (once)", () => {
    const t = new ConnTracker(2);
    const a = t.acquire("1.1.1.1");
    const b = t.acquire("1.1.1.1");
    expect(a && b).toBeTruthy();
    expect(t.acquire("1.1.1.1")).toBeNull();
    expect(t.acquire("2.2.2.2")).not.toBeNull();
    a?.();
    a?.();
    expect(t.count("1.1.1.1")).toBe(1);
    expect(t.acquire("1.1.1.1")).not.toBeNull();
    expect(t.acquire("1.1.1.1")).toBeNull();
  });

  it("with no limit admits every connection and keeps no per-connection state", () => {
    const t = new ConnTracker(0);
    const releases = Array.from({ length: 1_000 }, () => t.acquire("1.1.1.1"));
    expect(releases.every((r) => r !== null)).toBe(true);
    expect(new Set(releases).size).toBe(1); // one shared no-op, not a closure per connection
    expect(t.count("1.1.1.1")).toBe(0);
  });
});
