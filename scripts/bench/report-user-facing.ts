/**
 * Markdown sections of the issue-12 workloads (first load; later the resume storm and the browser
 * pipeline), appended to the report by report.ts. Pure.
 */
import { fmt } from "./format.ts";
import type { BenchReport } from "./results.ts";

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function costRows(entries: { name: string; selfMs: number; pct: number }[]): string[][] {
  return entries
    .slice(0, 5)
    .map((e, i) => [String(i + 1), e.name.replaceAll("|", "\\|"), fmt.int(e.selfMs), `${e.pct.toFixed(1)}%`]);
}

function browserSection(runs: NonNullable<BenchReport["browser"]>): string[] {
  const out: string[] = [];
  const first = runs[0];
  out.push(
    `## Browser pipeline: the production dashboard in Chromium, a catch-up of ${fmt.int(first?.events)} events, then ${fmt.int(first?.live?.rate ?? first?.events)} events/s live`,
  );
  out.push(
    table(
      [
        "fed by",
        "catch-up ms",
        "catch-up events/s",
        "live events/s taken in",
        "WebSocket messages/s",
        "main thread busy %",
        "lag early ms",
        "lag late ms",
      ],
      runs.map((b) => [
        b.target === "hub" ? "the hub" : "bare server (baseline)",
        fmt.int(b.catchUpMs),
        fmt.int(b.catchUpPerSec),
        fmt.int(b.live?.receivedPerSec),
        fmt.int(b.live?.messagesPerSec),
        fmt.dec(b.live?.busyPct),
        fmt.int(b.live?.lagEarlyMs),
        fmt.int(b.live?.lagLateMs),
      ]),
    ) +
      runs
        .filter((b) => b.error)
        .map((b) => `\n\n- ${b.target}: ${b.error}`)
        .join(""),
  );
  const hub = runs.find((b) => b.target === "hub" && !b.error);
  for (const [phase, p] of [
    ["catch-up", hub?.profile],
    ["live", hub?.live?.profile],
  ] as const) {
    if (!p) continue;
    out.push(
      `Top 5 costs of the page fed by the hub, ${phase} (CPU profile, self time; ${fmt.int(p.busyMs)} ms busy):`,
    );
    out.push(table(["#", "function — source", "ms", "share of busy"], costRows(p.functions)));
    out.push(table(["#", "source file", "ms", "share of busy"], costRows(p.files)));
  }
  return out;
}

export function userFacingSections(r: Pick<BenchReport, "firstLoad" | "resume" | "browser">): string[] {
  const out: string[] = [];
  for (const f of r.firstLoad ?? []) {
    out.push(`## First load: the production dashboard in Chromium, cold cache (median of ${f.visits} visits)`);
    if (f.error) {
      out.push(`- hub: ${f.error}`);
      continue;
    }
    const rows = f.resources.map((x) => [
      x.path,
      x.type,
      x.initiator === "script" ? "lazy (import())" : x.initiator,
      x.encoding,
      fmt.int(x.wireBytes),
      fmt.int(x.bodyBytes),
    ]);
    rows.push(["**total**", "", "", "", `**${fmt.int(f.wireBytes)}**`, `**${fmt.int(f.bodyBytes)}**`]);
    rows.push(["same visit, Accept-Encoding: identity", "", "", "identity", fmt.int(f.identityWireBytes), ""]);
    out.push(table(["resource", "type", "requested by", "encoding", "bytes over the wire", "decoded bytes"], rows));
    if (f.bundle) {
      const total = f.bundle.packages.reduce((s, p) => s + p.bytes, 0);
      out.push(
        "What each package costs the dashboard's script (minified bytes in the bundle; lazy = the chunk loaded when the charts mount):",
      );
      out.push(
        table(
          ["package", "chunk", "bytes", "share"],
          f.bundle.packages
            .filter((p) => p.bytes >= 1024)
            .map((p) => [p.name, p.chunk, fmt.int(p.bytes), `${((p.bytes / total) * 100).toFixed(0)}%`]),
        ),
      );
    }
  }
  if (r.browser?.length) out.push(...browserSection(r.browser));
  for (const x of r.resume ?? []) {
    out.push(
      `## Resume storm: ${fmt.int(x.clients)} clients (half WebSocket, half SSE) over ${x.topics} strategies, ${fmt.int(x.rate)} events/s published through two hub restarts`,
    );
    if (x.error) out.push(`- hub: ${x.error}`);
    if (x.phases.length) {
      out.push(
        table(
          [
            "restart",
            "hub away ms",
            "dropped",
            "resumed",
            "caught up",
            "all caught up ms",
            "caught up p50 ms",
            "p99 ms",
            "resumed p50 ms",
            "truncated",
            "hub peak RSS MB",
            "hub CPU %",
            "hub peak CPU %",
          ],
          x.phases.map((p) => [
            p.kind === "graceful" ? "graceful (SIGTERM)" : "crash (SIGKILL)",
            fmt.int(p.downMs),
            fmt.int(p.dropped),
            fmt.int(p.resumed),
            fmt.int(p.caughtUp),
            fmt.int(p.allCaughtUpMs),
            fmt.int(p.caughtUpMs.p50),
            fmt.int(p.caughtUpMs.p99),
            fmt.int(p.resumedMs.p50),
            fmt.int(p.truncated),
            fmt.int(p.hubPeakRssMB),
            fmt.int(p.hubCpuPct),
            fmt.int(p.hubPeakCpuPct),
          ]),
        ),
      );
    }
    if (!x.error) {
      out.push(
        table(
          ["transport", "clients", "deliveries due", "lost", "duplicated", "reordered", "other strategies'"],
          (["ws", "sse"] as const).map((k) => {
            const t = x.transports[k];
            return [
              k,
              fmt.int(t.clients),
              fmt.int(t.expected),
              fmt.int(t.lost),
              fmt.int(t.duplicates),
              fmt.int(t.reordered),
              fmt.int(t.unexpected),
            ];
          }),
        ),
      );
      out.push(
        `Published ${fmt.int(x.published)} events (${fmt.int(x.publishRetries)} publish attempts retried with the same Idempotency-Key while the hub was away); connection attempts per client over the run: p50 ${fmt.int(x.attempts?.p50)}, max ${fmt.int(x.attempts?.max)}.`,
      );
    }
  }
  return out;
}

