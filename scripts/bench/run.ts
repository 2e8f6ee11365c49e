/**
 * `bun run bench`: starts each target and load process on this machine, runs the workloads, and
 * writes bench/results/report.md and report.json (report-<workloads>.* for a run of some
 * workloads; the Markdown is printed too). Missed goals are reported, not fatal; the exit code is
 * non-zero only when the harness itself fails.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { CliError, parseArgs, reportBaseName, targetsFor, USAGE } from "./cli.ts";
import { machineInfo } from "./machine.ts";
import { effectiveFdLimit, killAllNow, liveCount, setNiceness, stopAll } from "./processes.ts";
import { FULL, type Profile, QUICK } from "./profile.ts";
import { renderJson, renderMarkdown } from "./report.ts";
import { userFacingNotes } from "./report-user-facing.ts";
import type { BenchReport, StreamResult } from "./results.ts";
import { BENCH_KEY_PREFIX } from "./targets/deployment.ts";
import { HUB_BENCH_SETTINGS } from "./targets/hub.ts";
import { REDIS_FSYNC, redisAvailable } from "./targets/redis.ts";
import type { TargetName } from "./targets/registry.ts";
import { startWatchBench } from "./targets/watch.ts";
import { measuredOnly, verdicts } from "./verdicts.ts";
import { bestOf } from "./workloads/best-of.ts";
import { browserRun } from "./workloads/browser-pipeline.ts";
import { idleRun, stormRun } from "./workloads/connections.ts";
import { deskRun } from "./workloads/desk.ts";
import { DESK_OPEN_NOTE, deskOpenRun } from "./workloads/desk-open.ts";
import { firstLoadRun } from "./workloads/first-load.ts";
import type { Ctx } from "./workloads/harness.ts";
import { ingestHub, ingestSqlite } from "./workloads/ingest.ts";
import { resumeRun } from "./workloads/resume-storm.ts";
import { streamRun } from "./workloads/stream.ts";

function methodNotes(p: Profile, fdLimit: number, node: string, scale: boolean): string[] {
  return [
    "Target, publisher and load generator run on the same machine and share its cores, so absolute rates are bounded by this box; every throughput is also given as a ratio to a bare baseline measured in the same run, minutes apart.",
    `Each (workload, target, client count) gets a fresh server process on a free port on 127.0.0.1, stopped by pid afterwards. The hub runs as \`bun apps/server/src/main.ts\` with NODE_ENV=production, a fresh DB_PATH in a tmp dir, DASHBOARD=off and ${Object.entries(
      HUB_BENCH_SETTINGS,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(
        ", ",
      )} (every client comes from 127.0.0.1, so the per-IP connection and publish limits would be what is measured); every other setting at its default.`,
    "Publish path, the same for every target: a separate publisher process POSTs JSON arrays of `system.alert` events in the hub's publish shape. The hub takes them on POST /api/v1/events (validation, seq, durable SQLite append, fan-out); ceiling-ws, ceiling-sse and Socket.IO have a minimal POST /publish that broadcasts each event as the same wire JSON with no validation, history or logging.",
    `Fan-out publishes ${p.fanout.rate} events/s: every 5 ms the publisher sends what is due, in requests of up to ${p.fanout.batch} events with at most ${p.fanout.inFlight} in flight; a target that answers slowly gets fewer events (the published/s column). Burst keeps ${p.burst.inFlight} requests of ${p.burst.batch} events in flight back to back for ${p.burst.durationMs / 1000} s (at most ${p.burst.maxEvents.toLocaleString("en-US")} events). Receivers keep one bit per (client, event), so repeats are caught whatever the arrival order.`,
    `Events are ~${p.wireBytes} bytes on the wire. Latency = receiver Date.now() − the time the publisher wrote into the event's data (the alert message starts \`b1:<k>:<ms>:\`), not the hub's \`timestamp\` field, so it is the same measure for every target and includes the publish request. In fan-out that time is when the event was due (start + k/rate): a target that keeps the publisher waiting is charged for the wait (no coordinated omission). In burst it is when the request was built.`,
    "deliveries/s = deliveries received inside the measured window ÷ its length; best 1 s = the best whole second in it. lost = events accepted × clients connected − distinct deliveries received by the end of the drain (up to a few seconds after publishing stops, ending after 1 s of silence), so a target still far behind at the end shows as lost. disconn. = client connections the server closed.",
    "Load generators: WebSocket clients are raw TCP sockets (Bun.connect) with a minimal RFC 6455 client (no permessage-deflate offered) in one Bun process, reading markers from the bytes; SSE clients are raw fetch streams in one Bun process (BUN_CONFIG_MAX_HTTP_REQUESTS raised, Bun's default allows 256); Socket.IO clients are socket.io-client 4.8 under Bun with transports: [\"websocket\"]. The hub's WebSocket clients subscribe to `system.alert`.",
    ...(scale
      ? [
          `Scale-out (Redis): the hub with BUS=redis on a private redis-server (${redisVersion()}) that the bench starts for each run on a free port of 127.0.0.1, with its data dir in the run's tmp dir, \`--save "" --appendonly yes --appendfsync ${REDIS_FSYNC}\` (AOF fsync once a second; \`always\` would make every publish wait for the disk), stopped by pid afterwards. hub-redis-1 is one instance; hub-redis-2 is two hub processes (INSTANCE_ID a and b, REDIS_KEY_PREFIX=${BENCH_KEY_PREFIX} shared), client i connecting to instance i mod 2 (half on each), and the publisher POSTing to instance a only, so b's deliveries all cross Redis (a hands its own events to its sequencer and answers the POST once its listeners have them, as the local engine does; b learns of them from the Redis notification). Same rate, timing and measures as fan-out; server CPU % and RSS are summed over the instances, redis CPU % is the redis-server's; ratios are to hub-ws (default engine, local bus) measured in the same section. No goal in the issue: figures and ratios only.`,
        ]
      : []),
    `Socket.IO 4.8 server runs on Node ${node}, broadcasting with io.emit; its wire events are the same JSON as the others', emitted as a string.`,
    "Resources come from /proc for every target alike: CPU = utime+stime of all threads from /proc/<pid>/stat over the window, in % of one core (200 = both cores); RSS from VmRSS in /proc/<pid>/status. other CPU % = machine busy time (from /proc/stat, steal included) not used by this run's processes: other jobs on the box. A row with high other CPU was measured on a busy machine.",
    `Idle memory = (server RSS with N idle connections − RSS before any), ÷ N, each the median of 3 samples. Spawned processes get an open-files limit of ${fdLimit} (the bench asks for 65,536 and falls back to the hard limit); the ephemeral port range also caps clients per server.`,
  ];
}

function redisVersion(): string {
  const out = Bun.spawnSync(["redis-server", "--version"]).stdout.toString();
  const v = out.match(/v=(\S+)/)?.[1];
  return v ? `Redis ${v}` : "Redis";
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const root = resolve(import.meta.dir, "../..");
  const tmpDir = mkdtempSync(join(os.tmpdir(), "tickerwire-bench-"));
  const profile = opts.quick ? QUICK : FULL;
  const t0 = Date.now();
  const log = (line: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const watch = opts.watch ? startWatchBench(tmpDir) : null;
  process.on("exit", () => watch?.stop());
  const ctx: Ctx = {
    dirs: { root, benchDir: import.meta.dir, tmpDir },
    profile,
    log,
    ...(watch ? { watch: { hubEnv: watch.hubEnv, engineId: watch.engineId } } : {}),
  };

  const stopOnSignal = (sig: NodeJS.Signals, code: number) => {
    process.on(sig, () => {
      log(`${sig}: stopping ${liveCount()} processes`);
      void stopAll().finally(() => {
        rmSync(tmpDir, { recursive: true, force: true });
        process.exit(code);
      });
    });
  };
  stopOnSignal("SIGINT", 130);
  stopOnSignal("SIGTERM", 143);
  process.on("exit", killAllNow);

  const notes: string[] = watch
    ? [
        "--watch: every hub process ran with the operators' watch configured: 20 alert rules (drawdown and daily loss per strategy and for the desk, loss streaks, win rates, rollbacks, strong signals, a stale-engine rule) and 3 webhook endpoints (critical alerts, rollbacks/promotions as Slack text, closed trades) pointing at a sink in the bench process; the publisher sent X-Engine-Id with a 10 s interval. The bench's info system alerts match no endpoint and fire no rule: this measures the watch's cost on the hot path (matching every event, the ledger fold, engine tracking), not webhook traffic. Compare with the same run without --watch.",
      ]
    : [];
  if (opts.nice !== 0) {
    setNiceness(opts.nice);
    notes.push(`Every bench process ran at niceness ${opts.nice} (--nice), ahead of other jobs on the machine.`);
    // With autogroup scheduling (Linux default) niceness only ranks processes of one session;
    // between sessions the kernel uses the autogroup's own nice, which the bench's children share.
    // The autogroup is the whole terminal session's: put its nice back when the bench ends.
    try {
      const before = readFileSync("/proc/self/autogroup", "utf8").match(/nice (-?\d+)/)?.[1] ?? "0";
      writeFileSync("/proc/self/autogroup", String(opts.nice));
      process.on("exit", () => {
        try {
          writeFileSync("/proc/self/autogroup", before);
        } catch {
          // nothing to restore
        }
      });
      notes.push(`The bench session's autogroup ran at nice ${opts.nice} too.`);
    } catch {
      log("could not set the autogroup's nice: other sessions still share the CPU equally");
    }
  }
  let targets: TargetName[] = opts.targets;
  if (targets.some((t) => t.startsWith("hub-redis")) && !redisAvailable()) {
    targets = targets.filter((t) => !t.startsWith("hub-redis"));
    notes.push("redis-server is not on PATH: the Redis targets (scale-out) were skipped.");
    log("redis-server not found: skipping hub-redis-1 and hub-redis-2");
  }
  const machine = await machineInfo();
  const report: BenchReport = {
    machine,
    profile: profile.name,
    settings: { ...profile, targets, workloads: opts.workloads, repeat: opts.repeat, nice: opts.nice },
    fanout: [],
    burst: [],
    scale: [],
    ingest: [],
    storm: [],
    idle: [],
    desk: [],
    deskOpen: [],
    firstLoad: [],
    resume: [],
    browser: [],
    verdicts: [],
    notes,
    durationS: 0,
  };
  const has = (w: (typeof opts.workloads)[number]) => opts.workloads.includes(w);
  const fmtRun = (d: number, p99: number, lost: number, err?: string) =>
    err ? `ERROR ${err}` : `${Math.round(d).toLocaleString("en-US")}/s, p99 ${p99} ms, lost ${lost}`;

  // Rounds are interleaved (every target once, then again) so slow spells of other jobs on the
  // machine spread over all targets rather than hitting one.
  const rounds = opts.repeat;
  if (has("fanout")) {
    const runs: StreamResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const clients of profile.fanout.clients) {
        for (const t of targetsFor("fanout", targets)) {
          log(`fan-out ${t}, ${clients} clients${rounds > 1 ? ` (round ${round}/${rounds})` : ""}…`);
          const r = await streamRun(ctx, t, { workload: "fanout", clients });
          runs.push(r);
          log(`  ${fmtRun(r.deliveriesPerSec, r.latencyMs.p99, r.lost, r.error)}`);
        }
      }
    }
    report.fanout = bestOf(runs);
  }
  if (has("burst")) {
    const runs: StreamResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const t of targetsFor("burst", targets)) {
        log(`burst ${t}, ${profile.burst.clients} clients${rounds > 1 ? ` (round ${round}/${rounds})` : ""}…`);
        const r = await streamRun(ctx, t, { workload: "burst", clients: profile.burst.clients });
        runs.push(r);
        log(`  ${fmtRun(r.deliveriesPerSec, r.latencyMs.p99, r.lost, r.error)}`);
      }
    }
    report.burst = bestOf(runs);
  }
  if (has("scale") && targetsFor("scale", targets).length > 0) {
    const runs: StreamResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const t of targetsFor("scale", targets)) {
        log(`scale-out ${t}, ${profile.scale.clients} clients${rounds > 1 ? ` (round ${round}/${rounds})` : ""}…`);
        const r = await streamRun(ctx, t, { workload: "scale", clients: profile.scale.clients });
        runs.push(r);
        log(`  ${fmtRun(r.deliveriesPerSec, r.latencyMs.p99, r.lost, r.error)}`);
      }
    }
    report.scale = bestOf(runs);
  }
  if (has("ingest") && targetsFor("ingest", targets).length > 0) {
    log("ingest: hub…");
    report.ingest.push(...(await ingestHub(ctx)));
    log("ingest: raw bun:sqlite baseline…");
    report.ingest.push(...(await ingestSqlite(ctx)));
    for (const r of report.ingest) log(`  ${r.target} ${r.mode}: ${Math.round(r.eventsPerSec)}/s ${r.error ?? ""}`);
  }
  if (has("storm")) {
    for (const t of targetsFor("storm", targets)) {
      log(`connection storm ${t}, ${profile.storm.clients} clients…`);
      const r = await stormRun(ctx, t);
      report.storm.push(r);
      log(`  ${r.error ?? `${r.connected} connected, ${r.failed} failed in ${Math.round(r.elapsedMs)} ms`}`);
    }
  }
  if (has("idle")) {
    for (const t of targetsFor("idle", targets)) {
      log(`idle memory ${t}, ${profile.idle.clients} connections…`);
      const r = await idleRun(ctx, t);
      report.idle.push(r);
      log(`  ${r.error ?? ""} ${(r.bytesPerConn / 1024).toFixed(1)} KB per connection`);
    }
  }
  if (has("firstload") && targetsFor("firstload", targets).length > 0) {
    log("first load: the production dashboard in Chromium…");
    const r = await firstLoadRun(ctx);
    report.firstLoad?.push(r);
    log(
      `  ${r.error ?? `${Math.round(r.wireBytes / 1024)} KB over the wire (${Math.round(r.identityWireBytes / 1024)} KB uncompressed)`}`,
    );
  }
  if (has("resume") && targetsFor("resume", targets).length > 0) {
    log(`resume storm: ${profile.resume.clients} clients, graceful restart then SIGKILL…`);
    const r = await resumeRun(ctx);
    report.resume?.push(r);
    if (r.error) log(`  ERROR ${r.error}`);
  }
  if (has("browser") && targetsFor("browser", targets).length > 0) {
    for (const t of ["hub", "bare"] as const) {
      log(`browser pipeline: the dashboard in Chromium fed by the ${t === "hub" ? "hub" : "bare server"}…`);
      const r = await browserRun(ctx, t);
      report.browser?.push(r);
      log(
        `  ${r.error ?? `catch-up ${Math.round(r.catchUpPerSec)} events/s; live ${r.live?.rate}/s: main thread ${r.live?.busyPct.toFixed(0)}% busy`}`,
      );
    }
  }

  if (has("desk") && targets.includes("hub-ws")) {
    const d = profile.desk;
    log(`desk state: ${d.events.toLocaleString("en-US")} events of history, ${d.strategies} strategies…`);
    const r = await deskRun(ctx, { ...d, batch: 1_000 });
    report.desk.push(r);
    log(
      `  ${r.error ?? `snapshot p99 ${r.snapshotMs?.p99.toFixed(1)} ms, ${(r.snapshotBytes / 1024).toFixed(0)} KB; start ${Math.round(r.startupGracefulMs)} / ${Math.round(r.startupKilledMs)} ms`}`,
    );
  }

  if (has("desk-open") && targets.includes("hub-ws")) {
    const d = profile.deskOpen;
    log(
      `desk open: the dashboard on ${d.events.toLocaleString("en-US")} events of history, ${d.strategies} strategies…`,
    );
    const r = await deskOpenRun(ctx, d);
    report.deskOpen?.push(r);
    notes.push(DESK_OPEN_NOTE);
    if (r.error) log(`  ${r.error}`);
  }

  const name = reportBaseName(opts.workloads, opts.watch);
  // A run of some workloads lists only the goals it measured (the rest are in report.md).
  report.verdicts = name === "report" ? verdicts(report) : measuredOnly(verdicts(report));
  watch?.stop();
  report.notes.push(...methodNotes(profile, await effectiveFdLimit(), machine.node, report.scale.length > 0));
  report.notes.push(...userFacingNotes(report));
  report.durationS = (Date.now() - t0) / 1000;
  const outDir = resolve(root, opts.out);
  mkdirSync(outDir, { recursive: true });
  const md = renderMarkdown(report);
  writeFileSync(join(outDir, `${name}.md`), md);
  writeFileSync(join(outDir, `${name}.json`), renderJson(report));
  console.log(md);
  log(`wrote ${join(outDir, `${name}.md`)} and ${name}.json`);

  const anyError = [
    ...report.fanout,
    ...report.burst,
    ...report.scale,
    ...report.ingest,
    ...report.storm,
    ...report.idle,
    ...(report.firstLoad ?? []),
    ...(report.resume ?? []),
    ...(report.browser ?? []),
  ].some((r) => r.error);
  if (anyError) log(`some runs failed; their logs are kept in ${tmpDir}`);
  else rmSync(tmpDir, { recursive: true, force: true });
  return 0;
}

try {
  const code = await main();
  await stopAll();
  process.exit(code);
} catch (e) {
  console.error("bench harness error:", e);
  await stopAll();
  process.exit(1);
}
