/**
 * Resume storm: thousands of clients with cursors — half WebSocket, half SSE,
 * raw cheap consumers in worker processes, each following one strategy's signals and reconnecting
 * with the SDK's backoff — while a publisher keeps up `rate` events/s through two hub restarts on
 * the same port and database: a graceful one (SIGTERM: every client is told 1001 / the stream
 * ends) and a crash (SIGKILL). For each: how long the hub was away, how long after it answered
 * again every client had resumed and been told `replayed` (caught up), the new hub's peak RSS and
 * CPU; at the end, against the publisher's seq → strategy map, what any client missed or got twice.
 */
import { join } from "node:path";
import type { Tracked } from "../processes.ts";
import type { ResumePhase, ResumeResult, ResumeTally } from "../results.ts";
import { summarize } from "../stats.ts";
import { startServer } from "../targets/registry.ts";
import { type Ctx, errorText, MB, scoped, spawnLoad, waitForQuiet } from "./harness.ts";
import { startSampler } from "./proc-sampler.ts";

interface PhaseReport {
  name: string;
  clients: number;
  dropped: number;
  resumed: number;
  caughtUp: number;
  caughtUpAt: number[];
  resumedAt: number[];
  truncated: number;
}

interface PublisherReport {
  accepted: number;
  retries: number;
  firstSeq: number;
  topics: number[];
  firstError: string;
}

type WorkerReport = { ws: ResumeTally; sse: ResumeTally; attempts: number[]; stillConnected: number };

const EMPTY_TALLY: ResumeTally = { clients: 0, expected: 0, lost: 0, duplicates: 0, reordered: 0, unexpected: 0 };

/** One phase's figures from every worker's report, times relative to the hub answering again. Pure. */
export function summarizePhase(
  kind: ResumePhase["kind"],
  reports: readonly PhaseReport[],
  times: { signalAt: number; upAt: number },
  use: { peakRssBytes: number; cpuPct: number; peakCpuPct: number },
): ResumePhase {
  const sum = (k: "clients" | "dropped" | "resumed" | "caughtUp" | "truncated") =>
    reports.reduce((s, r) => s + r[k], 0);
  const caught = reports.flatMap((r) => r.caughtUpAt.map((t) => t - times.upAt));
  const resumed = reports.flatMap((r) => r.resumedAt.map((t) => t - times.upAt));
  const clients = sum("clients");
  const caughtUp = sum("caughtUp");
  return {
    kind,
    downMs: times.upAt - times.signalAt,
    clients,
    dropped: sum("dropped"),
    resumed: sum("resumed"),
    caughtUp,
    allCaughtUpMs: caughtUp === clients && clients > 0 ? Math.max(...caught) : Number.NaN,
    caughtUpMs: summarize(caught),
    resumedMs: summarize(resumed),
    truncated: sum("truncated"),
    hubPeakRssMB: use.peakRssBytes / MB,
    hubCpuPct: use.cpuPct,
    hubPeakCpuPct: use.peakCpuPct,
  };
}

function addTally(a: ResumeTally, b: ResumeTally): ResumeTally {
  return {
    clients: a.clients + b.clients,
    expected: a.expected + b.expected,
    lost: a.lost + b.lost,
    duplicates: a.duplicates + b.duplicates,
    reordered: a.reordered + b.reordered,
    unexpected: a.unexpected + b.unexpected,
  };
}

