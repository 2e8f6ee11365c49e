/**
 * Renders a bench report as Markdown (printed and written to bench/results/report.md) and JSON
 * (report.json). Every throughput is shown next to its same-run baseline as a ratio.
 */

import { dash, fmt } from "./format.ts";
import { userFacingSections } from "./report-user-facing.ts";
import type { BenchReport, IngestResult, StreamResult } from "./results.ts";
import { ratio } from "./stats.ts";
import type { TargetName } from "./targets/registry.ts";

export { fmt } from "./format.ts";

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The bare Bun server a target's throughput is compared with (same transport). */
export function baselineOf(target: TargetName): TargetName | null {
  if (target === "hub-ws" || target === "socketio") return "ceiling-ws";
  if (target === "hub-sse") return "ceiling-sse";
  return null;
}

function errors(rows: { target: string; error?: string }[], label: (r: { target: string }) => string): string {
  const bad = rows.filter((r) => r.error);
  return bad.length ? `\n\n${bad.map((r) => `- ${label(r)}: ${r.error}`).join("\n")}` : "";
}

function streamTable(rs: StreamResult[]): string {
  const find = (t: TargetName | null, clients: number) => rs.find((r) => r.target === t && r.clients === clients);
  const rows = rs.map((r) => {
    const base = find(baselineOf(r.target), r.clients);
    const sio = r.target === "hub-ws" ? find("socketio", r.clients) : undefined;
    const l = r.latencyMs;
    return [
      r.target,
      fmt.int(r.clients),
      fmt.int(r.connected),
      r.hitEventCap ? `${fmt.int(r.publishPerSec)} (cap)` : fmt.int(r.publishPerSec),
      fmt.int(r.deliveriesPerSec),
      fmt.int(r.peakPerSec),
      base ? fmt.x(ratio(r.deliveriesPerSec, base.deliveriesPerSec)) : dash,
      sio ? fmt.x(ratio(r.deliveriesPerSec, sio.deliveriesPerSec)) : dash,
      fmt.int(l.p50),
      fmt.int(l.p99),
      fmt.int(l.max),
      fmt.int(r.lost),
      fmt.int(r.disconnects),
      fmt.int(r.resources.serverCpuPct),
      fmt.int(r.resources.serverRssMB),
      fmt.int(r.resources.loadgenCpuPct),
      fmt.int(r.resources.otherCpuPct),
    ];
  });
  const head = [
    "target",
    "clients",
    "connected",
    "published/s",
    "deliveries/s",
    "best 1 s",
    "× bare",
    "× Socket.IO",
    "p50 ms",
    "p99 ms",
    "max ms",
    "lost",
    "disconn.",
    "server CPU %",
    "server RSS MB",
    "loadgen CPU %",
    "other CPU %",
  ];
  const capped = rs.some((r) => r.hitEventCap)
    ? "\n\n(cap): the publisher reached its event cap before the time was up; that target may go faster than shown."
    : "";
  return table(head, rows) + capped + errors(rs, (r) => r.target);
}

/** Scale-out rows: each target next to hub-ws (default engine) of the same section. Pure. */
export function scaleTable(rs: StreamResult[]): string {
  const ref = rs.find((r) => r.target === "hub-ws" && !r.error);
  const rows = rs.map((r) => {
    const l = r.latencyMs;
    return [
      r.target === "hub-ws" ? "hub-ws (default engine)" : r.target,
      fmt.int(r.instances ?? 1),
      fmt.int(r.clients),
      fmt.int(r.connected),
      fmt.int(r.publishPerSec),
      fmt.int(r.deliveriesPerSec),
      ref ? fmt.x(ratio(r.deliveriesPerSec, ref.deliveriesPerSec)) : dash,
      fmt.int(l.p50),
      fmt.int(l.p99),
      ref ? fmt.x(ratio(l.p99, ref.latencyMs.p99)) : dash,
      fmt.int(l.max),
      fmt.int(r.lost),
      fmt.int(r.disconnects),
      fmt.int(r.resources.serverCpuPct),
      fmt.int(r.resources.serverRssMB),
      fmt.int(r.resources.redisCpuPct),
      fmt.int(r.resources.loadgenCpuPct),
      fmt.int(r.resources.otherCpuPct),
    ];
  });
  const head = [
    "target",
    "instances",
    "clients",
    "connected",
    "published/s",
    "deliveries/s",
    "× hub-ws",
    "p50 ms",
    "p99 ms",
    "p99 × hub-ws",
    "max ms",
    "lost",
    "disconn.",
    "server CPU % (sum)",
    "server RSS MB (sum)",
    "redis CPU %",
    "loadgen CPU %",
    "other CPU %",
  ];
  return table(head, rows) + errors(rs, (r) => r.target);
}

