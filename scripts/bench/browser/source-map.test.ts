import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SourceMapLookup } from "./source-map.ts";

const dir = mkdtempSync(join(tmpdir(), "tw-sourcemap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SourceMapLookup", () => {
  it("finds the original file, line and text of a position in Bun's minified output", async () => {
    const src = [
      "export function addUp(xs: number[]): number {",
      "  let total = 0;",
      "  for (const x of xs) total += x * 3;",
      "  return total;",
      "}",
      "console.log(addUp([1, 2, 3]));",
    ].join("\n");
    writeFileSync(join(dir, "entry.ts"), src);
    const r = await Bun.build({ entrypoints: [join(dir, "entry.ts")], minify: true, sourcemap: "external" });
    const js = await (r.outputs.find((o) => o.path.endsWith(".js")) as Blob).text();
    const map = JSON.parse(await (r.outputs.find((o) => o.path.endsWith(".map")) as Blob).text());
    const lookup = new SourceMapLookup(map);
    // The minified code multiplies by 3 exactly where the original does.
    const at = js.indexOf("*3");
    const before = js.slice(0, at);
    const line = before.split("\n").length - 1;
    const column = at - (before.lastIndexOf("\n") + 1);
    const pos = lookup.originalPosition(line, column);
    expect(pos?.source).toEndWith("entry.ts");
    expect(pos?.line).toBe(2);
    expect(pos?.text.length).toBeGreaterThan(0);
  });

  it("answers null where nothing maps and decodes relative fields across lines", () => {
    // Line 0: col 0 → source 0 line 0 col 0; line 1: col 2 → line 1 col 4 (relative: +1 line, +4 col).
    const lookup = new SourceMapLookup({ sources: ["a.ts"], sourcesContent: ["x\n    yz"], mappings: "AAAA;EACI" });
    expect(lookup.originalPosition(1, 5)).toEqual({ source: "a.ts", line: 1, column: 4, text: "yz" });
    expect(lookup.originalPosition(1, 0)).toBeNull();
    expect(lookup.originalPosition(7, 0)).toBeNull();
  });
});
