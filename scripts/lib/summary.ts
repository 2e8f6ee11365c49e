/**
 * Turns per-suite outcomes (exit code + junit totals) into the final report of `bun run test`:
 * a per-suite table and exactly one `N passed, N failed[, N skipped]` line, which CI reads.
 * A suite that failed without a failing test case (crash, load error, timeout) counts as 1 failed.
 */
import type { JunitCounts } from "./junit.ts";

export interface SuiteOutcome {
  name: string;
  /** `bun test` exit code; null when it was killed or never started. */
  exitCode: number | null;
  /** Totals from its junit report; null when the report is missing or unreadable. */
  counts: JunitCounts | null;
  /** True when the suite had no test files and was not run. */
  noTests?: boolean;
  timedOut?: boolean;
  seconds: number;
}

export interface SuiteVerdict {
  name: string;
  status: "ok" | "FAILED" | "CRASHED" | "no tests";
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
}

export function judgeSuite(o: SuiteOutcome): SuiteVerdict {
  const base = { name: o.name, seconds: o.seconds };
  if (o.noTests)
    return { ...base, status: "no tests", passed: 0, failed: 0, skipped: 0, note: "no test files; skipped" };
  if (!o.counts || o.timedOut) {
    const failures = o.counts?.failures ?? 0;
    const why = o.timedOut
      ? "timed out and was killed"
      : `exited ${o.exitCode ?? "by a signal"} without a junit report`;
    return {
      ...base,
      status: "CRASHED",
      passed: o.counts ? Math.max(0, o.counts.tests - o.counts.failures - o.counts.skipped) : 0,
      failed: Math.max(1, failures),
      skipped: o.counts?.skipped ?? 0,
      note: `${why}; counted as ${Math.max(1, failures)} failed`,
    };
  }
  const { tests, failures, skipped } = o.counts;
  const passed = Math.max(0, tests - failures - skipped);
  if (o.exitCode !== 0 && failures === 0) {
    return {
      ...base,
      status: "FAILED",
      passed,
      failed: 1,
      skipped,
      note: `exited ${o.exitCode ?? "by a signal"} with no failing test in its report (an error outside a test?); counted as 1 failed`,
    };
  }
  return { ...base, status: failures > 0 ? "FAILED" : "ok", passed, failed: failures, skipped };
}

export interface Report {
  table: string;
  line: string;
  ok: boolean;
}

/** The table and the final line. `ok` is false when any suite failed or crashed. */
export function summarize(verdicts: readonly SuiteVerdict[]): Report {
  const sum = (k: "passed" | "failed" | "skipped") => verdicts.reduce((n, v) => n + v[k], 0);
  const passed = sum("passed");
  const failed = sum("failed");
  const skipped = sum("skipped");
  const width = Math.max(5, ...verdicts.map((v) => v.name.length));
  const num = (n: number) => String(n).padStart(6);
  const header = `${"suite".padEnd(width)} ${"pass".padStart(6)} ${"fail".padStart(6)} ${"skip".padStart(6)} ${"time".padStart(8)}  result`;
  const rows = verdicts.map(
    (v) =>
      `${v.name.padEnd(width)} ${num(v.passed)} ${num(v.failed)} ${num(v.skipped)} ${`${v.seconds.toFixed(1)}s`.padStart(8)}  ${v.status}${v.note ? ` (${v.note})` : ""}`,
  );
  const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
  const ok = failed === 0 && verdicts.every((v) => v.status === "ok" || v.status === "no tests");
  return { table: [header, ...rows].join("\n"), line, ok };
}
