/**
 * `bun run test`: every suite as its own `bun test` process in its own directory (so each
 * workspace's bunfig applies and the dashboard's happy-dom preload never leaks), one after
 * another (2 cores; end-to-end timing matters), then one `N passed, N failed` line for CI.
 * Usage: bun scripts/test.ts [suite...]   e.g. `bun scripts/test.ts protocol tests`
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseJunitCounts } from "./lib/junit.ts";
import type { SuiteOutcome } from "./lib/summary.ts";
import { judgeSuite, summarize } from "./lib/summary.ts";
import { hasTestFiles } from "./lib/test-files.ts";

const ROOT = resolve(import.meta.dir, "..");

/** In run order; `tests` (end-to-end, real processes) last. */
const SUITES: readonly { name: string; dir: string }[] = [
  { name: "protocol", dir: "packages/protocol" },
  { name: "bus", dir: "packages/bus" },
  { name: "client", dir: "packages/client" },
  { name: "desk", dir: "packages/desk" },
  { name: "server", dir: "apps/server" },
  { name: "dashboard", dir: "apps/dashboard" },
  { name: "simulator", dir: "apps/simulator" },
  { name: "scripts", dir: "scripts" },
  { name: "tests", dir: "tests" },
];

/** A suite that runs longer than this is killed and counted as crashed (override in seconds). */
const SUITE_TIMEOUT_MS = Number(process.env.TEST_SUITE_TIMEOUT_S ?? 900) * 1000;
const KILL_GRACE_MS = 10_000;
/**
 * Default per-test timeout. Bun 1.4.4 reads no `[test] timeout` from bunfig.toml (checked), so
 * without this every test not setting its own would get Bun's 5 s, which a busy CI box can eat
 * in one process start; a test file that needs more still calls setDefaultTimeout.
 */
const TEST_TIMEOUT_MS = 30_000;

function pickSuites(args: string[]): typeof SUITES {
  if (args.length === 0) return SUITES;
  const unknown = args.filter((a) => !SUITES.some((s) => s.name === a || s.dir === a));
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(", ")}; known: ${SUITES.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
  return SUITES.filter((s) => args.includes(s.name) || args.includes(s.dir));
}

let current: Bun.Subprocess | null = null;
let interrupted = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    interrupted = true;
    // Forward to the running suite by pid; its own cleanup hooks stop the servers it started.
    if (current && current.exitCode === null) current.kill(sig);
  });
}

async function runSuite(name: string, dir: string, junitPath: string): Promise<SuiteOutcome> {
  const cwd = join(ROOT, dir);
  if (!hasTestFiles(cwd)) return { name, exitCode: 0, counts: null, noTests: true, seconds: 0 };
  console.log(`\n━━ ${name} (${dir}) ━━`);
  const started = performance.now();
  const proc = Bun.spawn(
    ["bun", "test", `--timeout=${TEST_TIMEOUT_MS}`, "--reporter=junit", `--reporter-outfile=${junitPath}`],
    {
      cwd,
      stdio: ["ignore", "inherit", "inherit"],
      env: process.env,
    },
  );
  current = proc;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`\n${name}: still running after ${SUITE_TIMEOUT_MS / 1000}s; stopping it (pid ${proc.pid})`);
    proc.kill("SIGTERM");
    setTimeout(() => proc.exitCode === null && proc.kill("SIGKILL"), KILL_GRACE_MS).unref();
  }, SUITE_TIMEOUT_MS);
  const exitCode = await proc.exited;
  clearTimeout(timer);
  current = null;
  let counts: SuiteOutcome["counts"] = null;
  try {
    counts = parseJunitCounts(readFileSync(junitPath, "utf8"));
  } catch {
    counts = null; // missing or unreadable: the suite crashed before bun wrote its report
  }
  const seconds = (performance.now() - started) / 1000;
  return { name, exitCode: proc.signalCode ? null : exitCode, counts, timedOut, seconds };
}

const suites = pickSuites(process.argv.slice(2));
const reportDir = mkdtempSync(join(tmpdir(), "tickerwire-junit-"));
const outcomes: SuiteOutcome[] = [];
for (const s of suites) {
  if (interrupted) break;
  outcomes.push(await runSuite(s.name, s.dir, join(reportDir, `junit-${s.name}.xml`)));
}

const verdicts = outcomes.map(judgeSuite);
const report = summarize(verdicts);
console.log(`\n${report.table}\n\njunit reports: ${reportDir}`);
if (interrupted) console.log("interrupted: the remaining suites were not run");
console.log(report.line);
process.exit(report.ok && !interrupted ? 0 : 1);
