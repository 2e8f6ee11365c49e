import { describe, expect, it } from "bun:test";
import { DEFAULT_PACE, nextRefreshMs } from "./refresh-pace.ts";

describe("nextRefreshMs", () => {
  it("keeps the base pace for a readable stream and slows down for a flood", () => {
    expect(nextRefreshMs(0)).toBe(250);
    expect(nextRefreshMs(DEFAULT_PACE.floodAt)).toBe(250);
    expect(nextRefreshMs(DEFAULT_PACE.floodAt + 1)).toBe(500);
    expect(nextRefreshMs(1250)).toBe(500); // 5,000 events/s
  });

  it("follows a custom pace", () => {
    const pace = { baseMs: 100, floodMs: 1000, floodAt: 10 };
    expect(nextRefreshMs(10, pace)).toBe(100);
    expect(nextRefreshMs(11, pace)).toBe(1000);
  });
});
