import { describe, expect, it } from "bun:test";
import { pushRecent } from "./recent.ts";

describe("pushRecent", () => {
  it("puts the newest first and keeps at most cap", () => {
    const list: number[] = [];
    for (let i = 1; i <= 5; i++) pushRecent(list, i, 3);
    expect(list).toEqual([5, 4, 3]);
    pushRecent(list, 6, 1);
    expect(list).toEqual([6]);
  });
});
