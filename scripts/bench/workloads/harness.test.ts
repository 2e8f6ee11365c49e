import { describe, expect, it } from "bun:test";
import type { ProcSample } from "../procstat.ts";
import { rssSum, type Snapshot, usage } from "./harness.ts";

const proc = (cpuTicks: number, at: number, rssBytes = 0): ProcSample => ({
  cpuTicks,
  at,
  rssBytes,
  peakRssBytes: rssBytes * 2,
});
const snap = (at: number, procs: [number, ProcSample | null][], busy: number): Snapshot => ({
  system: { busyTicks: busy, at },
  procs: new Map(procs),
});

describe("usage and rssSum over the instances of a target", () => {
  // 1 s apart; at 100 ticks/s, 50 ticks = 50 % of one core.
  const a = snap(
    1000,
    [
      [1, proc(0, 1000, 10)],
      [2, proc(0, 1000, 20)],
      [3, proc(0, 1000, 1)],
    ],
    0,
  );
  const b = snap(
    2000,
    [
      [1, proc(50, 2000, 10)],
      [2, proc(30, 2000, 20)],
      [3, proc(10, 2000, 1)],
    ],
    90,
  );

  it("sums the CPU of several pids, and equals the single-pid figure for one", () => {
    expect(usage(a, b, [1, 2], [1, 2, 3]).cpuPct).toBeCloseTo(80);
    expect(usage(a, b, 1, [1, 2, 3]).cpuPct).toBeCloseTo(50);
    expect(usage(a, b, [1], [1, 2, 3]).cpuPct).toBeCloseTo(50);
  });
  it("sums RSS and peak RSS, NaN when an instance is gone", () => {
    expect(rssSum(b, [1, 2])).toEqual({ rss: 30, peak: 60 });
    expect(rssSum(b, [1, 9]).rss).toBeNaN();
  });
});
