import { describe, expect, it } from "bun:test";
import { summarizeUse } from "./proc-sampler.ts";

const s = (at: number, cpuTicks: number, peakRssBytes: number) => ({ at, cpuTicks, rssBytes: 0, peakRssBytes });

describe("summarizeUse", () => {
  it("gives CPU over the window, the busiest slice and the highest peak RSS", () => {
    const use = summarizeUse([s(0, 0, 10), s(500, 25, 30), s(1000, 30, 20)]);
    expect(use.cpuPct).toBeCloseTo(30); // 30 ticks = 0.3 s of CPU in 1 s
    expect(use.peakCpuPct).toBeCloseTo(50); // 25 ticks in the first 0.5 s
    expect(use.peakRssBytes).toBe(30);
  });

  it("is NaN with nothing to compare", () => {
    const use = summarizeUse([s(0, 0, 10)]);
    expect(use.cpuPct).toBeNaN();
    expect(use.peakCpuPct).toBeNaN();
  });
});
