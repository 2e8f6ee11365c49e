import { describe, expect, test } from "bun:test";
import { judgeSuite, summarize } from "./summary.ts";

const counts = (tests: number, failures: number, skipped: number) => ({ tests, failures, skipped, time: 1 });

describe("judgeSuite", () => {
  test("a clean run passes with its counts", () => {
    const v = judgeSuite({ name: "protocol", exitCode: 0, counts: counts(10, 0, 2), seconds: 1 });
    expect(v).toMatchObject({ status: "ok", passed: 8, failed: 0, skipped: 2 });
  });

  test("a crash without a junit report counts as one failure and says so", () => {
    const v = judgeSuite({ name: "server", exitCode: 1, counts: null, seconds: 1 });
    expect(v.status).toBe("CRASHED");
    expect(v.failed).toBe(1);
    expect(v.note).toContain("without a junit report");
  });

  test("a non-zero exit with no failing test case still fails the suite", () => {
    const v = judgeSuite({ name: "bus", exitCode: 1, counts: counts(4, 0, 0), seconds: 1 });
    expect(v).toMatchObject({ status: "FAILED", passed: 4, failed: 1 });
  });

  test("a timed-out suite is a crash even if it wrote a report", () => {
    const v = judgeSuite({ name: "tests", exitCode: null, counts: counts(4, 0, 0), timedOut: true, seconds: 900 });
    expect(v).toMatchObject({ status: "CRASHED", failed: 1 });
  });

  test("a suite without test files is neither passed nor failed", () => {
    const v = judgeSuite({ name: "dashboard", exitCode: 0, counts: null, noTests: true, seconds: 0 });
    expect(v).toMatchObject({ status: "no tests", passed: 0, failed: 0 });
  });
});

describe("summarize", () => {
  test("sums every suite into one line and fails when any suite failed", () => {
    const r = summarize([
      judgeSuite({ name: "protocol", exitCode: 0, counts: counts(10, 0, 0), seconds: 1 }),
      judgeSuite({ name: "server", exitCode: 1, counts: counts(5, 2, 1), seconds: 2 }),
      judgeSuite({ name: "client", exitCode: 1, counts: null, seconds: 0.5 }),
    ]);
    expect(r.line).toBe("12 passed, 3 failed, 1 skipped");
    expect(r.ok).toBe(false);
    expect(r.table.split("\n")).toHaveLength(4);
    expect(r.table).toContain("CRASHED");
  });

  test("leaves out the skipped count when nothing was skipped", () => {
    const r = summarize([judgeSuite({ name: "protocol", exitCode: 0, counts: counts(3, 0, 0), seconds: 1 })]);
    expect(r.line).toBe("3 passed, 0 failed");
    expect(r.ok).toBe(true);
  });
});
