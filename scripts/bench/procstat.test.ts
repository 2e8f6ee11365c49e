import { describe, expect, it } from "bun:test";
import {
  cpuBetween,
  otherCpuPct,
  parseStatTicks,
  parseStatusKb,
  parseSystemBusyTicks,
  sampleProc,
} from "./procstat.ts";

describe("parseStatTicks", () => {
  it("adds utime and stime even when the command name has spaces and parens", () => {
    const stat = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 8 0 100 0 0";
    expect(parseStatTicks(stat)).toBe(325);
  });
  it("rejects a line that is not a stat line", () => {
    expect(() => parseStatTicks("garbage")).toThrow();
  });
});

describe("parseStatusKb", () => {
  const status = "Name:\tbun\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t8\n";
  it("reads a kB field in bytes", () => {
    expect(parseStatusKb(status, "VmRSS")).toBe(100 * 1024 * 1024);
    expect(parseStatusKb(status, "VmHWM")).toBe(200 * 1024 * 1024);
  });
  it("is NaN for a missing field", () => {
    expect(parseStatusKb(status, "VmSwap")).toBeNaN();
  });
});

describe("sampleProc", () => {
  it("samples this process and sees the CPU it burns", async () => {
    // Burn 200 ms of CPU by the process's own account (however busy the machine is), then check
    // that /proc, read through sampleProc, saw about as much.
    const a = await sampleProc(process.pid);
    const start = process.cpuUsage();
    const deadline = Date.now() + 5000;
    let x = 0;
    while (Date.now() < deadline) {
      for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
      const used = process.cpuUsage(start);
      if (used.user + used.system >= 200_000) break;
    }
    const b = await sampleProc(process.pid);
    expect(a?.rssBytes).toBeGreaterThan(1_000_000);
    expect(b!.cpuTicks - a!.cpuTicks).toBeGreaterThanOrEqual(15);
    expect(cpuBetween(a, b)).toBeGreaterThan(0);
    expect(x).toBeGreaterThan(0);
  });
  it("answers null for a process that does not exist", async () => {
    expect(await sampleProc(2 ** 22 + 7)).toBeNull();
  });
});

describe("machine CPU", () => {
  it("counts busy ticks as everything but idle and iowait", () => {
    const stat = "cpu  100 5 50 1000 20 3 2 0 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n";
    expect(parseSystemBusyTicks(stat)).toBe(160);
  });
  it("attributes to other jobs what our processes did not use", () => {
    const a = { at: 0, busyTicks: 1000 };
    const b = { at: 2000, busyTicks: 1300 };
    expect(otherCpuPct(a, b, 200)).toBe(50);
    expect(otherCpuPct(a, b, 400)).toBe(0);
  });
});
