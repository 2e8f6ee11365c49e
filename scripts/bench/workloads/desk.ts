/**
 * Desk state: a hub holding a long trading history — by default 1,000,000 events, 100
 * strategies, 1,000 open positions — and what its desk state costs and gives:
 * - ingest with the desk state maintained vs the same stream into a hub with DESK_STATE=off
 *   (ratio; up to 300,000 events, 2 requests of 1,000 events in flight, off/on twice, best of each);
 * - `GET /api/v1/snapshot`: latency and body size (gzip, as a browser asks; and the plain JSON),
 *   each request after a publish so the state has moved and nothing is served from the per-seq
 *   cache (the honest, uncached figure);
 * - start-up of the hub on that log: after a graceful stop (final checkpoint) and after SIGKILL
 *   (checkpoint plus the events after it), spawn to `listening`.
 */
import { join } from "node:path";
import type { DeskResult } from "../results.ts";
import { summarize } from "../stats.ts";
import { startServer } from "../targets/registry.ts";
import { type DeskBatchPlan, deskBatch } from "./desk-stream.ts";
import { type Ctx, errorText, scoped, waitForQuiet } from "./harness.ts";

const IN_FLIGHT = 2;

async function post(base: string, items: unknown[]): Promise<void> {
  const res = await fetch(`${base}/api/v1/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(items),
  });
  if (res.status !== 202) throw new Error(`publish answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
}

/** Publishes the whole plan, IN_FLIGHT batches at a time; returns events per second. */
async function publishPlan(base: string, plan: DeskBatchPlan): Promise<number> {
  // Batches are built before timing: the rate is the hub's, not this process's JSON building.
  const bodies: unknown[][] = [];
  for (let k = 0; ; k++) {
    const b = deskBatch(plan, k);
    if (!b) break;
    bodies.push(b);
  }
  // Batch 0 opens the long-lived positions: first, alone.
  const t0 = performance.now();
  await post(base, bodies[0]!);
  let next = 1;
  const worker = async () => {
    while (next < bodies.length) await post(base, bodies[next++]!);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return plan.events / ((performance.now() - t0) / 1000);
}

export async function deskRun(ctx: Ctx, plan: DeskBatchPlan & { snapshots: number }): Promise<DeskResult> {
  const result: DeskResult = {
    events: plan.events,
    strategies: plan.strategies,
    openPositions: plan.openPositions,
    ingestOn: 0,
    ingestOff: 0,
    snapshotMs: null,
    snapshotBytes: 0,
    snapshotJsonBytes: 0,
    snapshotSeq: 0,
    startupGracefulMs: 0,
    startupKilledMs: 0,
  };
  const dbPath = join(ctx.dirs.tmpDir, "desk-bench.db");
  try {
    // Ingest, off and on in turn, twice, best of each (a shared 2-core box is noisy): the same
    // stream (up to 300,000 events) into a fresh hub each time.
    const sample = { ...plan, events: Math.min(plan.events, 300_000) };
    for (let round = 0; round < 2; round++) {
      for (const desk of ["off", "on"] as const) {
        await waitForQuiet(ctx.profile.quietWaitMs);
        const rate = await scoped(async (track) => {
          const s = await startServer("hub-ws", ctx.dirs, { DESK_STATE: desk }, `hub-desk-${desk}`);
          track(s.proc);
          return publishPlan(s.base, sample);
        });
        if (desk === "on") result.ingestOn = Math.max(result.ingestOn, rate);
        else result.ingestOff = Math.max(result.ingestOff, rate);
        ctx.log(`  ingest, desk ${desk}: ${Math.round(rate).toLocaleString("en-US")} events/s`);
      }
    }
    await waitForQuiet(ctx.profile.quietWaitMs);
    await scoped(async (track) => {
      const s = await startServer("hub-ws", ctx.dirs, { DB_PATH: dbPath }, "hub-desk-history");
      track(s.proc);
      const rate = await publishPlan(s.base, plan);
      ctx.log(
        `  history of ${plan.events.toLocaleString("en-US")} events written at ${Math.round(rate).toLocaleString("en-US")} events/s`,
      );
      const times: number[] = [];
      const tick = deskBatch({ ...plan, openPositions: 0, batch: 1 }, 3)!;
      for (let i = 0; i < plan.snapshots; i++) {
        await post(s.base, tick); // the state moves: no cached answer
        const t = performance.now();
        // As a browser asks for it (gzip accepted); the bytes counted are those on the wire.
        const res = await fetch(`${s.base}/api/v1/snapshot`, {
          headers: { "Accept-Encoding": "gzip" },
          decompress: false,
        } as RequestInit);
        const body = await res.arrayBuffer();
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`snapshot answered ${res.status}`);
        result.snapshotBytes = body.byteLength;
        result.snapshotSeq = Number(res.headers.get("x-snapshot-seq") ?? 0);
      }
      const plain = await fetch(`${s.base}/api/v1/snapshot`, { headers: { "Accept-Encoding": "identity" } });
      result.snapshotJsonBytes = (await plain.arrayBuffer()).byteLength;
      result.snapshotMs = summarize(times);
    });
    // Graceful stop above wrote a final checkpoint: the start folds nothing.
    result.startupGracefulMs = await timedStart(ctx, dbPath, "hub-desk-restart");
    result.startupKilledMs = await scoped(async (track) => {
      const s = await startServer("hub-ws", ctx.dirs, { DB_PATH: dbPath }, "hub-desk-kill");
      track(s.proc);
      // Move past the last checkpoint, then die without one.
      for (let k = 1; k <= 9; k++) await post(s.base, deskBatch(plan, k)!);
      process.kill(s.proc.pid, "SIGKILL");
      await s.proc.exited;
      return timedStart(ctx, dbPath, "hub-desk-after-kill");
    });
  } catch (e) {
    result.error = errorText(e);
  }
  return result;
}

async function timedStart(ctx: Ctx, dbPath: string, label: string): Promise<number> {
  return scoped(async (track) => {
    const t = performance.now();
    const s = await startServer("hub-ws", ctx.dirs, { DB_PATH: dbPath }, label);
    const ms = performance.now() - t;
    track(s.proc);
    return ms;
  });
}
