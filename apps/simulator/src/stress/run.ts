/**
 * The `stress` command: connect the clients, publish at the requested rate, wait for the
 * deliveries to drain, then check every client against what the hub acknowledged and report.
 */
import type { CliIo } from "../cli/io.ts";
import { createHttpPublisher } from "../publish/http-publisher.ts";
import { sleep } from "../publish/sleep.ts";
import type { StressArgs } from "./args.ts";
import { drain } from "./drain.ts";
import { Fleet } from "./fleet.ts";
import { LatencyHistogram } from "./histogram.ts";
import { scrapeHub } from "./hub-metrics.ts";
import { LatencyRecorder } from "./latency.ts";
import { Ledger } from "./ledger.ts";
import type { LoopLagMonitor } from "./loop-lag.ts";
import { loopLagWarning, monitorLoopLag } from "./loop-lag.ts";
import { preflight } from "./preflight.ts";
import { formatProgress } from "./progress.ts";
import type { PublishLoopResult } from "./publish-loop.ts";
import { publishAtRate } from "./publish-loop.ts";
import type { Transport } from "./report.ts";
import { buildReport, TRANSPORTS } from "./report.ts";
import { formatReport } from "./report-text.ts";

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

  const ledger = new Ledger();
  const latency = new LatencyRecorder<Transport>(ledger, TRANSPORTS);
  const fleet = new Fleet(a, latency);
  const publisher = createHttpPublisher({
    url: a.url,
    lingerMs: 0,
    maxBatch: 1_000,
    maxQueued: Math.max(1_000, a.rate * 5),
    keyPrefix: `stress-${crypto.randomUUID()}`,
    onAccepted: (b) => {
      ledger.add(b.seqs, b.topics, b.sentAt);
      latency.resolve();
    },
  });
  let phase: "connecting" | "publishing" | "draining" = "connecting";
  let last = { deliveries: 0, at: Date.now() };
  const progress = () => {
    const now = Date.now();
    const perSec = ((fleet.deliveries - last.deliveries) * 1000) / Math.max(1, now - last.at);
    last = { deliveries: fleet.deliveries, at: now };
    const p = publisher.stats;
    (io.status ?? io.out)(
      formatProgress({
        phase,
        elapsedS: (now - t0) / 1000,
        connected: fleet.connected,
        clients: fleet.size,
        acked: p.accepted,
        queued: p.queued,
        deliveriesPerSec: perSec,
        p99: latency.combined().percentile(99),
        reconnects: fleet.reconnects,
        hubState: p.state,
      }),
    );
  };

  let loopLag: LoopLagMonitor | null = null;
  let run: PublishLoopResult = { produced: 0, elapsedMs: 0, error: null };
  try {
    if (!(await fleet.connect(a.connectTimeoutS * 1000, signal, progress))) {
      io.err(`warning: only ${fleet.connected} of ${fleet.size} clients connected; publishing anyway`);
    }
    phase = "publishing";
    // Measured from here: connecting (and the first schema compilations) stall the loop once.
    loopLag = monitorLoopLag();
    run = await publishAtRate({
      publisher,
      rate: a.rate,
      durationMs: a.durationS * 1000,
      payload: a.payload,
      runId: startedAt.getTime().toString(36),
      signal,
      everySecond: () => {
        if (a.churn > 0) fleet.churn(a.churn);
        progress();
      },
    });
    phase = "draining";
    if (run.error) io.err(`error: publishing stopped: ${run.error.message}`);
    else await Promise.race([publisher.close().catch(() => {}), sleep(15_000)]);
    await drain(fleet, ledger, a.drainS * 1000, progress);
  } finally {
    clearInterval(sampler);
    loopLag?.stop();
    publisher.abort();
    fleet.close();
  }

  const lag = loopLag?.histogram ?? new LatencyHistogram();
  const p = publisher.stats;
  const { url, client, ws, sse, rate, durationS, payload, slow, churn } = a;
  const report = buildReport({
    startedAt,
    config: { url, client, ws, sse, rate, durationS, payload, slow, churn },
    openFiles: { soft: pre.limit.soft, hard: pre.limit.hard, needed: pre.needed },
    publishMs: run.elapsedMs,
    published: { events: p.accepted, batches: p.batches, retries: p.retries },
    clients: fleet.outcomes(),
    ledger,
    latency: latency.histograms,
    combinedLatency: latency.combined(),
    slow: fleet.slowSummary(),
    reconnects: fleet.reconnects,
    hub: { start: hubStart, end: await scrapeHub(a.url), peakRssBytes: peakRss, wallMs: Date.now() - t0 },
    loopLag: lag,
    warnings: [
      loopLagWarning(
        lag,
        client === "sdk" ? "use fewer clients, a lower rate or --client raw" : "use fewer clients or a lower rate",
      ),
    ].filter((w): w is string => w !== null),
    problems: [
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
