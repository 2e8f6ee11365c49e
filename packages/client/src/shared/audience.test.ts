import { describe, expect, it } from "bun:test";
import { Audience } from "./audience.ts";

describe("audience", () => {
  it("is empty until a follower is heard", () => {
    expect(new Audience(1000).any(0)).toBe(false);
  });

  it("counts a follower until its heartbeat expires, and again when it is heard anew", () => {
    const a = new Audience(1000);
    a.seen("f1", 0);
    expect(a.any(999)).toBe(true);
    expect(a.any(1000)).toBe(false);
    a.seen("f1", 1500);
    expect(a.any(2000)).toBe(true);
  });

  it("renews a follower on each heartbeat and forgets one that says it is gone", () => {
    const a = new Audience(1000);
    a.seen("f1", 0);
    a.seen("f2", 0);
    a.seen("f1", 800);
    expect(a.any(1500)).toBe(true); // f1 renewed, f2 expired
    a.gone("f1");
    expect(a.any(1500)).toBe(false);
  });
});
