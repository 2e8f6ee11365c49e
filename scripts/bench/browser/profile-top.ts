/**
 * The top costs of a V8 CPU profile (CDP `Profiler.stop`'s `.cpuprofile`): self time per function,
 * or per source file, with minified bundle positions named through the bundle's source map
 * (source-map.ts). Pure.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based. */
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

/** Where a generated position comes from: file and 1-based line, and a readable label. */
export type Resolve = (frame: CallFrame) => { file: string; line: number; label: string } | null;

export interface CostEntry {
  /** A function (`label — file:line`) or a file. */
  name: string;
  selfMs: number;
  /** Share of the busy time (everything but idle). */
  pct: number;
}

export interface TopCosts {
  /** Sampled time not idle, ms. */
  busyMs: number;
  totalMs: number;
  entries: CostEntry[];
}

const RUNTIME = new Set(["(program)", "(garbage collector)", "(root)"]);

/** `../../node_modules/.bun/zod@4.6.7/node_modules/zod/v4/core/schemas.js` → `zod/v4/core/schemas.js`. */
export function shortSource(path: string): string {
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) return path.slice(nm + "node_modules/".length);
  return path.replace(/^(\.\.\/)+/, "").replace(/^\.\//, "");
}

export function topCosts(p: CpuProfile, by: "function" | "file", n: number, resolve: Resolve = () => null): TopCosts {
  const frameOf = new Map(p.nodes.map((x) => [x.id, x.callFrame]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    // A sample's time is the gap until the next one (the last one gets the previous gap).
    const us = p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0;
    const id = p.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, us));
  }
  const costs = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const f = frameOf.get(id);
    if (!f || f.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    costs.set(keyOf(f, by, resolve), (costs.get(keyOf(f, by, resolve)) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const entries = [...costs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, selfMs: us / 1000, pct: busyUs > 0 ? (us / busyUs) * 100 : 0 }));
  return { busyMs: busyUs / 1000, totalMs: totalUs / 1000, entries };
}

function keyOf(f: CallFrame, by: "function" | "file", resolve: Resolve): string {
  if (RUNTIME.has(f.functionName) || (!f.url && f.functionName.startsWith("("))) return f.functionName;
  const r = resolve(f);
  if (by === "file") return r ? r.file : f.url || "(native)";
  if (r) return `${r.label} — ${r.file}:${r.line}`;
  const where = f.url ? `${f.url.split("/").pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : "(native)";
  return `${f.functionName || "(anonymous)"} — ${where}`;
}
