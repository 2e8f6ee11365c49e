import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasTestFiles, isTestFile } from "./test-files.ts";

const dir = mkdtempSync(join(tmpdir(), "tw-testfiles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("recognises bun's test file names", () => {
  for (const n of ["a.test.ts", "b.test.tsx", "c.spec.js", "d_test_.ts", "e_spec_.mjs", "f.e2e.test.ts"]) {
    expect(isTestFile(n)).toBe(true);
  }
  for (const n of ["test.ts", "latest.ts", "a.test.md", "contest.ts"]) expect(isTestFile(n)).toBe(false);
});

test("finds test files in subdirectories but not inside node_modules", () => {
  mkdirSync(join(dir, "node_modules/x"), { recursive: true });
  writeFileSync(join(dir, "node_modules/x/a.test.ts"), "");
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src/main.ts"), "");
  expect(hasTestFiles(dir)).toBe(false);
  writeFileSync(join(dir, "src/main.test.ts"), "");
  expect(hasTestFiles(dir)).toBe(true);
});
