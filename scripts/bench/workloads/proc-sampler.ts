/**
 * Samples one process every `everyMs` while a phase lasts: the largest RSS (VmHWM covers the gaps
 * between samples), CPU over the whole window and the busiest slice. Polls, so a saturated
 * machine stretches the slices rather than losing them (CPU is from the kernel's tick counts).
 */
import { cpuBetween, type ProcSample, sampleProc } from "../procstat.ts";

export interface ProcUse {
  /** Peak resident set size (VmHWM) of the process when the sampling stopped, bytes. */
  peakRssBytes: number;
  /** CPU over the whole window, % of one core. */
  cpuPct: number;
  /** The busiest slice between two samples, % of one core. */
  peakCpuPct: number;
}

export function startSampler(pid: number, everyMs = 500): { stop(): Promise<ProcUse> } {
  const samples: ProcSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const s = await sampleProc(pid);
      if (s) samples.push(s);
      await Bun.sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const last = await sampleProc(pid);
      if (last) samples.push(last);
      return summarizeUse(samples);
    },
  };
}

/** Pure: what a run of samples says. */
export function summarizeUse(samples: readonly ProcSample[]): ProcUse {
  const first = samples[0] ?? null;
  const last = samples.at(-1) ?? null;
  let peakCpuPct = Number.NaN;
  for (let i = 1; i < samples.length; i++) {
    const c = cpuBetween(samples[i - 1] ?? null, samples[i] ?? null);
    if (!(c <= peakCpuPct)) peakCpuPct = c;
  }
  return {
    peakRssBytes: samples.length ? Math.max(...samples.map((s) => s.peakRssBytes)) : Number.NaN,
    cpuPct: cpuBetween(first, last),
    peakCpuPct,
  };
}
