/**
 * The `stress` command: the consumers run in worker processes (pool.ts) while this process only
 * publishes at the requested rate — so neither starves the other — then waits for the deliveries
 * to drain, has every worker check its clients against what the hub acknowledged, and reports.
 */

import { TRANSPORT_KINDS } from "@tickerwire/protocol";
import type { CliIo } from "../cli/io.ts";
import { createHttpPublisher } from "../publish/http-publisher.ts";
import { sleep } from "../publish/sleep.ts";
import type { StressArgs } from "./args.ts";
import { LatencyHistogram } from "./histogram.ts";
import { scrapeHub } from "./hub-metrics.ts";
import type { LoopLagMonitor } from "./loop-lag.ts";
import { loopLagWarning, monitorLoopLag } from "./loop-lag.ts";
import { planClients } from "./plan.ts";
import { ConsumerPool } from "./pool.ts";
import { preflight } from "./preflight.ts";
import { formatProgress } from "./progress.ts";
import type { PublishLoopResult } from "./publish-loop.ts";
import { publishAtRate } from "./publish-loop.ts";
import { buildReport, mergeTransportSummaries } from "./report.ts";
import { formatReport } from "./report-text.ts";
import type { WorkerResult } from "./worker-messages.ts";

/** Exit codes: 0 all good, 1 a client lost/duplicated/reordered (or publishing failed), 3 could not start. */
export async function runStress(a: StressArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const pre = await preflight(a.url, a.ws + a.sse, io);
  if (!pre) return 3;

  const startedAt = new Date();
  const t0 = Date.now();
  const hubStart = await scrapeHub(a.url);
  let peakRss = hubStart?.rssBytes ?? null;
  const sampler = setInterval(async () => {
    const s = await scrapeHub(a.url);
    if (s?.rssBytes != null) peakRss = Math.max(peakRss ?? 0, s.rssBytes);
  }, 1_000);

  const plan = planClients(a);
  const tracked = plan.filter((p) => !p.slow).length;
  const pool = new ConsumerPool({
    workers: a.workers,
    plan,
    url: a.url,
    client: a.client,
    connectTimeoutMs: a.connectTimeoutS * 1000,
  });
  const publisher = createHttpPublisher({
    url: a.url,
    lingerMs: 0,
    maxBatch: 1_000,
    maxQueued: Math.max(1_000, a.rate * 5),
    keyPrefix: `stress-${crypto.randomUUID()}`,
    onAccepted: (b) => pool.acks([...b.seqs], [...b.topics], b.sentAt),
  });
  let phase: "connecting" | "publishing" | "draining" = "connecting";
  let last = { deliveries: 0, at: Date.now() };
  const progress = () => {
    const now = Date.now();
    const w = pool.stats;
    const perSec = ((w.deliveries - last.deliveries) * 1000) / Math.max(1, now - last.at);
    last = { deliveries: w.deliveries, at: now };
    const p = publisher.stats;
    (io.status ?? io.out)(
      formatProgress({
        phase,
        elapsedS: (now - t0) / 1000,
        connected: w.connected,
        clients: pool.size,
        acked: p.accepted,
        queued: p.queued,
        deliveriesPerSec: perSec,
        p99: w.p99,
        reconnects: w.reconnects,
        hubState: p.state,
      }),
    );
  };

  let loopLag: LoopLagMonitor | null = null;
  let run: PublishLoopResult = { produced: 0, elapsedMs: 0, error: null };
  let results: WorkerResult[] = [];
  const problems: string[] = [];
  const ticker = setInterval(() => phase !== "publishing" && progress(), 1_000);
  try {
    const all = await Promise.race([pool.connected(), abortable(signal)]);
    if (!all) io.err(`warning: only ${pool.stats.connected} of ${pool.size} clients connected; publishing anyway`);
    phase = "publishing";
    // Measured from here: spawning and connecting stall the loop once.
    loopLag = monitorLoopLag();
    run = await publishAtRate({
      publisher,
      rate: a.rate,
      durationMs: a.durationS * 1000,
      payload: a.payload,
      runId: startedAt.getTime().toString(36),
      signal,
      everySecond: () => {
        if (a.churn > 0) pool.churn(a.churn);
        progress();
      },
    });
    phase = "draining";
    if (run.error) io.err(`error: publishing stopped: ${run.error.message}`);
    else await Promise.race([publisher.close().catch(() => {}), sleep(15_000)]);
    loopLag.stop();
    await pool.drain(a.drainS * 1000);
    progress();
    const answers = await pool.finish();
    answers.forEach((r, i) => {
      if (!r)
        problems.push(`load generator: worker ${pool.pid(i)} sent no result (its clients count as never connected)`);
    });
    results = answers.filter((r): r is WorkerResult => r !== null);
  } catch (e) {
    problems.push(`load generator: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearInterval(ticker);
    clearInterval(sampler);
    loopLag?.stop();
    publisher.abort();
    pool.close();
  }

  const lag = loopLag?.histogram ?? new LatencyHistogram();
  const workerLag = merged(results.map((r) => r.loopLag));
  const latency = {
    ws: merged(results.map((r) => r.latency.ws)),
    sse: merged(results.map((r) => r.latency.sse)),
  };
  const transports = mergeTransportSummaries(results.map((r) => r.transports));
  // A worker that never reported still owns clients: count them as never connected.
  transports.ws.clients = plan.filter((p) => !p.slow && p.transport === "ws").length;
  transports.sse.clients = tracked - transports.ws.clients;
  const p = publisher.stats;
  const { url, client, ws, sse, rate, durationS, payload, slow, churn, workers } = a;
  const report = buildReport({
    startedAt,
    config: { url, client, ws, sse, rate, durationS, payload, slow, churn, workers },
    openFiles: { soft: pre.limit.soft, hard: pre.limit.hard, needed: pre.needed },
    publishMs: run.elapsedMs,
    published: { events: p.accepted, batches: p.batches, retries: p.retries },
    transports,
    latency,
    combinedLatency: merged(TRANSPORT_KINDS.map((t) => latency[t])),
    slow: {
      clients: results.reduce((s, r) => s + r.slow.clients, 0),
      deliveries: results.reduce((s, r) => s + r.slow.deliveries, 0),
      disconnects: results.reduce((s, r) => s + r.slow.disconnects, 0),
    },
    reconnects: results.reduce((s, r) => s + r.reconnects, 0),
    hub: { start: hubStart, end: await scrapeHub(a.url), peakRssBytes: peakRss, wallMs: Date.now() - t0 },
    loopLag: lag,
    workerLoopLag: workerLag,
    loadGeneratorCpu: {
      mainSeconds: cpuSeconds(),
      workerSeconds: Math.round(results.reduce((s, r) => s + r.cpuSeconds, 0) * 100) / 100,
    },
    warnings: [
      loopLagWarning(lag, "the publisher's pacing was late; use a lower rate", "publisher (main process)"),
      loopLagWarning(
        workerLag,
        client === "sdk"
          ? "use more --workers, fewer clients, a lower rate or --client raw"
          : "use more --workers, fewer clients or a lower rate",
        "consumer workers",
      ),
    ].filter((w): w is string => w !== null),
    problems: [
      ...problems,
      ...(run.error ? [`publisher: ${run.error.message}`] : []),
      ...(p.accepted < run.produced
        ? [`publisher: only ${p.accepted} of ${run.produced} events were acknowledged`]
        : []),
    ],
  });
  io.out(formatReport(report));
  if (a.json) {
    await Bun.write(a.json, `${JSON.stringify(report, null, 2)}\n`);
    io.out(`report written to ${a.json}`);
  }
  return report.ok ? 0 : 1;
}

function merged(
  parts: readonly (LatencyHistogram | Parameters<typeof LatencyHistogram.fromWire>[0])[],
): LatencyHistogram {
  const all = new LatencyHistogram();
  for (const p of parts) all.merge(p instanceof LatencyHistogram ? p : LatencyHistogram.fromWire(p));
  return all;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 10_000) / 100;
}

/** Never resolves until `signal` aborts, then resolves false. */
function abortable(signal: AbortSignal): Promise<false> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(false);
    else signal.addEventListener("abort", () => resolve(false), { once: true });
  });
}
