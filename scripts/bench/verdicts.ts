/**
 * The performance goals, checked against one run's results. Each goal is a ratio to a
 * baseline measured in the same run (or an absolute floor for ingest); a miss says by how much.
 * Pure: results in, verdicts out. A missed goal is reported, never an error.
 */
import type { BenchReport, DeskOpenResult, DeskResult, IdleResult, StreamResult, Verdict } from "./results.ts";
import { ratio } from "./stats.ts";
import type { TargetName } from "./targets/registry.ts";
import { userFacingVerdicts } from "./verdicts-user-facing.ts";

type Results = Pick<BenchReport, "fanout" | "burst" | "ingest" | "idle"> &
  Partial<Pick<BenchReport, "scale" | "desk" | "deskOpen" | "firstLoad" | "resume" | "browser">>;

const x = (v: number) => `${v.toFixed(2)}×`;
const n = (v: number) => Math.round(v).toLocaleString("en-US");

import { judge } from "./judge.ts";

export { judge } from "./judge.ts";

function stream(rs: StreamResult[], target: TargetName, clients?: number): StreamResult | undefined {
  return rs.find((r) => r.target === target && (clients === undefined || r.clients === clients) && !r.error);
}

function why(rs: StreamResult[] | IdleResult[], ...targets: TargetName[]): string {
  const failed = (rs as { target: TargetName; error?: string }[]).filter((r) => targets.includes(r.target) && r.error);
  return failed.length
    ? failed.map((r) => `${r.target}: ${r.error}`).join("; ")
    : `not measured (${targets.join(", ")})`;
}

function ratioGoal(
  goal: string,
  num: number | undefined,
  den: number | undefined,
  bound: number,
  kind: "min" | "max",
  detail: string,
  missing: () => string,
): Verdict {
  const required = `${kind === "min" ? "≥" : "≤"} ${bound}×`;
  if (den !== undefined && den <= 0 && num !== undefined) {
    return { goal, measured: "n/a", required, pass: null, note: `baseline measured ${den} (noise): no ratio` };
  }
  const r = ratio(num, den);
  if (r === null) return { goal, measured: "n/a", required, pass: null, note: missing() };
  const j = judge(r, bound, kind);
  return { goal, measured: `${x(r)} (${detail})`, required, pass: j.pass, note: j.note };
}

/** Other jobs using more than this much CPU (% of one core) during a run make it "busy". */
export const BUSY_OTHER_CPU = 50;

/**
 * Adds a warning to a verdict whose runs shared the machine with busy other jobs: the ratio may
 * say more about them than about the targets. The verdict itself is kept as measured.
 */
export function noteBusy(v: Verdict, runs: (StreamResult | undefined)[]): Verdict {
  const busy = runs.filter((r): r is StreamResult => !!r && r.resources.otherCpuPct > BUSY_OTHER_CPU);
  if (busy.length === 0) return v;
  const which = busy.map((r) => `${r.target} ${Math.round(r.resources.otherCpuPct)}%`).join(", ");
  const warn = `busy machine: other jobs used CPU during ${which}; rerun when idle or with --repeat`;
  return { ...v, note: v.note ? `${v.note}; ${warn}` : warn };
}

