import { describe, expect, it } from "bun:test";
import type { FirstLoadResult, ResumePhase, ResumeResult } from "./results.ts";
import { summarize } from "./stats.ts";
import { userFacingVerdicts } from "./verdicts-user-facing.ts";

const firstLoad = (wireBytes: number): FirstLoadResult => ({
  target: "hub",
  visits: 1,
  wireBytes,
  bodyBytes: 360_000,
  identityWireBytes: 370_000,
  resources: [],
});

const phase = (kind: ResumePhase["kind"], allCaughtUpMs: number, caughtUp = 10): ResumePhase => ({
  kind,
  downMs: 900,
  clients: 10,
  dropped: 10,
  resumed: caughtUp,
  caughtUp,
  allCaughtUpMs,
  caughtUpMs: summarize([100, allCaughtUpMs]),
  resumedMs: summarize([50]),
  truncated: 0,
  hubPeakRssMB: 140,
  hubCpuPct: 50,
  hubPeakCpuPct: 80,
});

const tally = (lost: number, duplicates: number) => ({
  clients: 5,
  expected: 100,
  lost,
  duplicates,
  reordered: 0,
  unexpected: 0,
});

const resume = (phases: ResumePhase[], lost = 0, duplicates = 0): ResumeResult => ({
  clients: 10,
  connected: 10,
  topics: 5,
  rate: 1000,
  workers: 1,
  phases,
  published: 1000,
  publishRetries: 3,
  transports: { ws: tally(lost, duplicates), sse: tally(0, 0) },
});

describe("userFacingVerdicts", () => {
  it("passes a first load of at most 150 KB and fails one above", () => {
    const [ok] = userFacingVerdicts({ firstLoad: [firstLoad(104_976)] });
    expect(ok?.pass).toBe(true);
    expect(ok?.measured).toContain("102.5 KB");
    const [bad] = userFacingVerdicts({ firstLoad: [firstLoad(200 * 1024)] });
    expect(bad?.pass).toBe(false);
    expect(bad?.note).toContain("over the goal");
  });

  it("judges each restart against 5 s and lost/duplicated against zero", () => {
    const vs = userFacingVerdicts({ resume: [resume([phase("graceful", 4650), phase("sigkill", 7283)])] });
    expect(vs.map((v) => v.pass)).toEqual([true, false, true]);
    expect(vs[1]?.measured).toContain("7.28 s");
  });

  it("fails a restart some client never caught up from, and any loss or duplicate", () => {
    const vs = userFacingVerdicts({
      resume: [resume([phase("graceful", Number.NaN, 9), phase("sigkill", 100)], 1, 0)],
    });
    expect(vs[0]?.pass).toBe(false);
    expect(vs[0]?.note).toContain("1 clients not caught up");
    expect(vs[2]?.pass).toBe(false);
  });

  it("gives n/a with the error when the workload broke", () => {
    const vs = userFacingVerdicts({ resume: [{ ...resume([]), error: "hub did not start" }] });
    expect(vs.every((v) => v.pass === null && v.note === "hub did not start")).toBe(true);
  });

  it("judges the browser pipeline: catch-up against 50,000/s, live busy against 30% and keeping up", () => {
    const run = (target: "hub" | "bare", perSec: number, busyPct: number, lagLateMs = 3) => ({
      target,
      events: 100_000,
      catchUpMs: 100_000_000 / perSec,
      catchUpPerSec: perSec,
      live: { rate: 5000, receivedPerSec: 4990, messagesPerSec: 70, busyPct, lagEarlyMs: 2, lagLateMs },
    });
    const ok = userFacingVerdicts({ browser: [run("hub", 59_000, 18), run("bare", 53_000, 23)] });
    expect(ok.map((v) => v.pass)).toEqual([true, true]);
    expect(ok[0]?.measured).toContain("bare server 53,000/s");
    const slow = userFacingVerdicts({ browser: [run("hub", 6_000, 73)] });
    expect(slow.map((v) => v.pass)).toEqual([false, false]);
    const behind = userFacingVerdicts({ browser: [run("hub", 60_000, 20, 1300)] });
    expect(behind[1]?.pass).toBe(false);
    expect(behind[1]?.note).toContain("fell behind");
  });
});
