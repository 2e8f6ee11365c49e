/**
 * What every workload shares: the run context, starting load processes, sampling the resource use
 * of a set of processes over an interval, and a scope that stops what it started by pid.
 */
import { join } from "node:path";
import { spawnTracked, stop, type Tracked } from "../processes.ts";
import { cpuBetween, otherCpuPct, type ProcSample, type SystemSample, sampleProc, sampleSystem } from "../procstat.ts";
import type { Profile } from "../profile.ts";
import type { RunDirs } from "../targets/registry.ts";

export interface Ctx {
  dirs: RunDirs;
  profile: Profile;
  log: (line: string) => void;
  /** `--watch`: extra environment for hub processes and the engine name the publisher sends. */
  watch?: { hubEnv: Record<string, string>; engineId: string };
}

export type LoadScript =
  | "ws-clients"
  | "sse-clients"
  | "sio-clients"
  | "publisher"
  | "sqlite-ingest"
  | "resume-clients"
  | "steady-publisher"
  | "desk-log";

/** Starts a load process with its JSON config. */
export function spawnLoad(ctx: Ctx, script: LoadScript, config: object): Tracked {
  return spawnTracked(script, ["bun", join(ctx.dirs.benchDir, "load", `${script}.ts`), JSON.stringify(config)], {
    cwd: ctx.dirs.benchDir,
    logDir: ctx.dirs.tmpDir,
    // Bun's fetch holds at most 256 requests at once by default; an SSE stream is one for its life.
    env: { BUN_CONFIG_MAX_HTTP_REQUESTS: "65535" },
  });
}

/**
 * Runs `fn` with a `track` function; every process tracked is stopped by pid when `fn` ends,
 * however it ends (last started, first stopped).
 */
export async function scoped<T>(fn: (track: <P extends Tracked>(p: P) => P) => Promise<T>): Promise<T> {
  const started: Tracked[] = [];
  try {
    return await fn((p) => {
      started.push(p);
      return p;
    });
  } finally {
    for (const p of started.reverse()) await stop(p);
  }
}

export interface Snapshot {
  system: SystemSample;
  procs: Map<number, ProcSample | null>;
}

/** Samples the machine and each given pid at one moment. */
export async function snapshot(pids: number[]): Promise<Snapshot> {
  const [system, ...samples] = await Promise.all([sampleSystem(), ...pids.map((p) => sampleProc(p))]);
  return { system, procs: new Map(pids.map((p, i) => [p, samples[i] ?? null])) };
}

/**
 * CPU of one pid — or the sum over several (the instances of one target) — between snapshots,
 * and CPU of everything else on the machine.
 */
export function usage(a: Snapshot, b: Snapshot, pid: number | readonly number[], ownPids: number[]) {
  const own = ownPids.reduce((s, p) => {
    const x = a.procs.get(p);
    const y = b.procs.get(p);
    return s + (x && y ? y.cpuTicks - x.cpuTicks : 0);
  }, 0);
  const pids = typeof pid === "number" ? [pid] : pid;
  return {
    cpuPct: pids.reduce((s, p) => s + cpuBetween(a.procs.get(p) ?? null, b.procs.get(p) ?? null), 0),
    otherCpuPct: otherCpuPct(a.system, b.system, own),
  };
}

/** RSS and peak RSS summed over pids in one snapshot, in bytes (NaN if any is gone). */
export function rssSum(s: Snapshot, pids: readonly number[]): { rss: number; peak: number } {
  return pids.reduce(
    (acc, p) => {
      const x = s.procs.get(p);
      return { rss: acc.rss + (x ? x.rssBytes : Number.NaN), peak: acc.peak + (x ? x.peakRssBytes : Number.NaN) };
    },
    { rss: 0, peak: 0 },
  );
}

export const MB = 1024 * 1024;

export function sleepUntil(wallMs: number): Promise<void> {
  return Bun.sleep(Math.max(0, wallMs - Date.now()));
}

/** Median RSS of a few samples a little apart (RSS jitters with GC). */
export async function steadyRss(pid: number, samples = 3, gapMs = 300): Promise<number> {
  const v: number[] = [];
  for (let i = 0; i < samples; i++) {
    const s = await sampleProc(pid);
    if (s) v.push(s.rssBytes);
    if (i < samples - 1) await Bun.sleep(gapMs);
  }
  v.sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)] ?? Number.NaN;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Between runs none of ours is running, so the machine's busy time is other jobs'. Waits (at most
 * `maxWaitMs`) for a half second in which they use under `thresholdPct` of one core, so that
 * targets compared with each other are measured on an equally quiet machine as far as possible.
 */
export async function waitForQuiet(maxWaitMs: number, thresholdPct = 30): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let a = await sampleSystem();
  for (;;) {
    await Bun.sleep(500);
    const b = await sampleSystem();
    const busy = otherCpuPct(a, b, 0);
    if (busy < thresholdPct || Date.now() >= deadline) return busy;
    a = b;
  }
}
