import { describe, expect, it } from "bun:test";
import { summarizePhase } from "./resume-storm.ts";

const use = { peakRssBytes: 100 * 1024 * 1024, cpuPct: 40, peakCpuPct: 90 };
const report = (caughtUpAt: number[], clients = caughtUpAt.length) => ({
  name: "graceful",
  clients,
  dropped: clients,
  resumed: caughtUpAt.length,
  caughtUp: caughtUpAt.length,
  caughtUpAt,
  resumedAt: caughtUpAt.map((t) => t - 50),
  truncated: 0,
});

describe("summarizePhase", () => {
  it("times every client from the hub answering again, over all workers", () => {
    const p = summarizePhase(
      "graceful",
      [report([1500, 1200]), report([1100, 3000])],
      { signalAt: 0, upAt: 1000 },
      use,
    );
    expect(p.downMs).toBe(1000);
    expect(p.clients).toBe(4);
    expect(p.caughtUp).toBe(4);
    expect(p.allCaughtUpMs).toBe(2000);
    expect(p.caughtUpMs.p50).toBe(200);
    expect(p.resumedMs.max).toBe(1950);
    expect(p.hubPeakRssMB).toBe(100);
  });

  it("has no all-caught-up time while some client never caught up", () => {
    const p = summarizePhase("sigkill", [report([1500], 2)], { signalAt: 0, upAt: 1000 }, use);
    expect(p.caughtUp).toBe(1);
    expect(p.allCaughtUpMs).toBeNaN();
  });
});