/** How the issue-12 workloads measure, for the report's last section (only those that ran). */
export function userFacingNotes(r: Pick<BenchReport, "firstLoad" | "resume" | "browser">): string[] {
  const out: string[] = [];
  if (r.firstLoad?.length) {
    out.push(
      "First load: the hub (NODE_ENV=production, DASHBOARD=on) once it holds its brotli copies; each visit is a fresh Chromium context (cold cache, /usr/bin/chromium through playwright-core) that opens `/` and waits until both charts have a canvas (the charting library is a chunk loaded by `import()` when they mount) and no request has been pending for 0.5 s. Bytes over the wire = the sum of CDP `Network.loadingFinished.encodedDataLength` (headers and body as received) over every HTTP resource (the WebSocket is not counted); decoded bytes = the sum of `Network.dataReceived.dataLength`. Baseline in the same run: the same visit with `Accept-Encoding: identity` (CDP `Network.setExtraHTTPHeaders`). Package costs come from Bun's metafile of the same production build.",
    );
  }
  if (r.resume?.length) {
    out.push(
      "Resume storm: one hub (NODE_ENV=production, DASHBOARD=off, the bench's settings) with a SQLite file in the run's tmp dir, restarted on the same port and file. Clients are raw WebSocket (Bun.connect, minimal RFC 6455) and SSE (fetch stream) connections in worker processes (the stress tool's raw-ws.ts / raw-sse.ts: seqs read from the bytes), even-numbered ones WebSocket; client i follows `strategy.S<⌊i/2⌋ mod T>.signal`, keeps its last seq and the epoch, and on any drop or refusal reconnects with `last_seq=<epoch>:<seq>` after the SDK's full-jitter backoff (packages/client backoff.ts: 500 ms × 2^attempt, at most 30 s, reset after 10 s connected; the settle time between the restarts lets it reset). A publisher posts the rate in batches every 10 ms, one request in flight, each with an Idempotency-Key and retried with it until accepted (so events due while the hub is away are published when it returns). Each restart: SIGTERM (graceful: 1001 / stream end) or SIGKILL, wait for exit, start the same command; `hub away` = signal → the new process's `listening` line, the moment it answers. A client is caught up when the hub sends it `replayed` after its resume; times are from that moment. Hub RSS and CPU: /proc samples of the new process every 0.5 s until the last client is caught up (peak RSS = VmHWM; peak CPU = the busiest 0.5 s). At the end the publisher's seq → strategy map says which events each client was due after its first connect; lost = due but never received, duplicated = received twice.",
    );
  }
  if (r.browser?.length) {
    out.push(
      "Browser pipeline: the production dashboard (the hub's own build, its real bundle) in a fresh Chromium context at `/?transport=ws&replay=all`, which replays the hub's history on load (`resume: {seq: 0}`) instead of starting from the desk snapshot: the intake a reconnect's catch-up runs through. Two feeds: the hub (NODE_ENV=production, DASHBOARD=on) with the events published beforehand in batches of 1,000 and live events from a publisher process in batches every 10 ms; and, as the baseline, a bare Bun server that serves the same build and sends the same events pre-encoded with none of the hub's work (scripts/bench/targets/bare-dashboard.ts; events frames of 250 on replay and one per 5 ms tick live when the page asks for them, as the hub does per replay chunk and bus batch). Events are the dashboard's mix (6 candles, 5 metrics, 5 signals, 2 trades, 1 closed trade, 1 alert in 20). An init script wraps the page's WebSocket message handler (which runs the whole intake synchronously): catch-up = from the start of the `connected` message's handling to the end of the `replayed` message's; live events are counted there too, and the delivery lag (page clock − the hub's `timestamp`) of one message in 16 is split into the first and second half of the window. Main thread busy = CDP `Performance.getMetrics` TaskDuration ÷ wall time over the live window (after a warm-up). CPU profiles: CDP `Profiler` (200 µs sampling) over the catch-up and over the live window; self time per function and per source file, minified positions named through the source map of the same build.",
    );
  }
  return out;
}
