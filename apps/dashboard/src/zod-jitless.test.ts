import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { globalConfig } from "zod/v4/core";
import "./zod-jitless.ts";

describe("zod without JIT (strict CSP)", () => {
  it("turns on zod's jitless option, so zod never probes new Function", () => {
    expect(globalConfig.jitless).toBe(true);
  });

  it("is the first module the browser entry imports", () => {
    const source = readFileSync(new URL("./main.tsx", import.meta.url), "utf8");
    const firstImport = source.match(/^import\s[^;]*;/m)?.[0];
    expect(firstImport).toBe('import "./zod-jitless.ts";');
  });
});