export function verdicts(res: Results): Verdict[] {
  const out: Verdict[] = [];
  const { fanout, burst } = res;

  const hub1k = stream(fanout, "hub-ws", 1000);
  const ceil1k = stream(fanout, "ceiling-ws", 1000);
  out.push(
    noteBusy(
      ratioGoal(
        "hub-ws deliveries vs ceiling-ws (fan-out, 1,000 clients)",
        hub1k?.deliveriesPerSec,
        ceil1k?.deliveriesPerSec,
        0.8,
        "min",
        `${n(hub1k?.deliveriesPerSec ?? 0)} vs ${n(ceil1k?.deliveriesPerSec ?? 0)}/s`,
        () => why(fanout, "hub-ws", "ceiling-ws"),
      ),
      [hub1k, ceil1k],
    ),
    noteBusy(
      ratioGoal(
        "hub-ws p99 latency vs ceiling-ws (fan-out, 1,000 clients)",
        hub1k?.latencyMs.p99,
        ceil1k?.latencyMs.p99,
        2,
        "max",
        `${hub1k?.latencyMs.p99} vs ${ceil1k?.latencyMs.p99} ms`,
        () => why(fanout, "hub-ws", "ceiling-ws"),
      ),
      [hub1k, ceil1k],
    ),
  );

  for (const [label, rs] of [
    ["fan-out, 1,000 clients", fanout.filter((r) => r.clients === 1000)],
    ["burst", burst],
  ] as const) {
    const hub = stream(rs, "hub-ws");
    const sio = stream(rs, "socketio");
    out.push(
      noteBusy(
        ratioGoal(
          `hub-ws deliveries vs Socket.IO (${label})`,
          hub?.deliveriesPerSec,
          sio?.deliveriesPerSec,
          5,
          "min",
          `${n(hub?.deliveriesPerSec ?? 0)} vs ${n(sio?.deliveriesPerSec ?? 0)}/s`,
          () => why(rs, "hub-ws", "socketio"),
        ),
        [hub, sio],
      ),
    );
    const hs = stream(rs, "hub-sse");
    const cs = stream(rs, "ceiling-sse");
    out.push(
      noteBusy(
        ratioGoal(
          `hub-sse deliveries vs bare SSE broadcaster (${label})`,
          hs?.deliveriesPerSec,
          cs?.deliveriesPerSec,
          3,
          "min",
          `${n(hs?.deliveriesPerSec ?? 0)} vs ${n(cs?.deliveriesPerSec ?? 0)}/s`,
          () => why(rs, "hub-sse", "ceiling-sse"),
        ),
        [hs, cs],
      ),
    );
  }

  const ingest = res.ingest.find((r) => r.target === "hub" && r.mode === "batch-1000");
  const sqlite = res.ingest.find((r) => r.target === "sqlite" && r.mode === "batch-1000");
  const goal = "hub ingest, batched (arrays of 1,000), durable";
  if (!ingest || ingest.error || !(ingest.eventsPerSec > 0)) {
    out.push({ goal, measured: "n/a", required: "≥ 50,000/s", pass: null, note: ingest?.error ?? "not measured" });
  } else {
    const j = judge(ingest.eventsPerSec, 50_000, "min");
    const vs = ratio(ingest.eventsPerSec, sqlite?.eventsPerSec);
    const base = vs === null ? "" : ` (${x(vs)} raw bun:sqlite)`;
    out.push({
      goal,
      measured: `${n(ingest.eventsPerSec)}/s${base}`,
      required: "≥ 50,000/s",
      pass: j.pass,
      note: j.note,
    });
  }

  for (const [hubT, bareT] of [
    ["hub-ws", "ceiling-ws"],
    ["hub-sse", "ceiling-sse"],
  ] as const) {
    const h = res.idle.find((r) => r.target === hubT && !r.error);
    const b = res.idle.find((r) => r.target === bareT && !r.error);
    const kb = (v?: number) => (v === undefined ? "?" : (v / 1024).toFixed(1));
    out.push(
      ratioGoal(
        `idle memory per connection, ${hubT} vs ${bareT}`,
        h?.bytesPerConn,
        b?.bytesPerConn,
        2,
        "max",
        `${kb(h?.bytesPerConn)} vs ${kb(b?.bytesPerConn)} KB`,
        () => why(res.idle, hubT, bareT),
      ),
    );
  }
  out.push(...scaleFigures(res.scale ?? []));
  out.push(...userFacingVerdicts(res));
  out.push(...deskGoals(res.desk ?? []));
  out.push(...deskOpenGoals(res.deskOpen ?? []));
  return out;
}