export async function resumeRun(ctx: Ctx): Promise<ResumeResult> {
  const p = ctx.profile.resume;
  const base: ResumeResult = {
    clients: p.clients,
    connected: 0,
    topics: p.topics,
    rate: p.rate,
    workers: p.workers,
    phases: [],
    published: 0,
    publishRetries: 0,
    transports: { ws: EMPTY_TALLY, sse: EMPTY_TALLY },
  };
  try {
    return await scoped(async (track) => {
      await waitForQuiet(ctx.profile.quietWaitMs);
      const dbPath = join(ctx.dirs.tmpDir, `resume-${Date.now()}.db`);
      let hub = await startServer("hub-ws", ctx.dirs, { DB_PATH: dbPath }, "hub-resume");
      track(hub.proc);
      const port = new URL(hub.base).port;
      const per = Math.ceil(p.clients / p.workers);
      const workers: Tracked[] = [];
      for (let w = 0; w < p.workers; w++) {
        const first = w * per;
        const count = Math.min(per, p.clients - first);
        workers.push(
          track(
            spawnLoad(ctx, "resume-clients", {
              url: hub.base,
              clients: count,
              first,
              topics: p.topics,
              connectTimeoutMs: 60_000,
            }),
          ),
        );
      }
      const ready = await Promise.all(workers.map((w) => w.nextEvent<{ connected: number }>("ready", 120_000)));
      const connected = ready.reduce((s, r) => s + r.connected, 0);
      if (connected < p.clients) throw new Error(`only ${connected} of ${p.clients} clients connected`);
      const publisher = track(
        spawnLoad(ctx, "steady-publisher", {
          url: `${hub.base}/api/v1/events`,
          rate: p.rate,
          topics: p.topics,
          runId: `resume-${Date.now()}`,
          maxDurationMs: 10 * 60_000,
        }),
      );

      const phases: ResumePhase[] = [];
      const restart = async (kind: ResumePhase["kind"]): Promise<void> => {
        for (const w of workers) w.send({ cmd: "phase", name: kind });
        const old = hub.proc;
        const signalAt = Date.now();
        process.kill(old.pid, kind === "graceful" ? "SIGTERM" : "SIGKILL");
        const exited = await Promise.race([old.exited.then(() => true), Bun.sleep(15_000).then(() => false)]);
        if (!exited) {
          process.kill(old.pid, "SIGKILL");
          await old.exited;
        }
        hub = await startServer("hub-ws", ctx.dirs, { DB_PATH: dbPath, PORT: port }, `hub-resume-${kind}`);
        track(hub.proc);
        const upAt = Date.now();
        const sampler = startSampler(hub.proc.pid);
        const reports: PhaseReport[] = [];
        for (const w of workers) {
          const left = Math.max(1000, upAt + p.phaseTimeoutMs - Date.now());
          const r = await w.nextEvent<PhaseReport>("phase", left).catch(async () => {
            w.send({ cmd: "phase-report" });
            return w.nextEvent<PhaseReport>("phase", 10_000);
          });
          reports.push(r);
        }
        phases.push(summarizePhase(kind, reports, { signalAt, upAt }, await sampler.stop()));
        const last = phases.at(-1) as ResumePhase;
        ctx.log(
          `  ${kind}: away ${last.downMs} ms; ${last.caughtUp}/${last.clients} caught up, the last ${Math.round(last.allCaughtUpMs)} ms after the hub answered`,
        );
      };

      await Bun.sleep(p.steadyMs);
      await restart("graceful");
      await Bun.sleep(p.settleMs);
      await restart("sigkill");
      await Bun.sleep(p.steadyMs);

      publisher.send({ cmd: "stop" });
      const pub = await publisher.nextEvent<PublisherReport>("report", 60_000);
      for (const w of workers) {
        w.send({ cmd: "verify", firstSeq: pub.firstSeq, topics: pub.topics, quietMs: 1000, maxDrainMs: 15_000 });
      }
      const reps = await Promise.all(workers.map((w) => w.nextEvent<WorkerReport>("report", 60_000)));
      const ws = reps.reduce((t, r) => addTally(t, r.ws), EMPTY_TALLY);
      const sse = reps.reduce((t, r) => addTally(t, r.sse), EMPTY_TALLY);
      return {
        ...base,
        connected,
        phases,
        published: pub.accepted,
        publishRetries: pub.retries,
        transports: { ws, sse },
        attempts: summarize(reps.flatMap((r) => r.attempts)),
        ...(pub.accepted === 0 ? { error: `nothing was published: ${pub.firstError}` } : {}),
      };
    });
  } catch (e) {
    return { ...base, error: errorText(e) };
  }
}
