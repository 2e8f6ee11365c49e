/**
 * Connection workloads. Storm: open N WebSocket (or Socket.IO) clients all at once and time it.
 * Idle memory: hold N idle connections and divide the server's RSS growth by N.
 */

import { CLOCK_TICKS_PER_SECOND } from "../procstat.ts";
import type { IdleResult, StormResult } from "../results.ts";
import { cpuPercent, type Summary } from "../stats.ts";
import { SPECS, startServer, type TargetName } from "../targets/registry.ts";
import { type Ctx, errorText, MB, scoped, snapshot, spawnLoad, steadyRss, usage, waitForQuiet } from "./harness.ts";

interface Ready {
  connected: number;
  failed: number;
  elapsedMs: number;
  openMs: Summary;
  firstError: string;
}

const NAN_SUMMARY: Summary = { count: 0, min: NaN, p50: NaN, p99: NaN, max: NaN, mean: NaN };

export async function stormRun(ctx: Ctx, target: TargetName): Promise<StormResult> {
  const { clients, timeoutMs } = ctx.profile.storm;
  const spec = SPECS[target];
  try {
    return await scoped(async (track) => {
      await waitForQuiet(ctx.profile.quietWaitMs);
      const server = await startServer(target, ctx.dirs);
      track(server.proc);
      const a = await snapshot([server.proc.pid]);
      const load = track(
        spawnLoad(ctx, `${spec.client}-clients`, {
          url: spec.subscribeUrl(server.base),
          clients,
          concurrency: clients, // every attempt at once
          connectTimeoutMs: timeoutMs,
          maxK: 0,
        }),
      );
      const ready = await load.nextEvent<Ready>("ready", timeoutMs + 30_000);
      const b = await snapshot([server.proc.pid, load.pid]);
      // The load process started just after `a`: all its CPU time so far was this storm (and its start-up).
      const loadTicks = b.procs.get(load.pid)?.cpuTicks ?? NaN;
      load.send({ cmd: "exit" });
      return {
        target,
        clients,
        connected: ready.connected,
        failed: ready.failed,
        elapsedMs: ready.elapsedMs,
        openMs: ready.openMs,
        serverCpuPct: usage(a, b, server.proc.pid, [server.proc.pid]).cpuPct,
        loadgenCpuPct: cpuPercent(loadTicks, CLOCK_TICKS_PER_SECOND, b.system.at - a.system.at),
        serverRssMB: (b.procs.get(server.proc.pid)?.rssBytes ?? NaN) / MB,
        ...(ready.firstError ? { firstError: ready.firstError } : {}),
      };
    });
  } catch (e) {
    return {
      target,
      clients,
      connected: 0,
      failed: 0,
      elapsedMs: NaN,
      openMs: NAN_SUMMARY,
      serverCpuPct: NaN,
      loadgenCpuPct: NaN,
      serverRssMB: NaN,
      error: errorText(e),
    };
  }
}

export async function idleRun(ctx: Ctx, target: TargetName): Promise<IdleResult> {
  const { clients, settleMs } = ctx.profile.idle;
  const spec = SPECS[target];
  try {
    return await scoped(async (track) => {
      await waitForQuiet(ctx.profile.quietWaitMs);
      const server = await startServer(target, ctx.dirs);
      track(server.proc);
      await Bun.sleep(1000); // let start-up allocation settle
      const before = await steadyRss(server.proc.pid);
      const load = track(
        spawnLoad(ctx, `${spec.client}-clients`, {
          url: spec.subscribeUrl(server.base),
          clients,
          concurrency: ctx.profile.connectConcurrency,
          connectTimeoutMs: 30_000,
          maxK: 0,
        }),
      );
      const ready = await load.nextEvent<Ready>("ready", 180_000);
      await Bun.sleep(settleMs);
      const after = await steadyRss(server.proc.pid);
      load.send({ cmd: "exit" });
      return {
        target,
        clients,
        connected: ready.connected,
        failed: ready.failed,
        rssBeforeMB: before / MB,
        rssAfterMB: after / MB,
        bytesPerConn: ready.connected > 0 ? (after - before) / ready.connected : NaN,
        ...(ready.failed > 0 ? { error: `${ready.failed} failed to connect: ${ready.firstError}` } : {}),
      };
    });
  } catch (e) {
    return {
      target,
      clients,
      connected: 0,
      failed: 0,
      rssBeforeMB: NaN,
      rssAfterMB: NaN,
      bytesPerConn: NaN,
      error: errorText(e),
    };
  }
}