/** The desk-state figures for a hub holding a long history (workloads/desk.ts). */
export function deskGoals(rs: DeskResult[]): Verdict[] {
  const d = rs[0];
  if (!d) return [];
  const history = `${n(d.events)} events of history`;
  if (d.error) {
    return [{ goal: `desk state (${history})`, measured: "n/a", required: "", pass: null, note: d.error }];
  }
  const abs = (goal: string, value: number, bound: number, unit: string, kind: "min" | "max", detail = ""): Verdict => {
    const j = judge(value, bound, kind);
    return {
      goal,
      measured: `${value.toFixed(unit === "ms" ? 1 : 0)} ${unit}${detail}`,
      required: `${kind === "min" ? "≥" : "≤"} ${bound} ${unit}`,
      pass: j.pass,
      note: j.note,
    };
  };
  return [
    abs(
      `GET /api/v1/snapshot p99, uncached (${history}, ${d.strategies} strategies, ${n(d.openPositions)} open positions)`,
      d.snapshotMs?.p99 ?? Number.NaN,
      20,
      "ms",
      "max",
      ` (p50 ${d.snapshotMs?.p50.toFixed(1)} ms, ${d.snapshotMs?.count} requests)`,
    ),
    abs(
      "snapshot body on the wire (gzip)",
      d.snapshotBytes / 1024,
      300,
      "KB",
      "max",
      ` (${Math.round(d.snapshotJsonBytes / 1024)} KB of JSON)`,
    ),
    ratioGoal(
      "ingest with the desk state vs DESK_STATE=off (same trading stream)",
      d.ingestOn,
      d.ingestOff,
      0.9,
      "min",
      `${n(d.ingestOn)} vs ${n(d.ingestOff)} events/s`,
      () => "not measured",
    ),
    abs(`hub start-up on that log after a graceful stop`, d.startupGracefulMs, 2000, "ms", "max"),
    abs(`hub start-up on that log after SIGKILL`, d.startupKilledMs, 2000, "ms", "max"),
  ];
}

/** The median of `values` (mean of the middle two); NaN for none. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The dashboard's figures on a long history (workloads/desk-open.ts): per transport, the median of its cold loads. */
export function deskOpenGoals(rs: DeskOpenResult[]): Verdict[] {
  const d = rs[0];
  if (!d) return [];
  const history = `${n(d.events)} events, ${d.strategies} strategies, ${n(d.openPositions)} open positions`;
  if (d.error) {
    return [
      {
        goal: `dashboard opened on a long history (${history})`,
        measured: "n/a",
        required: "",
        pass: null,
        note: d.error,
      },
    ];
  }
  const out: Verdict[] = [];
  for (const transport of ["ws", "sse"] as const) {
    const loads = d.loads.filter((l) => l.transport === transport);
    if (loads.length === 0) continue;
    const name = transport === "ws" ? "WebSocket" : "SSE";
    const ms = median(loads.map((l) => l.summaryMs));
    const kb = median(loads.map((l) => l.bytes)) / 1024;
    const t = judge(ms, 1500, "max");
    const b = judge(kb, 1024, "max");
    const agree = d.ledgerAgrees ? "" : "; the hub's ledger disagrees with the published closes";
    out.push(
      {
        goal: `dashboard (${name}) in Chromium: exact summary on screen after navigation (${history})`,
        measured: `${ms.toFixed(0)} ms (median of ${loads.length} cold loads)`,
        required: "≤ 1500 ms",
        pass: t.pass && d.ledgerAgrees,
        note: `${t.note}${agree}`,
      },
      {
        goal: `dashboard (${name}): bytes received, scripts included`,
        measured: `${kb.toFixed(0)} KB (median)`,
        required: "≤ 1024 KB (1 MB)",
        pass: b.pass,
        note: b.note,
      },
    );
  }
  return out;
}

/** Drops the goals a run did not measure at all (a run of some workloads only). Pure. */
export function measuredOnly(vs: Verdict[]): Verdict[] {
  return vs.filter((v) => !(v.pass === null && v.measured === "n/a" && v.note.startsWith("not measured")));
}

/**
 * Scale-out: deliveries/s and p99 of the Redis engine with 1 and 2 instances, as ratios to
 * the default engine (hub-ws) of the same scale-out section. No target: `info`, pass null.
 */
export function scaleFigures(rs: StreamResult[]): Verdict[] {
  if (rs.length === 0) return [];
  const ref = stream(rs, "hub-ws");
  return (["hub-redis-1", "hub-redis-2"] as const).map((t) => {
    const r = stream(rs, t);
    const goal = `scale-out: ${t} vs hub-ws (default engine), ${n(r?.clients ?? ref?.clients ?? 0)} clients`;
    const base = { goal, required: "no target", pass: null, info: true };
    if (!r || !ref) return { ...base, measured: "n/a", note: why(rs, t, "hub-ws") };
    const d = ratio(r.deliveriesPerSec, ref.deliveriesPerSec);
    const p = ratio(r.latencyMs.p99, ref.latencyMs.p99);
    const measured =
      `${n(r.deliveriesPerSec)} deliveries/s (${d === null ? "n/a" : x(d)}), ` +
      `p99 ${r.latencyMs.p99} ms (${p === null ? "n/a" : x(p)}), lost ${n(r.lost)}`;
    return noteBusy({ ...base, measured, note: "" }, [r, ref]);
  });
}