function ingestTable(rs: IngestResult[]): string {
  const rows = rs.map((r) => {
    const raw = rs.find((s) => s.target === "sqlite" && s.mode === r.mode);
    return [
      r.target === "hub" ? "hub (POST /api/v1/events)" : "raw bun:sqlite",
      r.mode,
      fmt.int(r.eventsPerSec),
      r.target === "hub" ? fmt.x(ratio(r.eventsPerSec, raw?.eventsPerSec)) : dash,
      fmt.int(r.accepted),
      fmt.int(r.failed),
      fmt.dec(r.requestMs?.p50),
      fmt.dec(r.requestMs?.p99),
      fmt.int(r.serverCpuPct),
    ];
  });
  const head = [
    "target",
    "mode",
    "events/s",
    "× raw sqlite",
    "accepted",
    "refused",
    "p50 req ms",
    "p99 req ms",
    "server CPU %",
  ];
  return table(head, rows) + errors(rs, (r) => `${r.target}`);
}

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`# Tickerwire benchmark (${r.profile} run, ${m.date})`);
  out.push(
    `Machine: ${m.nproc} × ${m.cpuModel}, ${m.memGB.toFixed(1)} GiB RAM, Linux ${m.kernel}; Bun ${m.bun}, Node ${m.node}. ` +
      `Load average at start ${m.loadAvgAtStart.map((v) => v.toFixed(2)).join(" / ")}. Suite took ${Math.round(r.durationS)} s.`,
  );
  out.push(r.scale.length ? "## Goals and scale-out figures" : "## Goals");
  out.push(
    table(
      ["goal", "measured", "required", "result", "note"],
      r.verdicts.map((v) => [
        v.goal,
        v.measured,
        v.required,
        v.pass === null ? (v.info ? "figure" : "n/a") : v.pass ? "PASS" : "FAIL",
        v.note,
      ]),
    ),
  );
  const repeat = Number(r.settings.repeat ?? 1);
  const best = repeat > 1 ? ` (best of ${repeat} interleaved runs per target)` : "";
  if (r.fanout.length) {
    const f = r.settings.fanout as { rate: number; measureMs: number };
    out.push(`## Fan-out: ${fmt.int(f.rate)} events/s, ${f.measureMs / 1000} s measured after warm-up${best}`);
    out.push(streamTable(r.fanout));
  }
  if (r.burst.length) {
    const b = r.settings.burst as { durationMs: number };
    out.push(`## Burst: publish as fast as the target accepts for ${b.durationMs / 1000} s${best}`);
    out.push(streamTable(r.burst));
  }
  if (r.scale.length) {
    const f = r.settings.fanout as { rate: number; measureMs: number };
    out.push(
      `## Scale-out (Redis): ${fmt.int(f.rate)} events/s, ${f.measureMs / 1000} s measured after warm-up, default engine vs Redis with 1 and 2 instances${best}`,
    );
    out.push(scaleTable(r.scale));
  }
  if (r.ingest.length) {
    out.push("## Ingest: durable publish rate, no subscribers");
    out.push(ingestTable(r.ingest));
  }
  if (r.storm.length) {
    out.push("## Connection storm: every connection attempted at once");
    out.push(
      table(
        [
          "target",
          "clients",
          "connected",
          "failed",
          "time to all ms",
          "open p50 ms",
          "open p99 ms",
          "server CPU %",
          "loadgen CPU %",
          "server RSS MB",
        ],
        r.storm.map((s) => [
          s.target,
          fmt.int(s.clients),
          fmt.int(s.connected),
          fmt.int(s.failed),
          fmt.int(s.elapsedMs),
          fmt.int(s.openMs.p50),
          fmt.int(s.openMs.p99),
          fmt.int(s.serverCpuPct),
          fmt.int(s.loadgenCpuPct),
          fmt.int(s.serverRssMB),
        ]),
      ) + errors(r.storm, (s) => s.target),
    );
  }
  if (r.idle.length) {
    out.push("## Idle memory: server RSS growth per idle connection");
    out.push(
      table(
        ["target", "clients", "connected", "RSS before MB", "RSS after MB", "per connection KB", "× bare"],
        r.idle.map((s) => {
          const base = r.idle.find((b) => b.target === baselineOf(s.target));
          return [
            s.target,
            fmt.int(s.clients),
            fmt.int(s.connected),
            fmt.dec(s.rssBeforeMB),
            fmt.dec(s.rssAfterMB),
            fmt.dec(s.bytesPerConn / 1024),
            base ? fmt.x(ratio(s.bytesPerConn, base.bytesPerConn)) : dash,
          ];
        }),
      ) + errors(r.idle, (s) => s.target),
    );
  }
  for (const d of r.desk ?? []) {
    out.push(
      `## Desk state: a hub with ${fmt.int(d.events)} events of history (${d.strategies} strategies, ${fmt.int(d.openPositions)} open positions)`,
    );
    out.push(
      d.error
        ? `error: ${d.error}`
        : table(
            ["figure", "value"],
            [
              ["ingest of the history, desk state kept", `${fmt.int(d.ingestOn)} events/s`],
              ["ingest of the same stream, DESK_STATE=off", `${fmt.int(d.ingestOff)} events/s`],
              [
                "GET /api/v1/snapshot, uncached (p50 / p99 / max)",
                `${fmt.dec(d.snapshotMs?.p50 ?? 0)} / ${fmt.dec(d.snapshotMs?.p99 ?? 0)} / ${fmt.dec(d.snapshotMs?.max ?? 0)} ms`,
              ],
              [
                "snapshot body: on the wire (gzip) / JSON",
                `${fmt.int(d.snapshotBytes / 1024)} / ${fmt.int(d.snapshotJsonBytes / 1024)} KB (seq ${fmt.int(d.snapshotSeq)})`,
              ],
              ["start-up after a graceful stop", `${fmt.int(d.startupGracefulMs)} ms`],
              ["start-up after SIGKILL", `${fmt.int(d.startupKilledMs)} ms`],
            ],
          ),
    );
  }
  for (const d of r.deskOpen ?? []) {
    out.push(
      `## Dashboard opened on a hub with ${fmt.int(d.events)} events of history (${d.strategies} strategies, ${fmt.int(d.openPositions)} open positions)`,
    );
    if (d.error) out.push(`error: ${d.error}`);
    else {
      out.push(
        `History written through the bus API in ${fmt.dec(d.prepMs / 1000)} s; hub start-up on it ${fmt.int(d.startupMs)} ms; ` +
          `GET /api/v1/snapshot ${fmt.int(d.snapshotBytes / 1024)} KB; the hub's ledger ${d.ledgerAgrees ? "equals" : "DIFFERS FROM"} the totals summed from the published closes.`,
      );
      out.push(
        table(
          [
            "load",
            "transport",
            "exact summary on screen",
            "bytes received",
            "document",
            "scripts",
            "styles",
            "stream (snapshot + events)",
            "other",
          ],
          d.loads.map((l, i) => [
            String(i + 1),
            l.transport === "ws" ? "WebSocket" : "SSE",
            `${fmt.int(l.summaryMs)} ms`,
            `${fmt.int(l.bytes / 1024)} KB`,
            ...["document", "script", "style", "stream", "other"].map(
              (k) => `${fmt.int((l.byKind[k] ?? 0) / 1024)} KB`,
            ),
          ]),
        ),
      );
    }
  }
  out.push(...userFacingSections(r));
  if (r.notes.length) {
    out.push("## How this was measured");
    out.push(r.notes.map((n) => `- ${n}`).join("\n"));
  }
  return `${out.join("\n\n")}\n`;
}

/** JSON with NaN written as null (JSON has no NaN). */
export function renderJson(r: BenchReport): string {
  return `${JSON.stringify(r, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}
