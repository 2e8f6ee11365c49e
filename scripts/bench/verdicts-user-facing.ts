/**
 * Issue 12's goals, the ones users feel: the dashboard's first load over the wire, and (added
 * with their workloads) the resume storm and the browser pipeline. Pure: results in, verdicts
 * out; a workload that did not run gives no verdict, one that failed gives `n/a` with its error.
 */
import type { BenchReport, Verdict } from "./results.ts";
import { judge } from "./verdicts.ts";

type Results = Partial<Pick<BenchReport, "firstLoad">>;

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/** First load ≤ 150 KB over the wire (KB = 1,024 bytes). */
export const FIRST_LOAD_MAX_BYTES = 150 * 1024;

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
  return out;
}
