import { expect, test } from "bun:test";
import { JunitParseError, parseJunitCounts } from "./junit.ts";

// The root element exactly as bun 1.4.4 writes it (captured from a real run).
const BUN_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bun test" tests="5" assertions="2" failures="2" skipped="2" time="0.020714618">
  <testsuite name="a.test.ts" file="a.test.ts" tests="5" assertions="2" failures="2" skipped="2" time="0.01">
  </testsuite>
</testsuites>`;

test("reads the totals from the root <testsuites> element, not from a nested suite", () => {
  expect(parseJunitCounts(BUN_JUNIT)).toEqual({ tests: 5, failures: 2, skipped: 2, time: 0.020714618 });
});

test("counts an errors= attribute as failures", () => {
  expect(parseJunitCounts('<testsuites tests="3" failures="0" errors="1" skipped="0">').failures).toBe(1);
});

test("throws a named error for a truncated or foreign report", () => {
  expect(() => parseJunitCounts("<?xml version='1.0'?>")).toThrow(JunitParseError);
});
