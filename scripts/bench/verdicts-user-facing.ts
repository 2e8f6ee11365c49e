/**
 * Issue 12's goals, the ones users feel: the dashboard's first load over the wire, and (added
 * with their workloads) the resume storm and the browser pipeline. Pure: results in, verdicts
 * out; a workload that did not run gives no verdict, one that failed gives `n/a` with its error.
 */

import { judge } from "./judge.ts";
import type { BenchReport, Verdict } from "./results.ts";

type Results = Partial<Pick<BenchReport, "firstLoad" | "resume" | "browser">>;

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/** First load ≤ 150 KB over the wire (KB = 1,024 bytes). */
export const FIRST_LOAD_MAX_BYTES = 150 * 1024;
/** Every client resumed and caught up within 5 s of the hub answering again. */
export const RESUME_MAX_MS = 5000;
/** The dashboard takes in a catch-up at 50,000 events/s or more. */
export const BROWSER_MIN_PER_SEC = 50_000;
/** …and follows a live 5,000 events/s with its main thread at most 30% busy, keeping up. */
export const BROWSER_MAX_BUSY_PCT = 30;

/** Keeping up: nearly every event taken in, and the lag late in the window not grown past early. */
export function keptUp(live: NonNullable<NonNullable<Results["browser"]>[number]["live"]>): boolean {
  return (
    live.receivedPerSec >= 0.95 * live.rate && live.lagLateMs <= Math.max(2 * live.lagEarlyMs, live.lagEarlyMs + 250)
  );
}

const n = (v: number) => Math.round(v).toLocaleString("en-US");
const s1 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function userFacingVerdicts(res: Results): Verdict[] {
  const out: Verdict[] = [];
  for (const r of res.firstLoad ?? []) {
    const goal = "dashboard first load over the wire (Chromium, cold cache, every resource)";
    const required = `≤ ${kb(FIRST_LOAD_MAX_BYTES)}`;
    if (r.error || !(r.wireBytes > 0)) {
      out.push({ goal, measured: "n/a", required, pass: null, note: r.error ?? "not measured" });
      continue;
    }
    const j = judge(r.wireBytes, FIRST_LOAD_MAX_BYTES, "max");
    const vs =
      r.identityWireBytes > 0
        ? ` (${(r.wireBytes / r.identityWireBytes).toFixed(2)}× the ${kb(r.identityWireBytes)} uncompressed)`
        : "";
    out.push({ goal, measured: `${kb(r.wireBytes)}${vs}`, required, pass: j.pass, note: j.note });
  }
  const hub = res.browser?.find((b) => b.target === "hub");
  const bare = res.browser?.find((b) => b.target === "bare");
  if (hub) {
    const goal = `dashboard in Chromium: catch-up of ${n(hub.events)} events replayed on load, events/s`;
    const required = `≥ ${n(BROWSER_MIN_PER_SEC)}/s`;
    if (hub.error || !(hub.catchUpPerSec > 0))
      out.push({ goal, measured: "n/a", required, pass: null, note: hub.error ?? "not measured" });
    else {
      const j = judge(hub.catchUpPerSec, BROWSER_MIN_PER_SEC, "min");
      const base = bare && bare.catchUpPerSec > 0 ? `; fed by a bare server ${n(bare.catchUpPerSec)}/s` : "";
      out.push({
        goal,
        measured: `${n(hub.catchUpPerSec)}/s (${s1(hub.catchUpMs)}${base})`,
        required,
        pass: j.pass,
        note: j.note,
      });
    }
    const live = hub.live;
    const lgoal = `dashboard in Chromium: live ${n(live?.rate ?? 5000)} events/s, main thread busy, keeping up`;
    const lreq = `≤ ${BROWSER_MAX_BUSY_PCT}%, no growing lag`;
    if (!live || hub.error)
      out.push({ goal: lgoal, measured: "n/a", required: lreq, pass: null, note: hub.error ?? "not measured" });
    else {
      const busy = judge(live.busyPct, BROWSER_MAX_BUSY_PCT, "max");
      const kept = keptUp(live);
      const base = bare?.live ? `; bare server feed ${bare.live.busyPct.toFixed(0)}%` : "";
      out.push({
        goal: lgoal,
        measured: `${live.busyPct.toFixed(0)}% (${n(live.receivedPerSec)} events/s taken in, lag ${n(live.lagEarlyMs)} → ${n(live.lagLateMs)} ms${base})`,
        required: lreq,
        pass: busy.pass && kept,
        note: [busy.note, kept ? "" : "missed: fell behind the stream"].filter(Boolean).join("; "),
      });
    }
  }
  for (const r of res.resume ?? []) {
    const who = `${n(r.clients)} clients`;
    for (const kind of ["graceful", "sigkill"] as const) {
      const goal = `resume storm, ${kind === "graceful" ? "graceful restart" : "hub SIGKILLed"}: every one of ${who} resumed and caught up, from the hub answering again`;
      const required = `≤ ${s1(RESUME_MAX_MS)}`;
      const ph = r.phases.find((x) => x.kind === kind);
      if (r.error && !ph) {
        out.push({ goal, measured: "n/a", required, pass: null, note: r.error });
        continue;
      }
      if (!ph) continue;
      if (!Number.isFinite(ph.allCaughtUpMs)) {
        const note = `${n(ph.clients - ph.caughtUp)} clients not caught up within the phase's time limit`;
        out.push({ goal, measured: `${n(ph.caughtUp)} of ${n(ph.clients)} caught up`, required, pass: false, note });
        continue;
      }
      const j = judge(ph.allCaughtUpMs, RESUME_MAX_MS, "max");
      const measured = `${s1(ph.allCaughtUpMs)} (p50 ${s1(ph.caughtUpMs.p50)}; hub away ${s1(ph.downMs)}; hub peak ${ph.hubPeakRssMB.toFixed(0)} MB RSS, ${ph.hubPeakCpuPct.toFixed(0)}% CPU)`;
      out.push({ goal, measured, required, pass: j.pass, note: j.note });
    }
    const t = r.transports;
    const lost = t.ws.lost + t.sse.lost;
    const dup = t.ws.duplicates + t.sse.duplicates;
    const goal = `resume storm: events lost / duplicated over both restarts (${who}, ${n(r.published)} events published)`;
    if (r.error) out.push({ goal, measured: "n/a", required: "0 / 0", pass: null, note: r.error });
    else {
      const truncated = r.phases.reduce((s, p) => s + p.truncated, 0);
      const pass = lost === 0 && dup === 0 && truncated === 0;
      const extra = truncated ? `; ${n(truncated)} replays truncated` : "";
      out.push({
        goal,
        measured: `${n(lost)} / ${n(dup)} (of ${n(t.ws.expected + t.sse.expected)} deliveries due)${extra}`,
        required: "0 / 0",
        pass,
        note: pass ? "" : "missed: events were lost or delivered twice",
      });
    }
  }
  return out;
}
