import { describe, expect, it } from "bun:test";
import { shortSource, topCosts } from "./profile-top.ts";

const frame = (functionName: string, url = "", lineNumber = 0, columnNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
});

const profile = {
  nodes: [
    { id: 1, callFrame: frame("(root)") },
    { id: 2, callFrame: frame("(idle)") },
    { id: 3, callFrame: frame("Ab", "http://h/chunk-a.js", 0, 100) },
    { id: 4, callFrame: frame("Cd", "http://h/chunk-a.js", 0, 200) },
    { id: 5, callFrame: frame("(garbage collector)") },
  ],
  // Each sample's time is the gap to the next one: 3 → 2 ms, 3 → 2 ms, 4 → 1 ms, 5 → 1 ms, 2 → 4 ms, 4 → (last) 4 ms.
  samples: [3, 3, 4, 5, 2, 4],
  timeDeltas: [0, 2000, 2000, 1000, 1000, 4000],
};

describe("topCosts", () => {
  it("ranks self time per function, as a share of the busy (not idle) time", () => {
    const t = topCosts(profile, "function", 2);
    expect(t.totalMs).toBe(14);
    expect(t.busyMs).toBe(10);
    expect(t.entries).toEqual([
      { name: "Cd — chunk-a.js:1:201", selfMs: 5, pct: 50 },
      { name: "Ab — chunk-a.js:1:101", selfMs: 4, pct: 40 },
    ]);
  });

  it("names minified functions through the resolver, and groups by file", () => {
    const resolve = (f: { columnNumber: number }) =>
      f.columnNumber === 100
        ? { file: "packages/client/src/client.ts", line: 12, label: "deliver(e)" }
        : { file: "zod/v4/core/schemas.js", line: 40, label: "parse(x)" };
    expect(topCosts(profile, "function", 1, resolve).entries[0]?.name).toBe("parse(x) — zod/v4/core/schemas.js:40");
    const files = topCosts(profile, "file", 3, resolve).entries.map((e) => e.name);
    expect(files).toEqual(["zod/v4/core/schemas.js", "packages/client/src/client.ts", "(garbage collector)"]);
  });
});

describe("shortSource", () => {
  it("keeps the package path of node_modules sources and strips leading ../", () => {
    expect(shortSource("../../node_modules/.bun/zod@4.6.7/node_modules/zod/v4/core/schemas.js")).toBe(
      "zod/v4/core/schemas.js",
    );
    expect(shortSource("../../packages/client/src/client.ts")).toBe("packages/client/src/client.ts");
  });
});
