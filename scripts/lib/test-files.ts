/**
 * Whether a workspace has anything for `bun test` to run: bun exits 1 on "No tests found", so
 * the test runner skips (with a note) a suite whose directory holds no test files yet.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Bun's rule: the name has ".test", "_test_", ".spec" or "_spec_" and a JS/TS extension. */
const TEST_FILE_RE = /(\.test|_test_|\.spec|_spec_).*\.(c|m)?(j|t)sx?$/;

export function isTestFile(name: string): boolean {
  return TEST_FILE_RE.test(name);
}

/** True when `dir` (recursively, skipping node_modules and dot-dirs) holds at least one test file. */
export function hasTestFiles(dir: string, maxEntries = 20_000): boolean {
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0 && seen < maxEntries) {
    const current = stack.pop() as string;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      seen++;
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && !e.name.startsWith(".")) stack.push(join(current, e.name));
      } else if (e.isFile() && isTestFile(e.name)) {
        return true;
      }
    }
  }
  return false;
}
