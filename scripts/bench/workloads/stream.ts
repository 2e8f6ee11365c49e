/**
 * Fan-out, scale-out and burst: N clients subscribed to one target while the publisher POSTs bench
 * events to it — at a fixed rate with warm-up then a measured window (fan-out; scale-out is the
 * same on the Redis targets), or as fast as the target answers for a few seconds (burst). Each run
 * gets fresh target processes; a two-instance target gets half the clients on each instance.
 */
import type { DeliveryReport } from "../load/recorder.ts";
import type { StreamResult } from "../results.ts";
import type { Summary } from "../stats.ts";
import { startDeployment } from "../targets/deployment.ts";
import { SPECS, type TargetName } from "../targets/registry.ts";
import {
  type Ctx,
  errorText,
  MB,
  rssSum,
  scoped,
  sleepUntil,
  snapshot,
  spawnLoad,
  usage,
  waitForQuiet,
} from "./harness.ts";

interface Ready {
  connected: number;
  failed: number;
  elapsedMs: number;
  firstError: string;
}
type ClientReport = DeliveryReport & { disconnects: number; connected: number };
interface PublisherReport {
  accepted: number;
  failed: number;
  elapsedMs: number;
  acceptedPerSec: number;
  firstError: string;
}

export interface StreamPlan {
  workload: "fanout" | "burst" | "scale";
  clients: number;
}

const NAN_SUMMARY: Summary = { count: 0, min: NaN, p50: NaN, p99: NaN, max: NaN, mean: NaN };

function failedRun(plan: StreamPlan, target: TargetName, error: string): StreamResult {
  return {
    ...plan,
    target,
    instances: SPECS[target].instances,
    connected: 0,
    connectFailed: 0,
    published: 0,
    publishPerSec: 0,
    offeredPerSec: 0,
    deliveriesPerSec: 0,
    peakPerSec: 0,
    latencyMs: NAN_SUMMARY,
    lost: 0,
    duplicates: 0,
    disconnects: 0,
    meanEventChars: 0,
    resources: { serverCpuPct: NaN, serverRssMB: NaN, serverPeakRssMB: NaN, loadgenCpuPct: NaN, otherCpuPct: NaN },
    error,
  };
}

export async function streamRun(ctx: Ctx, target: TargetName, plan: StreamPlan): Promise<StreamResult> {
  const p = ctx.profile;
  const spec = SPECS[target];
  const flood = plan.workload === "burst";
  const maxEvents = flood
    ? p.burst.maxEvents
    : Math.ceil((p.fanout.rate * (p.fanout.warmupMs + p.fanout.measureMs)) / 1000);
  try {
    return await scoped(async (track) => {
      await waitForQuiet(ctx.profile.quietWaitMs);
      const dep = await startDeployment(target, ctx.dirs, track, ctx.watch?.hubEnv);
      const clients = track(
        spawnLoad(ctx, `${spec.client}-clients`, {
          url: spec.subscribeUrl(dep.publishBase),
          // Client i goes to instance i % n: half on each of two instances.
          urls: dep.bases.map((b) => spec.subscribeUrl(b)),
          clients: plan.clients,
          concurrency: p.connectConcurrency,
          connectTimeoutMs: 15_000,
          maxK: maxEvents,
        }),
      );
      const ready = await clients.nextEvent<Ready>("ready", 120_000);
      if (ready.connected === 0) throw new Error(`no client connected: ${ready.firstError}`);

      const start = Date.now() + 500;
      const windowStart = flood ? start : start + p.fanout.warmupMs;
      const windowEnd = windowStart + (flood ? p.burst.durationMs : p.fanout.measureMs);
      const drainMs = flood ? p.burst.drainMs : p.fanout.drainMs;
      clients.send({ cmd: "window", start: windowStart, end: windowEnd });
      const publisher = track(
        spawnLoad(ctx, "publisher", {
          url: dep.publishBase + spec.publishPath,
          mode: flood ? "flood" : "rate",
          rate: p.fanout.rate,
          batch: flood ? p.burst.batch : p.fanout.batch,
          inFlight: flood ? p.burst.inFlight : p.fanout.inFlight,
          single: false,
          startAt: start,
          durationMs: windowEnd - start,
          maxEvents,
          wireBytes: p.wireBytes,
          ...(ctx.watch && spec.isHub ? { engineId: ctx.watch.engineId } : {}),
        }),
      );
      const redisPids = dep.redisPid === null ? [] : [dep.redisPid];
      const pids = [...dep.serverPids, clients.pid, publisher.pid, ...redisPids];
      await sleepUntil(windowStart);
      const a = await snapshot(pids);
      await sleepUntil(windowEnd);
      const b = await snapshot(pids);
      // The drain starts when the last publish request is answered: a target that is still
      // broadcasting then gets until it has been quiet for a second (or drainMs) to finish.
      const pub = await publisher.nextEvent<PublisherReport>("report", 60_000);
      clients.send({ cmd: "drain", quietMs: 1000, maxDrainMs: drainMs });
      const rep = await clients.nextEvent<ClientReport>("report", drainMs + 30_000);

      const published = pub.accepted;
      const publishPerSec = flood ? pub.acceptedPerSec : (published / (windowEnd - start)) * 1000;
      const serverUse = usage(a, b, dep.serverPids, pids);
      const srv = rssSum(b, dep.serverPids);
      return {
        ...plan,
        target,
        instances: dep.serverPids.length,
        connected: ready.connected,
        connectFailed: ready.failed,
        published,
        publishPerSec,
        offeredPerSec: publishPerSec * ready.connected,
        ...(flood && published >= maxEvents ? { hitEventCap: true } : {}),
        deliveriesPerSec: (rep.windowDeliveries / rep.windowMs) * 1000,
        peakPerSec: Math.max(0, ...rep.perSecond),
        latencyMs: rep.latency,
        lost: Math.max(0, published * ready.connected - rep.unique),
        duplicates: rep.duplicates,
        disconnects: rep.disconnects,
        meanEventChars: rep.meanChars,
        resources: {
          serverCpuPct: serverUse.cpuPct,
          serverRssMB: srv.rss / MB,
          serverPeakRssMB: srv.peak / MB,
          ...(dep.redisPid === null ? {} : { redisCpuPct: usage(a, b, dep.redisPid, pids).cpuPct }),
          loadgenCpuPct: usage(a, b, clients.pid, pids).cpuPct,
          otherCpuPct: serverUse.otherCpuPct,
        },
        ...(pub.failed > 0 ? { error: `${pub.failed} events not accepted: ${pub.firstError}` } : {}),
      };
    });
  } catch (e) {
    return failedRun(plan, target, errorText(e));
  }
}
