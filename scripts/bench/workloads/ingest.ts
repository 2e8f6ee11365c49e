/**
 * Ingest: how many events per second the hub makes durable through POST /api/v1/events with no
 * subscribers — batched (arrays of 100 and 1000, a few requests in flight) and single (one event
 * per request, many in flight) — next to raw bun:sqlite appends of the same rows.
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { IngestResult } from "../results.ts";
import type { Summary } from "../stats.ts";
import { SPECS, startServer } from "../targets/registry.ts";
import { type Ctx, errorText, scoped, snapshot, spawnLoad, usage, waitForQuiet } from "./harness.ts";

interface PublisherReport {
  accepted: number;
  failed: number;
  acceptedPerSec: number;
  firstError: string;
  postMs: Summary;
}
type SqliteReport = Record<IngestResult["mode"], { rowsPerSec: number; rows: number }>;

const MODES: { mode: IngestResult["mode"]; batch: number }[] = [
  { mode: "batch-100", batch: 100 },
  { mode: "batch-1000", batch: 1000 },
  { mode: "single", batch: 1 },
];

export async function ingestHub(ctx: Ctx): Promise<IngestResult[]> {
  const p = ctx.profile.ingest;
  const out: IngestResult[] = [];
  for (const { mode, batch } of MODES) {
    try {
      // A fresh hub (and database) per mode, so one mode's rows do not slow the next.
      out.push(
        await scoped(async (track) => {
          await waitForQuiet(ctx.profile.quietWaitMs);
          const server = await startServer("hub-ws", ctx.dirs, ctx.watch?.hubEnv);
          track(server.proc);
          const pub = track(
            spawnLoad(ctx, "publisher", {
              url: server.base + SPECS["hub-ws"].publishPath,
              mode: "flood",
              rate: 0,
              batch,
              inFlight: batch === 1 ? p.singleInFlight : p.batchInFlight,
              single: batch === 1,
              startAt: Date.now() + 300,
              durationMs: p.durationMs,
              maxEvents: 0,
              wireBytes: ctx.profile.wireBytes,
              ...(ctx.watch ? { engineId: ctx.watch.engineId } : {}),
            }),
          );
          const pids = [server.proc.pid, pub.pid];
          await Bun.sleep(300);
          const a = await snapshot(pids);
          const rep = await pub.nextEvent<PublisherReport>("report", p.durationMs + 60_000);
          const b = await snapshot(pids);
          return {
            target: "hub",
            mode,
            eventsPerSec: rep.acceptedPerSec,
            accepted: rep.accepted,
            failed: rep.failed,
            requestMs: rep.postMs,
            serverCpuPct: usage(a, b, server.proc.pid, pids).cpuPct,
            ...(rep.failed > 0 ? { error: `${rep.failed} events refused: ${rep.firstError}` } : {}),
          } satisfies IngestResult;
        }),
      );
    } catch (e) {
      out.push({ target: "hub", mode, eventsPerSec: 0, accepted: 0, failed: 0, error: errorText(e) });
    }
  }
  return out;
}

export async function ingestSqlite(ctx: Ctx): Promise<IngestResult[]> {
  const durationMs = Math.min(3000, ctx.profile.ingest.durationMs);
  try {
    const rep = await scoped(async (track) => {
      const dir = mkdtempSync(join(ctx.dirs.tmpDir, "sqlite-"));
      const proc = track(spawnLoad(ctx, "sqlite-ingest", { dir, durationMs, wireBytes: ctx.profile.wireBytes }));
      return proc.nextEvent<SqliteReport>("report", durationMs * 3 + 30_000);
    });
    return MODES.map(({ mode }) => ({
      target: "sqlite",
      mode,
      eventsPerSec: rep[mode].rowsPerSec,
      accepted: rep[mode].rows,
      failed: 0,
    }));
  } catch (e) {
    return MODES.map(({ mode }) => ({
      target: "sqlite",
      mode,
      eventsPerSec: 0,
      accepted: 0,
      failed: 0,
      error: errorText(e),
    }));
  }
}
