/**
 * Server resource use, read the same way for every target whatever its runtime: CPU clock ticks
 * from /proc/<pid>/stat (all threads) and resident memory from /proc/<pid>/status.
 */

export interface ProcSample {
  /** Wall-clock ms when sampled. */
  at: number;
  /** utime + stime, in clock ticks (CLK_TCK, 100 on Linux x86). */
  cpuTicks: number;
  rssBytes: number;
  /** Peak resident set size (VmHWM) over the process's life. */
  peakRssBytes: number;
}

export const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime from a /proc/<pid>/stat line. The command name may hold spaces and parens. */
export function parseStatTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error("unexpected /proc stat format");
  return utime + stime;
}

/** A `Key:   123 kB` line of /proc/<pid>/status, in bytes (NaN when absent). */
export function parseStatusKb(status: string, key: string): number {
  const m = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** Samples a live process; null when it is gone. */
export async function sampleProc(pid: number): Promise<ProcSample | null> {
  try {
    const [stat, status] = await Promise.all([
      Bun.file(`/proc/${pid}/stat`).text(),
      Bun.file(`/proc/${pid}/status`).text(),
    ]);
    return {
      at: Date.now(),
      cpuTicks: parseStatTicks(stat),
      rssBytes: parseStatusKb(status, "VmRSS"),
      peakRssBytes: parseStatusKb(status, "VmHWM"),
    };
  } catch {
    return null;
  }
}

/** CPU percent of one core between two samples of the same process (NaN if either is missing). */
export function cpuBetween(a: ProcSample | null, b: ProcSample | null): number {
  if (!a || !b || b.at <= a.at) return Number.NaN;
  return ((b.cpuTicks - a.cpuTicks) / CLOCK_TICKS_PER_SECOND / ((b.at - a.at) / 1000)) * 100;
}

/** Busy clock ticks of the whole machine (all CPUs) from /proc/stat: everything but idle and iowait. */
export function parseSystemBusyTicks(procStat: string): number {
  const line = procStat.split("\n", 1)[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (!line.startsWith("cpu ") || v.length < 5 || v.some((n) => !Number.isFinite(n))) {
    throw new Error("unexpected /proc/stat format");
  }
  const total = v.reduce((s, n) => s + n, 0);
  return total - (v[3] as number) - (v[4] as number);
}

export interface SystemSample {
  at: number;
  busyTicks: number;
}

export async function sampleSystem(): Promise<SystemSample> {
  return { at: Date.now(), busyTicks: parseSystemBusyTicks(await Bun.file("/proc/stat").text()) };
}

/**
 * CPU percent used on the machine between two system samples by everything except the given
 * per-process tick deltas (our own processes): the noise other jobs added to a measurement.
 */
export function otherCpuPct(a: SystemSample, b: SystemSample, ownTicks: number): number {
  if (b.at <= a.at) return Number.NaN;
  const other = Math.max(0, b.busyTicks - a.busyTicks - ownTicks);
  return (other / CLOCK_TICKS_PER_SECOND / ((b.at - a.at) / 1000)) * 100;
}
